"""Local legislation (地方立法): legislative plans and their projects, grassroots legislative contact
points and collection points with the opinions they gather, post-legislative evaluations.

Access: a plan belongs to the organ that draws it up (人大常委会 for 地方性法规, the government for
政府规章); a project to its responsible unit, and its plan's organiser sees and runs it too; a contact
point to its host unit; an opinion to the contact point that gathered it (the plan's organiser, who
decides on adoption, sees and answers it as well); an evaluation to the evaluating unit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW, AccessQuerySet, Grant, Role, grant_q
from fazhi.core.audit import AuditedModel
from fazhi.core.regions import Level
from fazhi.procedures import clock

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
PROJECT_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER})

TITLE_MAX = 200
NAME_MAX = 200
SUBMITTER_MAX = 100
CONTENT_MAX = 5000
RESPONSE_MAX = 2000
NOTES_MAX = 2000
FINDINGS_MAX = 10000
FIRST_PLAN_YEAR = 1979  # 地方组织法 (1979) first gave local congresses legislative power

# Model-level max_length messages (Django's own are generic).
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _too_long(errors: dict[str, list[str]], field: str, value: str, limit: int, label: str) -> None:
    if len(value or "") > limit:
        errors.setdefault(field, []).append(gettext("%(label)s不得超过%(n)d个字（现有%(len)d个字）。") % {
            "label": label, "n": limit, "len": len(value)})


def _not_future(errors: dict[str, list[str]], field: str, value: datetime.date | None, label: str) -> None:
    today = clock.today()
    if value and value > today:
        errors.setdefault(field, []).append(gettext("%(label)s不得晚于今天（%(today)s）。") % {
            "label": label, "today": today.isoformat()})


class LawKind(models.TextChoices):
    REGULATION = "regulation", _("地方性法规")
    RULE = "rule", _("政府规章")


class LegislativePlan(AuditedModel):
    """The yearly legislative plan of a people's congress standing committee (地方性法规) or of a
    government (政府规章，由司法行政部门编制)."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("编制单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("人大常委会（法制工作委员会）或人民政府（司法局）"))
    region = models.ForeignKey("core.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(_("计划年度"))
    year_start = models.DateField(_("计划年度起始日"), editable=False)
    title = models.CharField(_("计划名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    kind = models.CharField(_("计划类别"), max_length=20, choices=LawKind.choices,
                            help_text=_("地方性法规：人大常委会立法计划；政府规章：政府立法工作计划"))
    approved_on = models.DateField(_("通过（印发）日期"), null=True, blank=True,
                                   help_text=_("填写后计划即在公众门户公开"))
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("立法计划")
        verbose_name_plural = _("立法计划")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="legislation_plan_unique",
                                    violation_error_message=_("该单位已编制同一年度、同一类别的立法计划。")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legislation:plan_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.approved_on is not None

    def _derive(self) -> None:
        if self.unit_id:
            self.region_id = self.unit.region_id
        if self.year:
            self.year_start = datetime.date(self.year, 1, 1)

    def clean(self) -> None:
        self._derive()
        errors: dict[str, list[str]] = {}
        last = clock.today().year + 1
        if self.year is not None and not FIRST_PLAN_YEAR <= self.year <= last:
            errors.setdefault("year", []).append(gettext("计划年度应在%(first)d年至%(last)d年之间。") % {
                "first": FIRST_PLAN_YEAR, "last": last})
        _not_future(errors, "approved_on", self.approved_on, gettext("通过（印发）日期"))
        if self.approved_on and self.year and self.approved_on.year not in (self.year - 1, self.year):
            errors.setdefault("approved_on", []).append(gettext(
                "立法计划应在计划年度或上一年度内通过（印发），%(year)d年度计划的通过日期不能是%(date)s。") % {
                "year": self.year, "date": self.approved_on.isoformat()})
        _too_long(errors, "notes", self.notes, NOTES_MAX, gettext("说明"))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self._derive()
        super().save(*args, **kwargs)


class ProjectCategory(models.TextChoices):
    FORMAL = "formal", _("正式项目")
    PREPARATORY = "preparatory", _("预备项目")
    RESEARCH = "research", _("调研项目")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("立项")
    DRAFTING = "drafting", _("起草")
    CONSULTATION = "consultation", _("征求意见")
    REVIEW = "review", _("审查（审议）")
    PASSED = "passed", _("通过")
    PUBLISHED = "published", _("公布施行")
    SUSPENDED = "suspended", _("暂缓")
    TERMINATED = "terminated", _("终止")


# A draft exists and is still open to comment: the stages in which contact points gather opinions.
OPINION_STATUSES = (ProjectStatus.DRAFTING, ProjectStatus.CONSULTATION, ProjectStatus.REVIEW)


class LegislativeProject(AuditedModel):
    """A project of a legislative plan: one regulation or rule, from 立项 to 公布施行 (or 暂缓/终止).

    Its status moves only through the procedure in `procedures.py`; the dates of passing and
    publication are those of the steps.
    """

    plan = models.ForeignKey(LegislativePlan, verbose_name=_("立法计划"), on_delete=models.PROTECT,
                             related_name="projects")
    title = models.CharField(_("项目名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    category = models.CharField(_("项目类别"), max_length=20, choices=ProjectCategory.choices,
                                default=ProjectCategory.FORMAL)
    kind = models.CharField(_("立法形式"), max_length=20, choices=LawKind.choices, blank=True,
                            help_text=_("留空：与立法计划类别相同"))
    responsible_unit = models.ForeignKey("core.Unit", verbose_name=_("负责单位"), on_delete=models.PROTECT,
                                         related_name="+", help_text=_("牵头负责起草、提请审议的单位"))
    drafting_unit = models.ForeignKey("core.Unit", verbose_name=_("起草单位"), on_delete=models.PROTECT,
                                      related_name="+", null=True, blank=True,
                                      help_text=_("留空：与负责单位相同"))
    status = models.CharField(_("状态"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.PLANNED, editable=False)
    passed_on = models.DateField(_("通过日期"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True,
                                   help_text=_("设区的市的地方性法规：省、自治区人大常委会批准的日期"))
    published_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    description = models.TextField(_("项目说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "responsible_unit"
    writer_roles = PROJECT_WRITERS

    class Meta:
        verbose_name = _("立法项目")
        verbose_name_plural = _("立法项目")
        ordering = ["plan_id", "category", "pk"]
        indexes = [models.Index(fields=["passed_on"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legislation:project_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        q = grant_q(grant, "responsible_unit")
        # The plan's organiser sees and runs every project of its plan; a legal officer changes only
        # the projects their own unit leads.
        if action == VIEW or grant.role != Role.LEGAL_OFFICER:
            q |= grant_q(grant, "plan__unit")
        return q

    @property
    def needs_approval(self) -> bool:
        """A regulation of a city divided into districts takes effect only once the province approves it."""
        return (self.kind == LawKind.REGULATION and self.plan_id is not None
                and self.plan.region.level == Level.CITY)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.plan_id and not self.kind:
            self.kind = self.plan.kind
        if self.plan_id and self.responsible_unit_id:
            region = self.plan.region
            if not self.responsible_unit.region_id.startswith(region.prefix):
                errors.setdefault("responsible_unit", []).append(gettext(
                    "负责单位“%(unit)s”不在立法计划所属区划“%(region)s”内。") % {
                    "unit": self.responsible_unit.name, "region": region.name})
        if self.approved_on and self.kind == LawKind.RULE:
            errors.setdefault("approved_on", []).append(gettext("政府规章无须报请批准，请勿填写批准日期。"))
        _not_future(errors, "approved_on", self.approved_on, gettext("批准日期"))
        if self.approved_on and self.passed_on and self.approved_on < self.passed_on:
            errors.setdefault("approved_on", []).append(gettext("批准日期不得早于通过日期（%(date)s）。") % {
                "date": self.passed_on.isoformat()})
        if self.effective_on and self.published_on and self.effective_on < self.published_on:
            errors.setdefault("effective_on", []).append(gettext("施行日期不得早于公布日期（%(date)s）。") % {
                "date": self.published_on.isoformat()})
        _too_long(errors, "description", self.description, NOTES_MAX, gettext("项目说明"))
        if errors:
            raise ValidationError(errors)


class PointKind(models.TextChoices):
    CONTACT = "contact", _("基层立法联系点")
    COLLECTION = "collection", _("立法信息采集点")


class HostType(models.TextChoices):
    TOWNSHIP = "township", _("乡镇（街道）")
    COMMUNITY = "community", _("村（社区）")
    ENTERPRISE = "enterprise", _("企业")
    PARK = "park", _("园区")
    SCHOOL = "school", _("学校")
    LAW_FIRM = "law_firm", _("律师事务所")
    ASSOCIATION = "association", _("行业协会")
    OTHER = "other", _("其他")


class ContactPoint(AuditedModel):
    """A grassroots legislative contact point (基层立法联系点) or an information collection point
    (立法信息采集点), which may belong to a contact point."""

    kind = models.CharField(_("类型"), max_length=20, choices=PointKind.choices, default=PointKind.CONTACT)
    name = models.CharField(_("名称"), max_length=NAME_MAX, error_messages=TOO_LONG)
    host_unit = models.ForeignKey("core.Unit", verbose_name=_("依托单位"), on_delete=models.PROTECT,
                                  related_name="+")
    host_type = models.CharField(_("设立类型"), max_length=20, choices=HostType.choices,
                                 default=HostType.TOWNSHIP)
    parent = models.ForeignKey("self", verbose_name=_("所属联系点"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="collection_points",
                               help_text=_("信息采集点可隶属于一个基层立法联系点"))
    region = models.ForeignKey("core.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+", blank=True, help_text=_("留空：依托单位所属区划"))
    address = models.CharField(_("地址"), max_length=200, blank=True, error_messages=TOO_LONG)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, error_messages=TOO_LONG)
    staff_count = models.PositiveIntegerField(_("工作人员数"), default=0)
    collector_count = models.PositiveIntegerField(_("信息员数"), default=0)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)
    active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "host_unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("基层立法联系点")
        verbose_name_plural = _("基层立法联系点")
        ordering = ["kind", "region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["host_unit", "name"], name="legislation_point_unique_name",
                                    violation_error_message=_("该依托单位已有同名的联系点（采集点）。")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("legislation:point_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.host_unit_id and not self.region_id:
            self.region_id = self.host_unit.region_id
        if self.host_unit_id and self.region_id and not self.region_id.startswith(self.host_unit.region_prefix):
            errors.setdefault("region", []).append(gettext(
                "所在区划须在依托单位“%(unit)s”所属区划“%(region)s”范围内。") % {
                "unit": self.host_unit.name, "region": self.host_unit.region.name})
        if self.parent_id:
            if self.kind == PointKind.CONTACT:
                errors.setdefault("parent", []).append(gettext("基层立法联系点不能隶属于其他联系点。"))
            elif self.parent_id == self.pk:
                errors.setdefault("parent", []).append(gettext("采集点不能隶属于其自身。"))
            elif self.parent.kind != PointKind.CONTACT:
                errors.setdefault("parent", []).append(gettext("信息采集点只能隶属于基层立法联系点。"))
        _not_future(errors, "established_on", self.established_on, gettext("设立日期"))
        if errors:
            raise ValidationError(errors)


class Adoption(models.TextChoices):
    PENDING = "pending", _("待研究")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


ADOPTED = (Adoption.ADOPTED, Adoption.PARTLY)


class Opinion(AuditedModel):
    """An opinion on a draft gathered by a contact or collection point, and what became of it."""

    project = models.ForeignKey(LegislativeProject, verbose_name=_("立法项目"), on_delete=models.PROTECT,
                                related_name="opinions")
    contact_point = models.ForeignKey(ContactPoint, verbose_name=_("收集点"), on_delete=models.PROTECT,
                                      related_name="opinions")
    received_on = models.DateField(_("收集日期"))
    submitter = models.CharField(_("意见提出人"), max_length=SUBMITTER_MAX, blank=True, error_messages=TOO_LONG,
                                 help_text=_("可不填；仅内部可见，不在公众门户公开"))
    content = models.TextField(_("意见内容"), error_messages={"blank": _("请填写意见内容。"),
                                                           "null": _("请填写意见内容。")})
    adoption = models.CharField(_("采纳情况"), max_length=20, choices=Adoption.choices, default=Adoption.PENDING,
                                help_text=_("由立法计划编制单位研究填写"))
    response = models.TextField(_("反馈说明"), blank=True, help_text=_("部分采纳或未采纳的须说明理由"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "contact_point__host_unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("立法意见建议")
        verbose_name_plural = _("立法意见建议")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        text = (self.content or "").strip()
        return f"{self.project} · {text[:20]}{'…' if len(text) > 20 else ''}"

    def get_absolute_url(self) -> str:
        return reverse("legislation:opinion_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        # The plan's organiser decides on adoption; the responsible unit reads the opinions on its draft.
        q = grant_q(grant, "contact_point__host_unit") | grant_q(grant, "project__plan__unit")
        if action == VIEW:
            q |= grant_q(grant, "project__responsible_unit")
        return q

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.content and not self.content.strip():
            errors.setdefault("content", []).append(gettext("请填写意见内容。"))
        self.content = (self.content or "").strip()
        self.submitter = (self.submitter or "").strip()
        _too_long(errors, "content", self.content, CONTENT_MAX, gettext("意见内容"))
        _too_long(errors, "response", self.response, RESPONSE_MAX, gettext("反馈说明"))
        _not_future(errors, "received_on", self.received_on, gettext("收集日期"))
        if self.adoption in (Adoption.PARTLY, Adoption.NOT_ADOPTED) and not (self.response or "").strip():
            errors.setdefault("response", []).append(gettext("部分采纳或未采纳的，须填写反馈说明。"))
        if self.project_id:
            project = self.project
            if self._state.adding and project.status not in OPINION_STATUSES:
                errors.setdefault("project", []).append(gettext(
                    "“%(project)s”当前为“%(status)s”，只能对起草、征求意见或审查（审议）阶段的草案收集意见。") % {
                    "project": project.title, "status": project.get_status_display()})
            if self.received_on and project.passed_on and self.received_on > project.passed_on:
                errors.setdefault("received_on", []).append(gettext(
                    "收集日期不得晚于该项目的通过日期（%(date)s）。") % {"date": project.passed_on.isoformat()})
            if self.contact_point_id and not self.contact_point.region_id.startswith(project.plan.region.prefix):
                errors.setdefault("contact_point", []).append(gettext(
                    "“%(point)s”不在立法计划所属区划“%(region)s”内，不能为该项目收集意见。") % {
                    "point": self.contact_point.name, "region": project.plan.region.name})
        if self.contact_point_id and self.received_on:
            established = self.contact_point.established_on
            if established and self.received_on < established:
                errors.setdefault("received_on", []).append(gettext(
                    "收集日期不得早于“%(point)s”的设立日期（%(date)s）。") % {
                    "point": self.contact_point.name, "date": established.isoformat()})
        if errors:
            raise ValidationError(errors)


class EvaluationMethod(models.TextChoices):
    SELF = "self", _("自行评估")
    THIRD_PARTY = "third_party", _("委托第三方评估")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("继续施行")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")


class PostLegislativeEvaluation(AuditedModel):
    """A post-legislative evaluation (立法后评估) of a regulation or rule in force, with its findings."""

    project = models.ForeignKey(LegislativeProject, verbose_name=_("立法项目"), on_delete=models.PROTECT,
                                related_name="evaluations", null=True, blank=True,
                                help_text=_("本平台登记的已公布施行项目；较早的法规规章请填写名称"))
    title = models.CharField(_("被评估的法规规章"), max_length=TITLE_MAX, blank=True, error_messages=TOO_LONG,
                             help_text=_("选择立法项目时可留空"))
    evaluating_unit = models.ForeignKey("core.Unit", verbose_name=_("评估单位"), on_delete=models.PROTECT,
                                        related_name="+")
    method = models.CharField(_("评估方式"), max_length=20, choices=EvaluationMethod.choices,
                              default=EvaluationMethod.SELF)
    third_party = models.CharField(_("第三方评估机构"), max_length=200, blank=True, error_messages=TOO_LONG)
    started_on = models.DateField(_("开始日期"))
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    findings = models.TextField(_("评估结论"), blank=True)
    recommendation = models.CharField(_("评估建议"), max_length=20, choices=Recommendation.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "evaluating_unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("立法后评估")
        verbose_name_plural = _("立法后评估")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["finished_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legislation:evaluation_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        if self.project_id:
            if not self.title:
                self.title = self.project.title
            if self.project.status != ProjectStatus.PUBLISHED:
                errors.setdefault("project", []).append(gettext(
                    "只能对已公布施行的法规、规章开展立法后评估（“%(project)s”当前为“%(status)s”）。") % {
                    "project": self.project.title, "status": self.project.get_status_display()})
        elif not self.title:
            errors.setdefault("title", []).append(gettext("请选择立法项目或填写被评估的法规规章名称。"))
        if self.method == EvaluationMethod.THIRD_PARTY and not self.third_party.strip():
            errors.setdefault("third_party", []).append(gettext("委托第三方评估的，须填写第三方评估机构。"))
        _not_future(errors, "started_on", self.started_on, gettext("开始日期"))
        _not_future(errors, "finished_on", self.finished_on, gettext("完成日期"))
        if self.started_on and self.finished_on and self.finished_on < self.started_on:
            errors.setdefault("finished_on", []).append(gettext("完成日期不得早于开始日期（%(date)s）。") % {
                "date": self.started_on.isoformat()})
        if self.finished_on:
            if not self.findings.strip():
                errors.setdefault("findings", []).append(gettext("评估完成的，须填写评估结论。"))
            if not self.recommendation:
                errors.setdefault("recommendation", []).append(gettext(
                    "评估完成的，须提出继续施行、修改或废止的建议。"))
        _too_long(errors, "findings", self.findings, FINDINGS_MAX, gettext("评估结论"))
        if errors:
            raise ValidationError(errors)
