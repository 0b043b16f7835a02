"""Import kind `enforcement_cases`: an existing case ledger (执法案件台账), one row per case.

A row records a case's history as it happened (dated steps), not the procedure again: the state is
the last step with a date (per act type: penalty, licence, compulsory measure, inspection), and the due
dates (90 days / 20 working days / the 30-day term to decide; 7 or 20 working days to publish) are
computed by the same model methods the procedure uses, so the figures come out the same whichever
way a case arrived (tests/test_imports.py compares them figure by figure). The rules of a registered
case hold: a known body the importer handles, two officers with certificates valid on the
registration date, dates in order, validated ID numbers and credit codes. Any bad row: nothing saved.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.cases import services
from fazhi.cases.models import (
    WRITERS,
    ActType,
    EnforcementCase,
    MeasureKind,
    Outcome,
    PartyKind,
    RecordedAct,
    ReviewConclusion,
    join_acts,
)
from fazhi.core import access
from fazhi.core.access import Role
from fazhi.core.validators import CREDIT_CODE_CHARS, make_credit_code
from fazhi.enforcement.models import EnforcementBody, EnforcementItem, EnforcementOfficer
from fazhi.imports.fields import SpreadsheetDateField
from fazhi.imports.registry import Column, ImportContext, ImportKind, Row, register

_CREDIT_CODE = re.compile(f"[{CREDIT_CODE_CHARS}]{{18}}")
YES_NO = ((True, _("是")), (False, _("否")))
IMPORTERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER})
DATE_FIELDS = ("registered_on", "notified_on", "hearing_held_on", "reviewed_on", "discussed_on", "decided_on",
               "served_on", "published_on", "publication_withdrawn_on", "executed_on", "closed_on", "approved_on",
               "imposed_on", "inspected_on")


class CaseLookups(ImportContext):
    """Bodies the importer handles, their items and officers, and the file's own case numbers (cached)."""

    def __init__(self, user: Any):
        super().__init__(user)
        self._bodies: dict[str, list[EnforcementBody]] = {}
        self._officers: dict[int, dict[str, EnforcementOfficer]] = {}
        self._items: dict[int, dict[str, EnforcementItem]] = {}
        self.numbers: dict[tuple[int, str], int] = {}
        self.cache: dict = {}  # checks and limits done once per file (services.save_imported_case)

    def body(self, ref: str) -> tuple[EnforcementBody | None, str]:
        if ref not in self._bodies:
            bodies = EnforcementBody.objects.visible_to(self.user).filter(
                unit__in=access.writable_units(self.user, WRITERS)).select_related("unit")
            key = {"unit__credit_code": ref.upper()} if _CREDIT_CODE.fullmatch(ref.upper()) else {"unit__name": ref}
            self._bodies[ref] = list(bodies.filter(**key))
        found = self._bodies[ref]
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, gettext("找不到执法主体“%(ref)s”：请填写已登记执法主体的单位全称或统一社会信用代码，"
                                 "且须是您可办理案件的主体。") % {"ref": ref}
        return None, gettext("有多个名为“%(ref)s”的执法主体，请改填其统一社会信用代码。") % {"ref": ref}

    def officers(self, body: EnforcementBody) -> dict[str, EnforcementOfficer]:
        if body.pk not in self._officers:
            self._officers[body.pk] = {o.certificate_number: o for o in EnforcementOfficer.objects.visible_to(
                self.user).filter(body=body)}
        return self._officers[body.pk]

    def items(self, body: EnforcementBody) -> dict[str, EnforcementItem]:
        if body.pk not in self._items:
            self._items[body.pk] = {i.code: i for i in EnforcementItem.objects.visible_to(self.user).filter(body=body)}
        return self._items[body.pk]


class LookedUp(forms.Field):
    """A value already looked up through the access layer by to_form_data."""

    def to_python(self, value: Any) -> Any:
        return value


def _date() -> SpreadsheetDateField:
    return SpreadsheetDateField(required=False)


