"""The time limits of enforcement cases (declared on the procedure; overridable per region)."""

from __future__ import annotations

from fazhi.calendar.service import DayUnit
from fazhi.procedures.engine import Limit

LAW = "行政处罚法"
DECISION = Limit("cases.decision", "作出行政处罚决定期限", n=90, unit=DayUnit.CALENDAR_DAY,
                 basis=f"{LAW}第六十条（自立案之日起九十日内；法律、法规、规章另有规定的从其规定，延长须记录依据）")
HEARING_REQUEST = Limit("cases.hearing_request", "要求听证期限", n=5, unit=DayUnit.CALENDAR_DAY,
                        basis=f"{LAW}第六十四条第一项（当事人在行政机关告知后五日内提出）")
LEGAL_REVIEW = Limit("cases.legal_review", "法制审核期限", n=5, unit=DayUnit.WORKING_DAY,
                     basis=f"{LAW}第五十八条；审核时限由各地规定（通常5个工作日，可在规则中按地区调整）")
SERVICE = Limit("cases.service", "送达行政处罚决定书期限", n=7, unit=DayUnit.CALENDAR_DAY,
                basis=f"{LAW}第六十一条（当事人不在场的，七日内送达）")
PUBLICITY = Limit("cases.publicity", "行政处罚决定公示期限", n=7, unit=DayUnit.WORKING_DAY,
                  basis=f"{LAW}第四十八条；国办发〔2018〕118号（作出决定之日起7个工作日内公开）")
OTHER_PUBLICITY = Limit("cases.publicity.other", "其他行政执法决定公示期限", n=20, unit=DayUnit.WORKING_DAY,
                        basis="国办发〔2018〕118号（其他行政执法决定20个工作日内公开）")
WITHDRAWAL = Limit("cases.withdrawal", "撤下已公示决定期限", n=3, unit=DayUnit.WORKING_DAY,
                   basis=f"{LAW}第四十八条（决定被依法变更、撤销、确认违法或者确认无效的，三日内撤回公开信息）；"
                         "国办发〔2018〕118号（3个工作日）")

# 行政许可法: its periods are working days (第八十二条).
LICENCE_DECISION = Limit("cases.licence.decision", "作出行政许可决定期限", n=20, unit=DayUnit.WORKING_DAY,
                         basis="行政许可法第四十二条（自受理之日起二十日内；以工作日计算，第八十二条；"
                               "听证、检验、检测、专家评审等时间不计算在内，第四十五条）")
LICENCE_EXTENSION = Limit("cases.licence.extension", "行政许可决定期限最长延长", n=10, unit=DayUnit.WORKING_DAY,
                          basis="行政许可法第四十二条（经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人）")
LICENCE_PUBLICITY = Limit("cases.licence.publicity", "行政许可决定公示期限", n=7, unit=DayUnit.WORKING_DAY,
                          basis="国办发〔2018〕118号（行政许可、行政处罚的执法决定信息自作出决定之日起7个工作日内公开）")
# 行政强制法: 30 days are calendar days (only periods of ten days or less are working days, 第六十九条).
MEASURE_TERM = Limit("cases.measure.term", "查封、扣押、冻结期限", n=30, unit=DayUnit.CALENDAR_DAY,
                     basis="行政强制法第二十五条、第三十二条（不得超过三十日；情况复杂的，经行政机关负责人批准可以延长，"
                           "延长期限不得超过三十日）")
MEASURE_EXTENSION = Limit("cases.measure.extension", "查封、扣押、冻结期限最长延长", n=30, unit=DayUnit.CALENDAR_DAY,
                          basis="行政强制法第二十五条第一款、第三十二条第一款（延长期限不得超过三十日，并书面告知当事人理由）")
EMERGENCY_REPORT = Limit("cases.measure.emergency", "当场实施强制措施后报告并补办批准期限", n=1,
                         unit=DayUnit.CALENDAR_DAY,
                         basis="行政强制法第十九条（情况紧急当场实施的，二十四小时内向行政机关负责人报告，并补办批准手续）")

ALL = [DECISION, HEARING_REQUEST, LEGAL_REVIEW, SERVICE, PUBLICITY, OTHER_PUBLICITY, WITHDRAWAL,
       LICENCE_DECISION, LICENCE_EXTENSION, LICENCE_PUBLICITY, MEASURE_TERM, MEASURE_EXTENSION, EMERGENCY_REPORT]

# Per act type: the limit within which the case is decided (inspections have none) and the most its
# extension may add (None: the law sets no cap, the extension's basis is recorded), and the publicity
# limit (国办发〔2018〕118号: 7 working days for licences and penalties, 20 for other decisions).
DECISION_LIMITS = {"penalty": DECISION, "licensing": LICENCE_DECISION, "coercion": MEASURE_TERM}
EXTENSION_CAPS = {"licensing": LICENCE_EXTENSION, "coercion": MEASURE_EXTENSION}
PUBLICITY_LIMITS = {"penalty": PUBLICITY, "licensing": LICENCE_PUBLICITY, "coercion": OTHER_PUBLICITY,
                    "inspection": OTHER_PUBLICITY}


def resolved(case: object, limit: Limit, cache: dict | None = None):  # noqa: ANN201 - a ResolvedLimit
    """The limit in force for the case's body (region overrides win). `cache`: a dict kept by a bulk
    caller (an import, the demo) so each limit is resolved once per unit, not once per case."""
    from fazhi.procedures.selectors import resolve_limit

    if cache is None:
        return resolve_limit(limit, unit=case.body.unit)
    key = ("limit", limit.key, case.body.unit_id)
    if key not in cache:
        cache[key] = resolve_limit(limit, unit=case.body.unit)
    return cache[key]
