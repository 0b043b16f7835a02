"""Import kind `normative_documents`: migrating an existing register (登记簿) of normative documents.

Each row is a published document. The import records its history as the procedure would have left
it (see procedures.py effects) without replaying the steps: registered_on = published_on,
filing_due_on from rules.filing_due_on (the same deadline the on-time rate uses for documents that
went through the procedure), validity and expiry as on publication, the filing review's fields as
the conform / not_conform / request_materials / refile effects set them, and the state those steps
would have reached. No transition log and no running deadlines are created; the daily job lapses and
opens evaluations for imported documents like any other.

The issuer (制定机关) is a unit the importer may change (access layer, cached per name or code)
with a confirmed drafting body (国办发〔2018〕37号). Every document is checked with the model's
full_clean (文号 format and uniqueness per drafting body, early effect without a reason, title
length) and saved through save() in the import's transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.calendar.service import NoHolidayData
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.imports.fields import SpreadsheetDateField
from fazhi.imports.kinds import TreeLookups
from fazhi.imports.registry import Column, ImportKind, Row, register
from fazhi.procedures import clock
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import (
    TITLE_MAX,
    DocumentState,
    DraftingBody,
    FilingConclusion,
    NormativeDocument,
)
from fazhi.rulemaking.services import writable_units

VALID = "valid"
# 状态 as registers write it: “有效” covers every state of a published document not yet ended.
REGISTER_STATES = (
    (VALID, _("有效")),
    (DocumentState.AMENDED.value, DocumentState.AMENDED.label),
    (DocumentState.REPEALED.value, DocumentState.REPEALED.label),
    (DocumentState.LAPSED.value, DocumentState.LAPSED.label),
)
YES_NO = ((True, _("是")), (False, _("否")))

class LookedUpField(forms.Field):
    """A unit or drafting body already looked up (through the access layer) by the kind's to_form_data."""

    def to_python(self, value: Any) -> Any:
        return value if isinstance(value, (Unit, DraftingBody)) else None


def _date_field() -> SpreadsheetDateField:
    return SpreadsheetDateField(required=False)


class RegisterRowForm(forms.Form):
    """One register row: parses the cells, then builds the document and validates it with the model.

    Field names are the model's, so that the model's errors land on the right column.
    """

    title = forms.CharField(label=_("文件名称"))
    drafting_body = LookedUpField(label=_("制定机关"))
    leading_unit = LookedUpField(label=_("起草单位"), required=False)
    document_number = forms.CharField(label=_("文号"))
    registration_number = forms.CharField(label=_("统一登记号"), required=False)
    topic = forms.CharField(label=_("主题领域"), required=False)
    market_related = forms.BooleanField(label=_("涉及市场主体"), required=False)
    validity_years = forms.IntegerField(
        label=_("有效期（年）"), required=False, min_value=1, max_value=50,
        error_messages={"invalid": _("有效期（年）应为整数年数，如 5。")})
    published_on = SpreadsheetDateField(label=_("公布日期"))
    effective_on = SpreadsheetDateField(label=_("施行日期"))
    early_effect_reason = forms.CharField(label=_("提前施行理由"), required=False)
    expires_on = _date_field()
    filed_on = _date_field()
    filing_materials_complete = forms.NullBooleanField(required=False)
    filing_conclusion = forms.ChoiceField(choices=[("", "")] + FilingConclusion.choices, required=False)
    filing_reviewed_on = _date_field()
    corrected_on = _date_field()
    state = forms.ChoiceField(choices=REGISTER_STATES)
    ended_on = _date_field()

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.document: NormativeDocument | None = None

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if len(title) > TITLE_MAX:  # the model's own message, once (not also Django's max_length one)
            raise ValidationError(gettext("文件名称不得超过%(n)d个字。") % {"n": TITLE_MAX})
        return title

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        failed = set(self.errors)
        document, errors = build_document({k: v for k, v in cleaned.items() if k not in failed}, clock.today())
        for field_name, messages in errors.items():
            for message in messages:
                self.add_error(field_name, message)
        failed |= set(errors)
        if document.leading_unit_id is None:
            failed.add("leading_unit")  # no issuer found: reported on 制定机关 already
        try:
            # Field errors are already known: the model checks the rest (format, uniqueness, early effect).
            document.full_clean(exclude=sorted(failed))
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                # The only check across fields is the 文号 uniqueness per drafting body.
                target = "document_number" if field_name == NON_FIELD_ERRORS else field_name
                if target not in self.fields:
                    target = None
                for message in messages:
                    self.add_error(target, message)
        self.document = document
        return cleaned


