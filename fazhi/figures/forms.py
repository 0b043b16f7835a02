"""The cut a user asks for (region, unit, period): one form for the page, the records page and export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Region, Unit
from fazhi.core.regions import Level
from fazhi.figures import registry

# The picker lists regions down to townships; villages are reachable by typing ?region=<code>.
PICKER_MAX_LEVEL = Level.TOWNSHIP


class CutForm(forms.Form):
    region = forms.CharField(label=_("区划"), required=False, widget=forms.Select)
    start = forms.DateField(label=_("开始日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"invalid": _("请输入有效的日期，格式 YYYY-MM-DD。")})
    end = forms.DateField(label=_("结束日期"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": _("请输入有效的日期，格式 YYYY-MM-DD。")})
    unit = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(data, **kwargs)
        regions = (Region.objects.visible_to(user).filter(level__lte=PICKER_MAX_LEVEL)
                   .only("code", "name", "level").order_by("code"))
        choices = [("", gettext("全部（我可查看的范围）"))]
        choices += [(r.code, "\u3000" * (r.level - 1) + f"{r.name}（{r.code}）") for r in regions]
        self.fields["region"].widget.choices = choices

    @classmethod
    def from_query(cls, query: Any, *, user: Any) -> CutForm:
        """Bind GET parameters; a missing period means this year, a missing region the user's own."""
        data = query.copy()
        start, end = registry.this_year()
        if "start" not in data and "end" not in data:
            data["start"], data["end"] = start.isoformat(), end.isoformat()
        if "region" not in data:
            data["region"] = default_region_code(user)
        return cls(data, user=user)

    def clean_region(self) -> Region | None:
        try:
            return registry.resolve_region(self.user, self.cleaned_data.get("region"))
        except Region.DoesNotExist:
            # Missing and not visible read the same.
            raise forms.ValidationError(gettext("区划不存在或您无权查看。")) from None

    def clean_unit(self) -> Unit | None:
        try:
            return registry.resolve_unit(self.user, self.cleaned_data.get("unit"))
        except Unit.DoesNotExist:
            raise forms.ValidationError(gettext("单位不存在或您无权查看。")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", gettext("结束日期不能早于开始日期。"))
        return data

    def cut(self) -> dict[str, Any]:
        """Keyword arguments for registry.compute/compute_many/records."""
        data = self.cleaned_data
        return {"region": data.get("region"), "unit": data.get("unit"),
                "start": data.get("start"), "end": data.get("end")}

    def query_string(self) -> str:
        from django.http import QueryDict

        q = QueryDict(mutable=True)
        data = self.cleaned_data
        q["region"] = data["region"].code if data.get("region") else ""
        q["start"] = data["start"].isoformat() if data.get("start") else ""
        q["end"] = data["end"].isoformat() if data.get("end") else ""
        if data.get("unit"):
            q["unit"] = str(data["unit"].pk)
        return q.urlencode()


def default_region_code(user: Any) -> str:
    """The region of the user's own unit when they may see it, else the whole visible range."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return ""
    code = unit.region_id
    return code if Region.objects.visible_to(user).filter(code=code).exists() else ""

