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

ALL = [DECISION, HEARING_REQUEST, LEGAL_REVIEW, SERVICE, PUBLICITY, OTHER_PUBLICITY, WITHDRAWAL]


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
