"""The time limits of normative documents (declared on the procedure; overridable per region)."""

from __future__ import annotations

import datetime
from calendar import monthrange
from typing import Any

from fazhi.calendar import service as calendar
from fazhi.calendar.service import DayUnit
from fazhi.procedures.engine import Limit

COMMENT_MARKET = Limit(
    "rulemaking.comment.market", "涉及市场主体的文件征求意见期", n=30, unit=DayUnit.CALENDAR_DAY,
    basis="优化营商环境条例第六十二条")
COMMENT_OTHER = Limit(
    "rulemaking.comment.other", "其他文件征求意见期", n=7, unit=DayUnit.WORKING_DAY,
    basis="法治政府建设示范指标体系第24项")
LEGALITY_REVIEW = Limit(
    "rulemaking.legality_review", "合法性审核期限", n=15, unit=DayUnit.WORKING_DAY,
    basis="国办发〔2018〕115号（审核时限由各地规定）")
EFFECT_DELAY = Limit(
    "rulemaking.effect_delay", "公布至施行的间隔", n=30, unit=DayUnit.CALENDAR_DAY,
    basis="国办发〔2018〕37号及地方规定（自公布之日起30日后施行）")
FILING = Limit(
    "rulemaking.filing", "报送备案期限", n=30, unit=DayUnit.CALENDAR_DAY,
    basis="法规规章备案审查条例第四条及地方备案规定")
REFILING = Limit(
    "rulemaking.refiling", "补充或重新报送备案期限", n=15, unit=DayUnit.CALENDAR_DAY,
    basis="法规规章备案审查条例第九条")
VALIDITY = Limit("rulemaking.validity", "有效期", n=5, unit=DayUnit.YEAR, basis="国办发〔2018〕37号及地方规定")
VALIDITY_PROVISIONAL = Limit(
    "rulemaking.validity.provisional", "暂行、试行文件有效期", n=2, unit=DayUnit.YEAR,
    basis="国办发〔2018〕37号及地方规定")

FILING_REVIEW = Limit(
    "rulemaking.filing_review", "备案审查期限", n=30, unit=DayUnit.CALENDAR_DAY,
    basis="地方规范性文件备案审查规定（通常为30日，可延长20日）")
CORRECTION = Limit(
    "rulemaking.correction", "纠正期限", n=30, unit=DayUnit.CALENDAR_DAY,
    basis="备案审查机关确定的纠正期限（地方规范性文件备案审查规定）")
EVALUATION = Limit(
    "rulemaking.evaluation", "有效期届满前评估", n=6, unit=DayUnit.MONTH,
    basis="国办发〔2018〕37号及地方规定（有效期届满前6个月内评估）")

ALL = [COMMENT_MARKET, COMMENT_OTHER, LEGALITY_REVIEW, EFFECT_DELAY, FILING, REFILING, VALIDITY,
       VALIDITY_PROVISIONAL, FILING_REVIEW, CORRECTION, EVALUATION]

