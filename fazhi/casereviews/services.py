"""Writes of case-file review: keyword-only, typed, validated first, atomic and audited.

Missing and forbidden records raise Http404; invalid input raises ValidationError with Chinese messages
keyed by field, before anything is written. A failed call changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.http import Http404
from django.utils.translation import gettext

from fazhi.casereviews import letters
from fazhi.casereviews.models import (
    MANAGERS,
    FileReview,
    FileReviewScore,
    PlanState,
    ReminderLetter,
    ReviewFinding,
    ReviewPlan,
    ScoreCategory,
    ScoreSheet,
    ScoreSheetItem,
    WrongCaseAccountability,
    points_text,
)
from fazhi.casereviews.procedures import CORRECTION, EVIDENCE
from fazhi.cases.models import EnforcementCase
from fazhi.core import access, audit
from fazhi.core.access import CHANGE, VIEW, grant_q, grants_of, is_unrestricted
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit, User
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer
from fazhi.procedures import clock
from fazhi.procedures.models import Attachment, TransitionLog
from fazhi.procedures.services import add_attachment, start_deadline, transition

_save = audit.save_validated
CORRECTION_LABEL = "整改时限"


def writable_units(user: Any) -> Any:
    """Units in whose name the user may organise reviews (the office's scope)."""
    return access.writable_units(user, MANAGERS)


def _require_units(actor: Any, unit_ids: Iterable[int | None]) -> None:
    ids = {u for u in unit_ids if u is not None}
    if not ids or writable_units(actor).filter(pk__in=ids).count() != len(ids):
        raise Http404


def _sees_unit(user: Any, unit_id: int) -> bool:
    """Whether any of the user's grants covers records anchored on `unit_id` (read access)."""
    if is_unrestricted(user):
        return True
    q = Q(pk__in=[])
    for grant in grants_of(user):
        q |= grant_q(grant, "")
    return Unit.objects.filter(q, pk=unit_id).exists()


# ---- score sheets -----------------------------------------------------------------------------------


def sheet_total(sheet: ScoreSheet) -> Decimal:
    return sheet.items.aggregate(total=Sum("max_points"))["total"] or Decimal(0)


def _require_open_sheet(sheet: ScoreSheet) -> None:
    if sheet.frozen:
        raise ValidationError(gettext("评分表“%(sheet)s”已被评查计划使用，不能修改：请另建新版本。") % {"sheet": sheet})


@transaction.atomic
def save_sheet(*, actor: Any, sheet: ScoreSheet) -> ScoreSheet:
    if not sheet._state.adding:
        current = ScoreSheet.objects.get_visible_or_404(actor, CHANGE, pk=sheet.pk)
        _require_open_sheet(current)
    if sheet.unit_id is None:
        sheet.full_clean()
    _require_units(actor, [sheet.unit_id])
    return _save(actor, sheet)


def create_sheet(*, actor: Any, **fields: Any) -> ScoreSheet:
    return save_sheet(actor=actor, sheet=ScoreSheet(**fields))


@transaction.atomic
def add_sheet_item(*, actor: Any, sheet: ScoreSheet, category: str, criterion: str, max_points: Decimal,
                   basis: str = "", order: int | None = None) -> ScoreSheetItem:
    sheet = ScoreSheet.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=sheet.pk)
    _require_open_sheet(sheet)
    if order is None:
        order = (sheet.items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = ScoreSheetItem(sheet=sheet, category=category, criterion=(criterion or "").strip(),
                          max_points=max_points, basis=(basis or "").strip(), order=order)
    return _save(actor, item)


@transaction.atomic
def remove_sheet_item(*, actor: Any, item: ScoreSheetItem) -> None:
    item = ScoreSheetItem.objects.select_related("sheet").get_visible_or_404(actor, CHANGE, pk=item.pk)
    _require_open_sheet(item.sheet)
    with acting_as(actor):
        item.delete()


# The default criteria: 行政处罚法 articles where apt (corpus: 行政处罚法(2021-01-22)).
LAW = "行政处罚法"
DEFAULT_ITEMS: list[tuple[str, str, str, int]] = [
    (ScoreCategory.SUBJECT, "实施主体具有行政执法主体资格，在法定职权范围内实施行政处罚", f"{LAW}第十七条、第三十八条", 6),
    (ScoreCategory.SUBJECT, "执法人员具有行政执法资格，不少于两人，调查检查时出示执法证件", f"{LAW}第四十二条、第五十五条", 4),
    (ScoreCategory.FACTS, "违法事实清楚，当事人认定准确；事实不清、证据不足的不得给予处罚", f"{LAW}第四十条", 8),
    (ScoreCategory.FACTS, "证据确实充分，种类合法，相互印证，足以认定案件事实", f"{LAW}第四十六条", 8),
    (ScoreCategory.FACTS, "证据收集程序合法，现场检查笔录、询问笔录等要素齐全", f"{LAW}第四十六条、第五十五条", 5),
    (ScoreCategory.FACTS, "以非法手段取得的证据未作为认定案件事实的根据", f"{LAW}第四十六条", 4),
    (ScoreCategory.LAW, "适用法律、法规、规章正确，引用条款准确、具体", f"{LAW}第三十八条、第五十九条", 8),
    (ScoreCategory.LAW, "处罚种类和幅度与违法行为的事实、性质、情节及社会危害程度相当，符合裁量基准；超出基准的说明理由",
     f"{LAW}第五条、第三十四条", 8),
    (ScoreCategory.LAW, "不予处罚、从轻或者减轻处罚情形的认定和适用正确", f"{LAW}第三十条至第三十三条", 4),
    (ScoreCategory.PROCEDURE, "立案、调查取证符合规定，在法定期限内作出决定", f"{LAW}第五十四条、第六十条", 6),
    (ScoreCategory.PROCEDURE, "作出决定前告知拟处罚内容及事实、理由、依据和陈述、申辩、要求听证等权利",
     f"{LAW}第四十四条、第六十三条", 6),
    (ScoreCategory.PROCEDURE, "重大执法决定在作出前经法制审核，审核人员不是本案承办人员", f"{LAW}第五十八条", 6),
    (ScoreCategory.PROCEDURE, "对启动、调查取证、审核、决定、送达、执行进行全过程记录并归档保存", f"{LAW}第四十七条", 4),
    (ScoreCategory.PROCEDURE, "处罚决定书依法送达当事人", f"{LAW}第六十一条", 4),
    (ScoreCategory.PROCEDURE, "具有一定社会影响的处罚决定依法公开", f"{LAW}第四十八条", 4),
    (ScoreCategory.DOCUMENTS, "处罚决定书载明当事人、违法事实和证据、处罚种类和依据、履行方式和期限、救济途径等法定内容",
     f"{LAW}第五十九条", 6),
    (ScoreCategory.DOCUMENTS, "执法文书格式规范，用语准确，填写完整，签名签章齐全", "", 5),
    (ScoreCategory.DOCUMENTS, "案卷材料齐全，排列有序，装订规范，按期归档", f"{LAW}第四十七条", 4),
]
DEFAULT_NAME = "行政处罚案卷评查评分表"


@transaction.atomic
def default_sheet(*, actor: Any, unit: Unit, version: str = "通用版",
                  valid_from: datetime.date | None = None) -> ScoreSheet:
    """The office's default score sheet (100 points, bands 90/80/60), created on first use."""
    existing = ScoreSheet.objects.visible_to(actor).filter(unit=unit, name=DEFAULT_NAME, version=version).first()
    if existing is not None:
        return existing
    sheet = create_sheet(actor=actor, unit=unit, name=DEFAULT_NAME, version=version,
                         valid_from=valid_from or clock.today())
    with acting_as(actor):
        for order, (category, criterion, basis, points) in enumerate(DEFAULT_ITEMS, start=1):
            item = ScoreSheetItem(sheet=sheet, category=category, criterion=criterion, basis=basis,
                                  max_points=Decimal(points), order=order)
            item.full_clean()
            item.save()
    return sheet


@transaction.atomic
def new_sheet_version(*, actor: Any, sheet: ScoreSheet, version: str, valid_from: datetime.date) -> ScoreSheet:
    """A copy of a (frozen) sheet under a new version, open for changes."""
    sheet = ScoreSheet.objects.get_visible_or_404(actor, CHANGE, pk=sheet.pk)
    copy = create_sheet(actor=actor, unit=sheet.unit, name=sheet.name, version=version, valid_from=valid_from,
                        excellent_min=sheet.excellent_min, good_min=sheet.good_min, pass_min=sheet.pass_min)
    with acting_as(actor):
        for item in sheet.items.all():
            ScoreSheetItem.objects.create(sheet=copy, category=item.category, criterion=item.criterion,
                                          basis=item.basis, max_points=item.max_points, order=item.order)
    return copy


# ---- plans ------------------------------------------------------------------------------------------


def _check_plan_refs(actor: Any, plan: ReviewPlan, bodies: list[EnforcementBody], reviewers: list[User]) -> None:
    errors: dict[str, list[str]] = {}
    prefix = plan.office.region_prefix
    outside = [b.name for b in bodies if not b.region_id.startswith(prefix)]
    if outside:
        errors["bodies"] = [gettext("执法主体“%(names)s”不在组织单位所在区划内。") % {"names": "、".join(outside)}]
    for user in reviewers:
        if not user.is_active or not _sees_unit(user, plan.office_id):
            errors.setdefault("reviewers", []).append(gettext(
                "“%(name)s”不能担任本计划的评查人员：评查人员须是组织单位职责范围内的司法局审核人员、协调员或督察人员。") % {
                "name": user.full_name or user.username})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan(*, actor: Any, plan: ReviewPlan, bodies: Iterable[EnforcementBody] = (),
              reviewers: Iterable[User] = ()) -> ReviewPlan:
    """Create or change a plan while it is a draft (the inputs are frozen once published)."""
    body_list, reviewer_list = list(bodies), list(reviewers)
    if not plan._state.adding:
        current = ReviewPlan.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=plan.pk)
        if current.state != PlanState.DRAFT:
            raise ValidationError(gettext("评查计划已%(state)s，不能修改：抽取输入公布后计划即冻结。") % {
                "state": current.get_state_display()})
        plan.state = current.state
    if plan.office_id is None:
        plan.full_clean()
    _require_units(actor, [plan.office_id])
    if plan.sheet_id is not None and not ScoreSheet.objects.visible_to(actor).filter(pk=plan.sheet_id).exists():
        raise Http404
    plan.full_clean()
    _check_plan_refs(actor, plan, body_list, reviewer_list)
    _save(actor, plan)
    with acting_as(actor):
        plan.bodies.set(body_list)
        plan.reviewers.set(reviewer_list)
    return plan