def _not_after_today(errors: dict[str, list[str]], field_name: str, label: str, day: Any,
                     today: datetime.date) -> None:
    if day and day > today:
        errors.setdefault(field_name, []).append(gettext("%(label)s不得晚于今天（%(today)s）。") % {
            "label": label, "today": today.isoformat()})


def build_document(values: dict[str, Any], today: datetime.date) -> tuple[NormativeDocument, dict[str, list[str]]]:
    """The document a register row describes, with the fields the procedure would have set.

    `values` holds the row's parsed cells (failed cells left out); returns the unsaved document and
    the row's errors by field (Chinese, with the rule where there is one).
    """
    errors: dict[str, list[str]] = {}

    def error(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    body = values.get("drafting_body")
    leading_unit = values.get("leading_unit") or (body.unit if body else None)
    document = NormativeDocument(
        title=values.get("title", ""), drafting_body=body, leading_unit=leading_unit,
        document_number=values.get("document_number", ""),
        registration_number=values.get("registration_number", ""), topic=values.get("topic", ""),
        market_related=bool(values.get("market_related")), validity_years=values.get("validity_years"),
        published_on=values.get("published_on"), effective_on=values.get("effective_on"),
        early_effect_reason=values.get("early_effect_reason", ""))
    published, effective = document.published_on, document.effective_on
    _not_after_today(errors, "published_on", gettext("公布日期"), published, today)

    # Registration and publication (the register and publish steps' effects).
    document.registered_on = published
    expires = document.expires_on = values.get("expires_on")
    if leading_unit is not None and published and effective:
        if document.validity_years is None:
            document.validity_years = rules.validity_years_for(document)
        document.expires_on = expires or rules.expires_on(document)
        try:
            document.filing_due_on = rules.filing_due_on(document)
        except NoHolidayData as exc:
            error("published_on", gettext("无法计算报送备案期限：%(why)s") % {"why": exc.message})
    if expires and effective and expires < effective:
        error("expires_on", gettext("有效期至不得早于施行日期（%(date)s）。") % {"date": effective.isoformat()})

    # Filing and its review (the file, conform, not_conform, request_materials and refile effects).
    filed = values.get("filed_on")
    conclusion = values.get("filing_conclusion") or ""
    materials = values.get("filing_materials_complete")
    reviewed = values.get("filing_reviewed_on")
    corrected = values.get("corrected_on")
    if filed:
        if published and filed < published:
            error("filed_on", gettext("报送备案日期不得早于公布日期（法规规章备案审查条例第四条）。"))
        _not_after_today(errors, "filed_on", gettext("报送备案日期"), filed, today)
        document.filed_on = filed
    else:
        for field_name, given, label in (("filing_conclusion", conclusion, gettext("备案审查结论")),
                                         ("filing_materials_complete", materials is not None, gettext("备案材料齐全")),
                                         ("filing_reviewed_on", reviewed, gettext("备案审查日期"))):
            if given:
                error(field_name, gettext("未填写报送备案日期的，不能填写%(label)s。") % {"label": label})
    review_done = bool(filed and (conclusion or materials is False))
    if filed and materials is True and not conclusion:
        # Only the review's conclusion records the materials as complete (备案规范率).
        error("filing_materials_complete", gettext(
            "尚无备案审查结论的，“备案材料齐全”只能填“否”（已通知补充报送）或留空。"))
    if filed and reviewed and not review_done:
        error("filing_reviewed_on", gettext("未填写备案审查结论的，不能填写备案审查日期。"))
    if review_done:
        reviewed = reviewed or filed
        if reviewed < filed:
            error("filing_reviewed_on", gettext("备案审查日期不得早于报送备案日期。"))
        _not_after_today(errors, "filing_reviewed_on", gettext("备案审查日期"), reviewed, today)
        document.filing_reviewed_on = reviewed
        document.filing_conclusion = conclusion
        # conform / not_conform record complete materials unless they were found incomplete before.
        document.filing_materials_complete = True if conclusion and materials is None else materials
        if conclusion == FilingConclusion.NOT_CONFORMING:
            document.nonconforming_on = reviewed
    if corrected:
        if conclusion != FilingConclusion.NOT_CONFORMING:
            error("corrected_on", gettext("只有备案审查结论为“不符合”的，才填写纠正日期。"))
        elif reviewed and corrected < reviewed:
            error("corrected_on", gettext("纠正日期不得早于备案审查日期（%(date)s）。") % {"date": reviewed.isoformat()})
        else:
            _not_after_today(errors, "corrected_on", gettext("纠正日期"), corrected, today)
            document.corrected_on = corrected

    # The state the steps would have reached.
    state = values.get("state")
    ended = values.get("ended_on")
    if state == VALID:
        if ended:
            error("ended_on", gettext("状态为“有效”的，不能填写失效日期。"))
        if document.expires_on and document.expires_on < today:
            error("state", gettext("有效期已届满（有效期至%(date)s），状态应为“已失效”：请核对登记簿。") % {
                "date": document.expires_on.isoformat()})
        if not filed:
            document.state = DocumentState.PUBLISHED
        elif conclusion == FilingConclusion.CONFORMING:
            document.state = DocumentState.IN_FORCE
        elif conclusion == FilingConclusion.NOT_CONFORMING:
            # Corrected and filed again: back under review (the refile step).
            document.state = DocumentState.FILED if document.corrected_on else DocumentState.CORRECTION
        elif materials is False:
            document.state = DocumentState.MATERIALS
        else:
            document.state = DocumentState.FILED
    elif state:
        document.state = state
        if "ended_on" not in values:
            pass  # the cell could not be read: already reported
        elif not ended and state == DocumentState.LAPSED and document.expires_on:
            # The daily job lapses a document the day after its last day of validity.
            ended = document.expires_on + datetime.timedelta(days=1)
            if ended > today:
                ended = None
                error("ended_on", gettext("有效期至%(date)s尚未届满：宣布失效的，须填写失效日期。") % {
                    "date": document.expires_on.isoformat()})
        elif not ended:
            error("ended_on", gettext("状态为“%(state)s”的，须填写失效日期（修改、废止或失效之日）。") % {
                "state": DocumentState(state).label})
        if ended:
            if published and ended < published:
                error("ended_on", gettext("失效日期不得早于公布日期。"))
            _not_after_today(errors, "ended_on", gettext("失效日期"), ended, today)
            document.ended_on = ended
    return document, errors


class RegisterLookups(TreeLookups):
    """The tree lookups, plus drafting bodies, writable leading units and the file's 文号 (cached per import)."""

    def __init__(self, user: Any):
        super().__init__(user)
        self._bodies: dict[int, DraftingBody | None] = {}
        self._writable: dict[int, bool] = {}
        self.numbers: dict[tuple[int, str], int] = {}  # (drafting body, 文号) → the row that used it

    def body(self, unit: Unit) -> DraftingBody | None:
        if unit.pk not in self._bodies:
            self._bodies[unit.pk] = DraftingBody.objects.visible_to(self.user).filter(unit=unit).first()
        return self._bodies[unit.pk]

    def may_lead(self, unit: Unit) -> bool:
        """Whether the importer may change documents led by this unit (the document's access anchor)."""
        if unit.pk not in self._writable:
            self._writable[unit.pk] = writable_units(self.user).filter(pk=unit.pk).exists()
        return self._writable[unit.pk]


def register_form_data(row: Row, ctx: RegisterLookups) -> dict[str, Any]:
    data = dict(row.values)
    data["drafting_body"] = data["leading_unit"] = None
    body = None
    if row["drafting_body"]:
        unit, message = ctx.unit(row["drafting_body"])
        if unit is None:
            row.error("drafting_body", message)
        else:
            body = ctx.body(unit)
            if body is None or not body.confirmed:
                row.error("drafting_body", gettext(
                    "“%(unit)s”不是已确认的制定主体，不能制定行政规范性文件（国办发〔2018〕37号）。") % {"unit": unit.name})
                body = None
            elif not ctx.may_lead(unit) and not row["leading_unit"]:
                row.error("drafting_body", gettext("您无权管理“%(unit)s”的行政规范性文件。") % {"unit": unit.name})
            data["drafting_body"] = body
    if row["leading_unit"]:
        unit, message = ctx.unit(row["leading_unit"])
        if unit is None:
            row.error("leading_unit", message)
        elif not ctx.may_lead(unit):
            row.error("leading_unit", gettext("您无权管理“%(unit)s”的行政规范性文件。") % {"unit": unit.name})
        else:
            data["leading_unit"] = unit
    number = str(row["document_number"]).strip()
    if body is not None and number:
        first = ctx.numbers.setdefault((body.pk, number), row.number)
        if first != row.number:
            row.error("document_number", gettext("文号“%(n)s”与第 %(row)d 行重复：同一制定机关的文号不得重复。") % {
                "n": number, "row": first})
    return data


def save_register_row(form: RegisterRowForm, ctx: RegisterLookups) -> NormativeDocument:
    """Save the document the form built and validated (full_clean ran in form.clean, in this transaction)."""
    document = form.document
    with acting_as(ctx.user):
        document.save()
    return document


NORMATIVE_DOCUMENTS = register(ImportKind(
    key="normative_documents",
    label=_("行政规范性文件登记簿"),
    description=_("迁移已有的行政规范性文件登记簿：每行一件已公布的文件。导入的是文件已有的经历（公布、报送备案、"
                  "备案审查、纠正、失效），不重新办理程序；报送备案期限按公布日期计算，与在平台上办理的文件口径一致。"),
    columns=(
        Column("文件名称", "title", required=True, example="示范市行政规范性文件备案审查办法",
               help=_("不超过200个字；名称含“暂行”“试行”的，有效期默认2年。")),
        Column("制定机关", "drafting_body", required=True, example="示范市司法局",
               help=_("单位全称或统一社会信用代码；须是您可管理的、已确认的制定主体（国办发〔2018〕37号）。")),
        Column("文号", "document_number", required=True, example="示司规〔2025〕3号",
               help=_("格式如：云府规〔2025〕3号；同一制定机关的文号不得重复。")),
        Column("公布日期", "published_on", required=True, example="2025-09-05",
               help=_("写成 2025-09-05，或使用 Excel 日期单元格。")),
        Column("施行日期", "effective_on", required=True, example="2025-10-05",
               help=_("一般不早于公布之日起30日；早于的须填写提前施行理由。")),
        Column("有效期至", "expires_on", example="2030-10-04",
               help=_("留空则按施行日期和有效期（一般5年，暂行、试行2年）计算。")),
        Column("报送备案日期", "filed_on", example="2025-10-09",
               help=_("未报送备案的留空；不得早于公布日期。")),
        Column("备案审查结论", "filing_conclusion", example=str(FilingConclusion.CONFORMING.label),
               choices=FilingConclusion.choices, help=_("尚未审查的留空。")),
        Column("状态", "state", required=True, example="有效", choices=REGISTER_STATES,
               help=_("有效期已届满的文件应填“已失效”。")),
        Column("备案审查日期", "filing_reviewed_on", example="2025-10-20",
               help=_("留空则按报送备案日期。")),
        Column("备案材料齐全", "filing_materials_complete", example="是", choices=YES_NO,
               help=_("备案审查机关认定备案材料是否齐全规范；有审查结论而留空的按“是”。曾通知补充报送的填“否”。")),
        Column("纠正日期", "corrected_on",
               help=_("备案审查结论为“不符合”、已纠正并重新报送的，填写纠正日期。")),
        Column("失效日期", "ended_on",
               help=_("已修改、已废止的必填；已失效的留空则为有效期至的次日。")),
        Column("提前施行理由", "early_effect_reason",
               help=_("施行日期早于公布之日起30日的必填。")),
        Column("起草单位", "leading_unit", example="示范市司法局", help=_("留空则为制定机关。")),
        Column("主题领域", "topic", example="司法行政"),
        Column("涉及市场主体", "market_related", example="否", choices=YES_NO),
        Column("统一登记号", "registration_number", example="SFSJ-2025-003"),
        # Headers lose a trailing note in brackets when read: a file's “有效期（年）” arrives as “有效期”.
        Column("有效期", "validity_years", example="5",
               help=_("年数，表头也可写作“有效期（年）”；留空：一般5年，暂行、试行2年。")),
    ),
    form_class=RegisterRowForm,
    to_form_data=register_form_data,
    save=save_register_row,
    context=RegisterLookups,
    non_field_column="文号",
))