FAIR_COMPETITION_BASIS = "公平竞争审查条例（2024）第八条至第十二条、第十八条"
# The review standards of 公平竞争审查条例 arts. 8–11: (key, article, text). A draft containing any of
# them may be issued only under an art. 12 exception (art. 18).
FAIR_COMPETITION_ITEMS: list[tuple[str, str, str]] = [
    ("8.1", "第八条第一项", "对市场准入负面清单以外的行业、领域、业务等违法设置审批程序"),
    ("8.2", "第八条第二项", "违法设置或者授予特许经营权"),
    ("8.3", "第八条第三项", "限定经营、购买或者使用特定经营者提供的商品或者服务"),
    ("8.4", "第八条第四项", "设置不合理或者歧视性的准入、退出条件"),
    ("8.5", "第八条第五项", "其他限制或者变相限制市场准入和退出的内容"),
    ("9.1", "第九条第一项", "限制外地或者进口商品、要素进入本地市场，或者阻碍本地经营者迁出，商品、要素输出"),
    ("9.2", "第九条第二项", "排斥、限制、强制或者变相强制外地经营者在本地投资经营或者设立分支机构"),
    ("9.3", "第九条第三项", "排斥、限制或者变相限制外地经营者参加本地政府采购、招标投标"),
    ("9.4", "第九条第四项", "对外地或者进口商品、要素设置歧视性收费项目、收费标准、价格或者补贴"),
    ("9.5", "第九条第五项", "在资质标准、监管执法等方面对外地经营者在本地投资经营设置歧视性要求"),
    ("9.6", "第九条第六项", "其他限制商品、要素自由流动的内容"),
    ("10.1", "第十条第一项", "给予特定经营者税收优惠"),
    ("10.2", "第十条第二项", "给予特定经营者选择性、差异化的财政奖励或者补贴"),
    ("10.3", "第十条第三项", "给予特定经营者要素获取、行政事业性收费、政府性基金、社会保险费等方面的优惠"),
    ("10.4", "第十条第四项", "其他影响生产经营成本的内容"),
    ("11.1", "第十一条第一项", "强制或者变相强制经营者实施垄断行为，或者为经营者实施垄断行为提供便利条件"),
    ("11.2", "第十一条第二项", "超越法定权限制定政府指导价、政府定价，为特定经营者提供优惠价格"),
    ("11.3", "第十一条第三项", "违法干预实行市场调节价的商品、要素的价格水平"),
    ("11.4", "第十一条第四项", "其他影响生产经营行为的内容"),
]
FAIR_COMPETITION_KEYS = frozenset(key for key, _, _ in FAIR_COMPETITION_ITEMS)


def resolved(document: Any, limit: Limit) -> calendar.TimeLimit:
    """The limit as it applies to the document's leading unit (region overrides win)."""
    from fazhi.procedures.selectors import resolve_limit

    return resolve_limit(limit, unit=document.leading_unit).time_limit


def limit_text(document: Any, limit: Limit) -> dict[str, str]:
    tl = resolved(document, limit)
    return {"limit": tl.label(), "basis": tl.basis}


def comment_limit(document: Any) -> Limit:
    return COMMENT_MARKET if document.market_related else COMMENT_OTHER


def comment_period_complete(document: Any, closing_on: datetime.date) -> bool:
    """Whether a comment period opened on `comment_opened_on` has lasted its minimum by `closing_on`.

    The period starts the day after opening; a working-day minimum counts working days in
    (opened, closing], a calendar minimum needs closing ≥ opened + n (not moved off holidays: it is
    a minimum duration, not a deadline).
    """
    opened = document.comment_opened_on
    if opened is None:
        return False
    tl = resolved(document, comment_limit(document))
    if tl.unit == DayUnit.WORKING_DAY:
        return calendar.working_days_between(opened, closing_on) >= tl.n
    return closing_on >= calendar.nominal_end(opened, tl.n, tl.unit)


def earliest_effective_on(document: Any) -> datetime.date:
    tl = resolved(document, EFFECT_DELAY)
    return calendar.nominal_end(document.published_on, tl.n, tl.unit)


def validity_years_for(document: Any) -> int:
    tl = resolved(document, VALIDITY_PROVISIONAL if document.is_provisional else VALIDITY)
    return tl.n if tl.unit == DayUnit.YEAR else max(1, tl.n // 12)


def filing_due_on(document: Any) -> datetime.date:
    return calendar.due_date(document.published_on, resolved(document, FILING))


def expires_on(document: Any) -> datetime.date | None:
    """The last day of validity: effective date + validity years − 1 day."""
    from fazhi.rulemaking.models import add_years

    if not document.effective_on:
        return None
    years = document.validity_years or validity_years_for(document)
    return add_years(document.effective_on, years) - datetime.timedelta(days=1)


def evaluation_window_opens(document: Any) -> datetime.date | None:
    """When the evaluation before expiry starts: the limit (6 months) before expiry, so it falls due on it."""
    end = expires_on(document)
    if end is None:
        return None
    tl = resolved(document, EVALUATION)
    months = tl.n * 12 if tl.unit == DayUnit.YEAR else tl.n if tl.unit == DayUnit.MONTH else max(1, tl.n // 30)
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    day = min(end.day, monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)
