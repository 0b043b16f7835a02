"""The dashboard's pickers: region, year and period, and the figures of the trend and comparison."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Region
from fazhi.dashboard import periods, selectors
from fazhi.figures import registry
from fazhi.figures.forms import PICKER_MAX_LEVEL, default_region_code
from fazhi.procedures import clock

YEARS_BACK = 6


class DashboardForm(forms.Form):
    region = forms.ChoiceField(label=_("区划"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    period = forms.ChoiceField(label=_("期间"), required=False)
    trend = forms.ChoiceField(label=_("趋势指标"), required=False)
    compare = forms.ChoiceField(label=_("对比指标"), required=False)
    sort = forms.ChoiceField(label=_("对比排序"), required=False, choices=[
        ("", _("按名称")), ("-value", _("数值从高到低")), ("value", _("数值从低到高"))])

    def __init__(self, data: Any = None, *, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(data, **kwargs)
        regions = list(Region.objects.visible_to(user).filter(level__lte=PICKER_MAX_LEVEL)
                       .only("code", "name", "level").order_by("code"))
        self.regions = {r.code: r for r in regions}
        self.fields["region"].choices = [(r.code, "\u3000" * (r.level - 1) + r.name) for r in regions]
        this_year = clock.today().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - YEARS_BACK, -1)]
        self.fields["period"].choices = periods.choices()
        self.fields["trend"].choices = [(f.key, str(f.label)) for f in selectors.trend_choices()]
        self.fields["compare"].choices = [(f.key, str(f.label)) for f in selectors.compare_choices()]
        for name in ("region", "year", "period", "trend", "compare", "sort"):
            self.fields[name].widget.attrs["onchange"] = "this.form.submit()"
        self.fields["region"].error_messages["invalid_choice"] = gettext("区划不存在或您无权查看。")

    @classmethod
    def from_query(cls, query: Any, *, user: Any) -> DashboardForm:
        """Bind GET parameters with the defaults: the user's own region (else the highest they may
        see), this year, the whole year, the default trend and comparison figures."""
        data = query.copy()
        form = cls(None, user=user)
        defaults = {
            "region": default_region_code(user) or next(iter(sorted(
                form.regions.values(), key=lambda r: (r.level, r.code))), Region(code="")).code,
            "year": str(clock.today().year), "period": periods.YEAR,
            "trend": _default(form.fields["trend"], selectors.TREND_DEFAULT),
            "compare": _default(form.fields["compare"], selectors.COMPARE_DEFAULT),
        }
        for name, value in defaults.items():
            if not data.get(name):
                data[name] = value
        return cls(data, user=user)

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region")
        return self.regions.get(code) if code else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("year") and not self.errors:
            data["period_obj"] = periods.Period.parse(data["year"], data.get("period") or periods.YEAR)
        return data

    @property
    def chosen_period(self) -> periods.Period:
        return self.cleaned_data["period_obj"]

    def figure(self, name: str) -> registry.Figure:
        return registry.get(self.cleaned_data[name])


def _default(field: forms.ChoiceField, preferred: str) -> str:
    keys = [k for k, _label in field.choices]
    return preferred if preferred in keys else (keys[0] if keys else "")