class CaseRowForm(forms.Form):
    """One ledger row: the cells parsed; the model and the service check the case itself."""

    number = forms.CharField(label=_("案件编号"))
    body = LookedUp(label=_("执法主体"))
    item = LookedUp(label=_("执法事项编码"), required=False)
    act_type = forms.ChoiceField(choices=ActType.choices, required=False)
    party_kind = forms.ChoiceField(choices=PartyKind.choices, required=False)
    party_name = forms.CharField(label=_("当事人"))
    party_id_number = forms.CharField(required=False)
    party_credit_code = forms.CharField(required=False)
    cause = forms.CharField(label=_("案由"))
    officers = LookedUp(label=_("承办人员执法证号"), required=False)  # the service: at least two
    major = forms.NullBooleanField(required=False)
    hearing_right = forms.NullBooleanField(required=False)
    recorded_acts = forms.MultipleChoiceField(choices=RecordedAct.choices, required=False)
    audio_video_recorded = forms.NullBooleanField(required=False)
    review_conclusion = forms.ChoiceField(choices=[("", "")] + ReviewConclusion.choices, required=False)
    outcome = forms.ChoiceField(choices=[("", "")] + Outcome.choices, required=False)
    fine_amount = forms.DecimalField(required=False, min_value=Decimal(0), max_digits=14, decimal_places=2,
                                     error_messages={"invalid": _("罚款金额应为数字（元），如 5000 或 5000.00。")})
    other_penalties = forms.CharField(required=False)
    confiscation_value = forms.DecimalField(required=False, min_value=Decimal(0), max_digits=14, decimal_places=2,
                                            error_messages={"invalid": _("没收金额应为数字（元）。")})
    measure_kind = forms.ChoiceField(choices=[("", "")] + MeasureKind.choices, required=False)
    extension_days = forms.IntegerField(required=False, min_value=0, max_value=365)
    extension_basis = forms.CharField(required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in DATE_FIELDS:
            self.fields[name] = SpreadsheetDateField(required=name == "registered_on")


def case_form_data(row: Row, ctx: CaseLookups) -> dict[str, Any]:
    data = dict(row.values)
    data["body"] = data["item"] = data["officers"] = None
    body = None
    ref = str(row["body"]).strip()
    if ref:
        body, message = ctx.body(ref)
        if body is None:
            row.error("body", message)
        data["body"] = body
    if body is not None:
        code = str(row["item"] or "").strip()
        if code:
            data["item"] = ctx.items(body).get(code)
            if data["item"] is None:
                row.error("item", gettext("执法主体“%(body)s”没有编码为“%(code)s”的执法事项。") % {
                    "body": body.name, "code": code})
        numbers = [n.strip() for n in re.split(r"[、，,;；\s]+", str(row["officers"] or "")) if n.strip()]
        known = ctx.officers(body)
        missing = [n for n in numbers if n not in known]
        if missing:
            row.error("officers", gettext("执法主体“%(body)s”没有执法证号为“%(n)s”的执法人员。") % {
                "body": body.name, "n": "、".join(missing)})
        data["officers"] = [known[n] for n in numbers if n in known]
        number = str(row["number"]).strip()
        first = ctx.numbers.setdefault((body.pk, number), row.number)
        if number and first != row.number:
            row.error("number", gettext("案件编号“%(n)s”与第 %(row)d 行重复：同一执法主体的案件编号不得重复。") % {
                "n": number, "row": first})
    acts = str(row["recorded_acts"] or "")
    labels = {str(label): value for value, label in RecordedAct.choices}
    parts = [p.strip() for p in re.split(r"[、，,;；]+", acts) if p.strip()]
    unknown = [p for p in parts if p not in labels and p not in RecordedAct.values]
    if unknown:
        row.error("recorded_acts", gettext("“%(v)s”不是可选的执法环节（可选：%(allowed)s）。") % {
            "v": "、".join(unknown), "allowed": "、".join(str(lab) for _v, lab in RecordedAct.choices)})
    data["recorded_acts"] = [labels.get(p, p) for p in parts if p not in unknown]
    return data


def save_case_row(form: CaseRowForm, ctx: CaseLookups) -> EnforcementCase:
    c = form.cleaned_data
    case = EnforcementCase(
        body=c["body"], number=c["number"].strip(), item=c["item"], act_type=c["act_type"] or ActType.PENALTY,
        party_kind=c["party_kind"] or PartyKind.ORGANISATION, party_name=c["party_name"],
        party_id_number=c["party_id_number"], party_credit_code=c["party_credit_code"], cause=c["cause"],
        major=bool(c["major"]), hearing_right=bool(c["hearing_right"]),
        recorded_acts=join_acts(c["recorded_acts"]), audio_video_recorded=bool(c["audio_video_recorded"]),
        review_conclusion=c["review_conclusion"], outcome=c["outcome"], fine_amount=c["fine_amount"],
        other_penalties=c["other_penalties"], extension_days=c["extension_days"] or 0,
        confiscation_value=c["confiscation_value"], measure_kind=c["measure_kind"] or "",
        extension_basis=c["extension_basis"], **{name: c[name] for name in DATE_FIELDS})
    if case.extension_days and not case.extension_basis.strip():
        from django.core.exceptions import ValidationError

        raise ValidationError({"extension_basis": gettext("填写延长天数的，须填写延长依据（行政处罚法第六十条）。")})
    return services.save_imported_case(actor=ctx.user, case=case, officers=c["officers"] or [], cache=ctx.cache)


ENFORCEMENT_CASES = register(ImportKind(
    key="enforcement_cases",
    label=_("行政执法案件台账"),
    description=_("迁移已有的执法案件台账：每行一件案件及其已发生的办理经历（各环节日期）。状态按最后一个有日期的环节确定；"
                  "作出决定期限、公示期限与在平台上办理的案件口径一致。承办人员不少于两人且立案时执法证有效。"),
    columns=(
        Column("案件编号", "number", required=True, example="示市监罚〔2025〕12号",
               help=_("同一执法主体的案件编号不得重复。")),
        Column("执法主体", "body", required=True, example="示范市市场监督管理局",
               help=_("已登记执法主体的单位全称或统一社会信用代码。")),
        Column("案由", "cause", required=True, example="未取得食品经营许可从事食品销售"),
        Column("立案日期", "registered_on", required=True, example="2025-03-03"),
        Column("决定日期", "decided_on", example="2025-04-15", help=_("不得早于立案日期。")),
        Column("是否重大", "major", example="否", choices=YES_NO,
               help=_("属于重大执法决定的填“是”（行政处罚法第五十八条）。")),
        Column("法制审核日期", "reviewed_on", example="", help=_("不得晚于决定日期。")),
        Column("法制审核结论", "review_conclusion", example="", choices=ReviewConclusion.choices),
        Column("罚款金额", "fine_amount", example="20000", help=_("单位：元。")),
        Column("公示日期", "published_on", example="2025-04-22"),
        Column("结案日期", "closed_on", example="2025-05-10"),
        Column("承办人员执法证号", "officers", required=True, example="99010020250001、99010020250002",
               help=_("不少于两人，以顿号分隔；须是该执法主体在立案日期持有效执法证的人员（行政处罚法第四十二条）。")),
        Column("执法事项编码", "item", example="", help=_("执法主体权力清单中的事项编码。")),
        Column("行为类别", "act_type", example=str(ActType.PENALTY.label), choices=ActType.choices,
               help=_("留空为行政处罚。")),
        Column("当事人类型", "party_kind", example=str(PartyKind.ORGANISATION.label), choices=PartyKind.choices),
        Column("当事人", "party_name", required=True, example="示范市某食品有限公司"),
        Column("当事人身份证号", "party_id_number", example="", help=_("当事人为自然人时填写。")),
        Column("统一社会信用代码", "party_credit_code", example=make_credit_code("990100", 801),
               help=_("当事人为法人或其他组织时填写。")),
        Column("告知日期", "notified_on", example="2025-04-01"),
        Column("告知听证权利", "hearing_right", example="否", choices=YES_NO,
               help=_("拟作出的处罚属于行政处罚法第六十三条情形的，平台自动认定为应告知。")),
        Column("听证日期", "hearing_held_on", example=""),
        Column("集体讨论日期", "discussed_on", example=""),
        Column("须音像记录的环节", "recorded_acts", example="调查取证",
               help=_("以顿号分隔：现场执法、调查取证、听证、容易引发争议的送达、查封扣押（全程不间断记录）。")),
        Column("有音像记录", "audio_video_recorded", example="是", choices=YES_NO),
        Column("处理结果", "outcome", example=str(Outcome.PENALTY.label), choices=Outcome.choices,
               help=_("已作出决定的必填。")),
        Column("其他处罚种类", "other_penalties", example=""),
        Column("延长天数", "extension_days", example="", help=_("决定期限经批准延长的天数。")),
        Column("延长依据", "extension_basis", example=""),
        Column("送达日期", "served_on", example="2025-04-16"),
        Column("执行日期", "executed_on", example="2025-05-06"),
        Column("撤下公示日期", "publication_withdrawn_on", example="",
               help=_("决定被变更、撤销后撤下公示的日期。")),
        Column("没收金额", "confiscation_value", example="",
               help=_("没收违法所得、非法财物价值（元）；与罚款金额一起确定是否应告知听证权利（行政处罚法第六十三条）。")),
        Column("强制措施种类", "measure_kind", example="", choices=MeasureKind.choices,
               help=_("行政强制案件必填。")),
        Column("批准日期", "approved_on", example="", help=_("行政强制：负责人批准实施强制措施的日期（含紧急实施后补办）。")),
        Column("实施强制措施日期", "imposed_on", example="", help=_("行政强制：查封、扣押、冻结期限自该日起算。")),
        Column("检查日期", "inspected_on", example="", help=_("行政检查：实施检查的日期。")),
    ),
    form_class=CaseRowForm,
    to_form_data=case_form_data,
    save=save_case_row,
    context=CaseLookups,
    roles=IMPORTERS,
    non_field_column="案件编号",
))