def create_plan(*, actor: Any, bodies: Iterable[EnforcementBody] = (), reviewers: Iterable[User] = (),
                **fields: Any) -> ReviewPlan:
    return save_plan(actor=actor, plan=ReviewPlan(**fields), bodies=bodies, reviewers=reviewers)


def plan_step(*, actor: Any, plan: ReviewPlan, name: str, on: datetime.date | None = None,
              comment: str = "") -> TransitionLog:
    """A step of the plan through the engine: commit, draw, start, finish, close."""
    return transition(actor=actor, record=plan, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)


def verify_plan(plan: ReviewPlan) -> list[str]:
    from fazhi.casereviews.sampling import verify_published

    return verify_published(plan.published_draw())


# ---- scoring ----------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return None


def review_for_case(*, actor: Any, plan: ReviewPlan, case: EnforcementCase) -> FileReview:
    """The file review of a case in the plan's sample; a case not drawn is an error, not a new review."""
    plan = ReviewPlan.objects.get_visible_or_404(actor, VIEW, pk=plan.pk)
    review = FileReview.objects.filter(plan=plan, case_id=case.pk).first()
    if review is None:
        raise ValidationError({"case": gettext("案件“%(n)s”不在评查计划“%(p)s”抽取的样本中，不能评查。") % {
            "n": case.number, "p": plan.title}})
    return review


