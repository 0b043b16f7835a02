"""Scoring rules of leaf indicators, written as short Chinese text so the office can type them in the
browser and in the Excel import alike:

    比例                    full marks at 100%, proportional below (rates only): 95% → 0.95 × points
    线性 60-100             0 at or below 60, full marks at or above 100, linear in between
    阶梯 95:100%; 80:60%    at least 95 → 100% of the points, at least 80 → 60%, otherwise 0
    每项扣 2                2 points off per item counted (a count figure, or the deduction list), not below 0

A rate's value is its percentage (0–100); a count's or sum's value is the number itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from fazhi.figures import registry

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
_NUMBER = r"(-?\d+(?:\.\d+)?)"
_SEPARATORS = re.compile(r"[;；,，、]")


@dataclass(frozen=True)
class Rule:
    kind: str  # ratio / linear / thresholds / per_item
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    steps: tuple[tuple[Decimal, Decimal], ...] = ()  # (at least, share of points), highest first
    per_item: Decimal = Decimal(0)

    def score(self, points: Decimal, value: Decimal) -> Decimal:
        """The points earned for `value` (a percentage for rates, else the number)."""
        if self.kind == "ratio":
            share = min(max(value, Decimal(0)), HUNDRED) / HUNDRED
        elif self.kind == "linear":
            if value <= self.low:
                share = Decimal(0)
            elif value >= self.high:
                share = Decimal(1)
            else:
                share = (value - self.low) / (self.high - self.low)
        elif self.kind == "thresholds":
            share = next((s for at_least, s in self.steps if value >= at_least), Decimal(0))
        else:  # per_item
            return max(points - self.per_item * value, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
        return (points * share).quantize(CENT, ROUND_HALF_UP)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None


def parse(text: str) -> Rule:
    """The rule written in `text`; ValidationError (Chinese, naming the syntax) when it is not one."""
    raw = (text or "").strip()
    compact = raw.replace(" ", "").replace("\u3000", "")
    bad = ValidationError(gettext(
        "评分规则“%(rule)s”无法识别。可用写法：“比例”；“线性 60-100”；“阶梯 95:100%%; 80:60%%”；“每项扣 2”。")
        % {"rule": raw})
    if compact in ("比例", "按比例"):
        return Rule("ratio")
    m = re.fullmatch(rf"线性{_NUMBER}[-－~～至]{_NUMBER}", compact)
    if m:
        low, high = Decimal(m[1]), Decimal(m[2])
        if low >= high:
            raise ValidationError(gettext("评分规则“%(rule)s”：线性区间的下限应小于上限。") % {"rule": raw})
        return Rule("linear", low=low, high=high)
    m = re.fullmatch(rf"每项扣{_NUMBER}分?", compact)
    if m:
        per = Decimal(m[1])
        if per <= 0:
            raise ValidationError(gettext("评分规则“%(rule)s”：每项扣分应大于0。") % {"rule": raw})
        return Rule("per_item", per_item=per)
    if compact.startswith("阶梯"):
        steps = []
        for part in filter(None, _SEPARATORS.split(compact[2:])):
            m = re.fullmatch(rf"(?:>=|≥)?{_NUMBER}[:：]{_NUMBER}(%|％)?", part)
            if not m:
                raise bad
            share = Decimal(m[2]) / HUNDRED if m[3] else Decimal(m[2])
            if not Decimal(0) <= share <= Decimal(1):
                raise ValidationError(gettext("评分规则“%(rule)s”：得分比例应在0%%至100%%之间。") % {"rule": raw})
            steps.append((Decimal(m[1]), share))
        if not steps:
            raise bad
        return Rule("thresholds", steps=tuple(sorted(steps, key=lambda s: s[0], reverse=True)))
    raise bad


def check(*, method: str, figure_key: str, rule: str, standard: str) -> Rule | None:
    """Whether a leaf's scoring fields fit its method; ValidationError keyed by field otherwise."""
    from fazhi.assessment.models import Method

    errors: dict[str, list[str]] = {}
    parsed = None
    if method == Method.COMPUTED:
        figure = None
        if not figure_key:
            errors["figure_key"] = [gettext("“数据自动”指标须填写数据指标代码。")]
        else:
            try:
                figure = registry.get(figure_key)
            except registry.UnknownFigure:
                errors["figure_key"] = [gettext(
                    "数据指标代码“%(key)s”不存在：请填写“统计指标”页面列出的代码。") % {"key": figure_key}]
        if not rule:
            errors["rule"] = [gettext("“数据自动”指标须填写评分规则。")]
        else:
            try:
                parsed = parse(rule)
            except ValidationError as exc:
                errors["rule"] = exc.messages
            else:
                if figure is not None and parsed.kind == "ratio" and not figure.is_rate:
                    errors["rule"] = [gettext(
                        "“比例”规则只适用于比率类数据指标，“%(label)s”不是比率。") % {"label": figure.label}]
    else:
        if figure_key:
            errors["figure_key"] = [gettext("只有“数据自动”指标才引用数据指标代码。")]
        if not (standard or "").strip():
            errors["standard"] = [gettext("“%(m)s”指标须写明评分标准。") % {
                "m": gettext("材料评分") if method == Method.EVIDENCE else gettext("扣分")}]
        if method == Method.DEDUCTION:
            try:
                parsed = parse(rule) if rule else None
            except ValidationError as exc:
                errors["rule"] = exc.messages
            if parsed is None and "rule" not in errors:
                errors["rule"] = [gettext("“扣分”指标须填写评分规则，如“每项扣 2”。")]
            elif parsed is not None and parsed.kind != "per_item":
                errors["rule"] = [gettext("“扣分”指标的评分规则应为“每项扣 N”。")]
        elif rule:
            errors["rule"] = [gettext("“材料评分”指标由评审人员按评分标准打分，不填评分规则。")]
    if errors:
        raise ValidationError(errors)
    return parsed


def figure_number(value: registry.FigureValue) -> Decimal | None:
    """The number a rule reads: the percentage for rates and reductions, else the value."""
    if value.value is None:
        return None
    if value.percent is not None:
        return value.percent
    return Decimal(str(value.value))
