"""The time limits of normative documents (declared on the procedure; overridable per region)."""

from __future__ import annotations

import datetime
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

ALL = [COMMENT_MARKET, COMMENT_OTHER, LEGALITY_REVIEW, EFFECT_DELAY, FILING, REFILING, VALIDITY,
       VALIDITY_PROVISIONAL]


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