def may_score(user: Any, review: FileReview) -> bool:
    return (getattr(user, "pk", None) == review.reviewer_id and access.can_write(user)) or \
        ReviewPlan.objects.visible_to(user, CHANGE).filter(pk=review.plan_id).exists()


@transaction.atomic
def score_file(*, actor: Any, review: FileReview, points: Mapping[int, Any], notes: Mapping[int, str] | None = None,
               comments: str = "", on: datetime.date | None = None) -> FileReview:
    """Score a drawn file on every criterion of the plan's sheet; the total and grade are stored.

    Only the file's reviewer or the plan's office; only while the plan is being reviewed."""
    review = (FileReview.objects.select_for_update().select_related("plan__sheet", "case")
              .get_visible_or_404(actor, VIEW, pk=review.pk))
    plan = review.plan
    if plan.state in (PlanState.FINISHED, PlanState.CLOSED):
        raise ValidationError(gettext("评查计划“%(p)s”已%(s)s，不能修改评分。") % {
            "p": plan.title, "s": plan.get_state_display()})
    if plan.state != PlanState.REVIEWING:
        raise ValidationError(gettext("评查计划“%(p)s”尚未开始评查（当前状态：%(s)s），不能评分。") % {
            "p": plan.title, "s": plan.get_state_display()})
    if not may_score(actor, review):
        raise ValidationError(gettext("只有本案卷的评查人员或评查计划的组织单位可以评分。"))
    on = on or clock.today()
    items = list(plan.sheet.items.order_by("order", "pk"))
    known = {item.pk for item in items}
    errors: dict[str, list[str]] = {}
    if on > clock.today():
        errors["scored_on"] = [gettext("评查日期不得晚于今天（%(today)s）。") % {"today": clock.today().isoformat()}]
    elif plan.drawn_on and on < plan.drawn_on:
        errors["scored_on"] = [gettext("评查日期不得早于抽取日期（%(d)s）。") % {"d": plan.drawn_on.isoformat()}]
    unknown = [k for k in points if int(k) not in known]
    if unknown:
        errors["points"] = [gettext("评查标准%(ids)s不属于本计划的评分表。") % {"ids": "、".join(str(k) for k in unknown)}]
    values: dict[int, Decimal] = {}
    given = {int(k): v for k, v in points.items()}
    for item in items:
        value = _decimal(given.get(item.pk))
        label = gettext("第%(n)d项“%(c)s”") % {"n": item.order, "c": str(item)[len(f"{item.order}. "):]}
        if value is None:
            errors.setdefault(f"item_{item.pk}", []).append(gettext("%(item)s：请填写得分（0至%(max)s分）。") % {
                "item": label, "max": points_text(item.max_points)})
        elif value < 0:
            errors.setdefault(f"item_{item.pk}", []).append(gettext("%(item)s：得分不能为负数。") % {"item": label})
        elif value > item.max_points:
            errors.setdefault(f"item_{item.pk}", []).append(gettext(
                "%(item)s：得分（%(v)s分）超过该项分值（%(max)s分）。") % {
                "item": label, "v": points_text(value), "max": points_text(item.max_points)})
        else:
            values[item.pk] = value
    if errors:
        raise ValidationError(errors)
    notes = {int(k): (v or "").strip()[:200] for k, v in (notes or {}).items()}
    existing = {s.item_id: s for s in review.scores.all()}
    with acting_as(actor):
        for item in items:
            score = existing.get(item.pk) or FileReviewScore(review=review, item=item)
            if score.pk is None or score.points != values[item.pk] or score.note != notes.get(item.pk, ""):
                score.points, score.note = values[item.pk], notes.get(item.pk, "")
                score.save()
    review.total = sum(values.values(), Decimal(0))
    review.grade = plan.sheet.grade_for(review.total)
    review.comments = (comments or "").strip()
    review.scored_on = on
    review.scored_by = actor if getattr(actor, "pk", None) else None
    with acting_as(actor):
        review.save()
    return review


# ---- findings ---------------------------------------------------------------------------------------


@transaction.atomic
def return_finding(*, actor: Any, review: FileReview, category: str, text: str, due_on: datetime.date | None,
                   requirement: str = "", returned_on: datetime.date | None = None) -> ReviewFinding:
    """Return a problem found in a scored file to its body with a correction deadline (an assigned
    deadline: it shows on the body's home page as due soon / overdue)."""
    review = (FileReview.objects.select_related("plan", "body", "case")
              .get_visible_or_404(actor, VIEW, pk=review.pk))
    if not ReviewPlan.objects.visible_to(actor, CHANGE).filter(pk=review.plan_id).exists():
        raise Http404  # the office returns findings
    if review.plan.state == PlanState.CLOSED:
        raise ValidationError(gettext("评查计划已结束，不能再反馈问题。"))
    if not review.scored:
        raise ValidationError(gettext("案卷“%(n)s”尚未评分：先评分，再反馈发现的问题。") % {"n": review.case.number})
    returned_on = returned_on or clock.today()
    finding = ReviewFinding(review=review, body=review.body, category=category, text=text or "",
                            requirement=requirement or "", returned_on=returned_on, due_on=due_on)
    errors: dict[str, list[str]] = {}
    if due_on is None:
        errors["due_on"] = [gettext("请填写整改时限。")]
    if returned_on < review.scored_on:
        errors["returned_on"] = [gettext("反馈日期不得早于评查日期（%(d)s）。") % {"d": review.scored_on.isoformat()}]
    try:
        finding.full_clean(exclude=["due_on"] if due_on is None else None)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        finding.save()
    start_deadline(actor=actor, record=finding, key=CORRECTION, on=returned_on, due_on=due_on,
                   label=CORRECTION_LABEL, basis=(gettext("%(plan)s：案卷%(n)s评查发现问题") % {
                       "plan": review.plan.title, "n": review.case.number})[:300], by="return")
    return finding


@transaction.atomic
def add_evidence(*, actor: Any, finding: ReviewFinding, file: UploadedFile) -> Attachment:
    finding = ReviewFinding.objects.get_visible_or_404(actor, CHANGE, pk=finding.pk)
    return add_attachment(actor=actor, record=finding, kind=EVIDENCE, file=file)


def finding_step(*, actor: Any, finding: ReviewFinding, name: str, comment: str = "",
                 on: datetime.date | None = None) -> TransitionLog:
    """correct (the body: explanation and evidence), accept / send_back (the office)."""
    return transition(actor=actor, record=finding, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)


# ---- reminder letters -------------------------------------------------------------------------------


@transaction.atomic
def issue_letter(*, actor: Any, findings: Iterable[ReviewFinding], issued_on: datetime.date | None = None,
                 number: str = "", text: str = "", office: Unit | None = None) -> ReminderLetter:
    """A reminder letter (督办函) to one body from its findings, generated as a Word file."""
    ids = [f.pk for f in findings]
    found = list(ReviewFinding.objects.visible_to(actor).filter(pk__in=ids)
                 .select_related("body__unit", "review__case", "review__plan__office").order_by("due_on", "pk"))
    if len(found) != len(set(ids)):
        raise Http404
    if not found:
        raise ValidationError({"findings": [gettext("请至少选择一个评查发现问题。")]})
    bodies = {f.body_id for f in found}
    if len(bodies) > 1:
        raise ValidationError({"findings": [gettext("一份督办函只能发给一个执法主体：所选问题属于%(n)d个执法主体。") % {
            "n": len(bodies)}]})
    body = found[0].body
    _require_units(actor, [body.unit_id])
    office = office or found[0].review.plan.office
    _require_units(actor, [office.pk])
    issued_on = issued_on or clock.today()
    year_letters = ReminderLetter.objects.filter(office=office, issued_on__year=issued_on.year).count()
    number = (number or "").strip() or gettext("评查督办〔%(y)d〕%(n)d号") % {"y": issued_on.year, "n": year_letters + 1}
    text = (text or "").strip() or gettext(
        "请你单位对照上述问题认真整改，举一反三，健全案卷管理和法制审核制度，于整改时限前将整改情况和佐证材料报送我单位。"
        "逾期未整改的，将依照行政执法责任制的规定予以通报。")
    letter = ReminderLetter(office=office, body=body, number=number, issued_on=issued_on, text=text)
    letter.full_clean(exclude=["file"])
    content = letters.reminder_letter(office=office.name, body=body.name, number=number, on=issued_on, text=text,
                                      findings=[letters.FindingLine(
                                          case=f.review.case.number, category=str(f.get_category_display()),
                                          text=f.text, requirement=f.requirement, due_on=f.due_on) for f in found])
    letter.file.save(f"reminder-{body.pk}-{issued_on:%Y%m%d}.docx", ContentFile(content), save=False)
    with acting_as(actor):
        letter.save()
        letter.findings.set(found)
    return letter


# ---- wrong-case accountability ----------------------------------------------------------------------


@transaction.atomic
def save_accountability(*, actor: Any, record: WrongCaseAccountability,
                        officers: Iterable[EnforcementOfficer] = ()) -> WrongCaseAccountability:
    officer_list = list(officers)
    if not record._state.adding:
        WrongCaseAccountability.objects.get_visible_or_404(actor, CHANGE, pk=record.pk)
    if record.body_id is None:
        record.full_clean()
    body = EnforcementBody.objects.visible_to(actor).filter(pk=record.body_id).select_related("unit").first()
    if body is None:
        raise Http404
    _require_units(actor, [body.unit_id])
    if record.case_id is not None and not EnforcementCase.objects.visible_to(actor).filter(pk=record.case_id).exists():
        raise Http404
    record.full_clean()
    strangers = [o.name for o in officer_list if o.body_id != record.body_id]
    if strangers:
        raise ValidationError({"officers": [gettext("责任人员“%(names)s”不是执法主体“%(body)s”的执法人员。") % {
            "names": "、".join(strangers), "body": body.name}]})
    if not officer_list and not (record.persons or "").strip():
        raise ValidationError({"officers": [gettext("请选择责任人员或填写其他责任人员。")]})
    _save(actor, record)
    with acting_as(actor):
        record.officers.set(officer_list)
    return record


def create_accountability(*, actor: Any, officers: Iterable[EnforcementOfficer] = (),
                          **fields: Any) -> WrongCaseAccountability:
    return save_accountability(actor=actor, record=WrongCaseAccountability(**fields), officers=officers)
