"""One filter set per model, shared by the list pages, the API and the exports (`user=` binds choices)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.casereviews.models import (
    Decision,
    ErrorKind,
    FileReview,
    FindingState,
    FoundBy,
    Grade,
    PeriodKind,
    PlanState,
    ReminderLetter,
    ReviewFinding,
    ReviewPlan,
    ScoreCategory,
    ScoreSheet,
    WrongCaseAccountability,
)
from fazhi.enforcement.models import EnforcementBody
from fazhi.procedures import clock
from fazhi.procedures.models import due_soon_until


def _year(label, field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label=label, field_name=field_name, min_value=2000, max_value=2100)


def _bodies() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=_("执法主体"), field_name="body", empty_label=_("全部"),
                                            queryset=EnforcementBody.objects.none())


class SheetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("评分表名称"), field_name="name", lookup_expr="contains")

    class Meta:
        model = ScoreSheet
        fields = ["q"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("计划名称"), field_name="title", lookup_expr="contains")
    year = _year(_("年度"), "year")
    period_kind = django_filters.ChoiceFilter(label=_("评查周期"), choices=PeriodKind.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=PlanState.choices, empty_label=_("全部"))

    class Meta:
        model = ReviewPlan
        fields = ["q", "year", "period_kind", "state"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("案件编号"), field_name="case__number", lookup_expr="contains")
    plan = django_filters.ModelChoiceFilter(label=_("评查计划"), queryset=ReviewPlan.objects.none(),
                                            empty_label=_("全部"))
    body = _bodies()
    grade = django_filters.ChoiceFilter(label=_("等次"), choices=Grade.choices, empty_label=_("全部"))
    scored = django_filters.BooleanFilter(label=_("已评分"), field_name="scored_on", lookup_expr="isnull",
                                          exclude=True)

    class Meta:
        model = FileReview
        fields = ["q", "plan", "body", "grade", "scored"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["plan"].queryset = ReviewPlan.objects.visible_to(user)
            self.filters["body"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")


DEADLINE_CHOICES = [("overdue", _("已逾期")), ("due_soon", _("即将到期")), ("open", _("未验收"))]


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("存在问题"), method="search")
    body = _bodies()
    category = django_filters.ChoiceFilter(label=_("问题类别"), choices=ScoreCategory.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=FindingState.choices, empty_label=_("全部"))
    deadline = django_filters.ChoiceFilter(label=_("时限"), choices=DEADLINE_CHOICES, empty_label=_("全部"),
                                           method="by_deadline")
    year = _year(_("反馈年度"), "returned_on__year")

    class Meta:
        model = ReviewFinding
        fields = ["q", "body", "category", "state", "deadline", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["body"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")

    def search(self, qs, name, value):
        return qs.filter(Q(text__contains=value) | Q(requirement__contains=value)
                         | Q(review__case__number__contains=value))

    def by_deadline(self, qs, name, value):
        today = clock.today()
        open_findings = qs.exclude(state=FindingState.ACCEPTED)
        if value == "overdue":
            return open_findings.filter(due_on__lt=today)
        if value == "due_soon":
            soon, _warning = due_soon_until(today)
            return open_findings.filter(due_on__gte=today, due_on__lte=soon)
        return open_findings


class LetterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("文号"), field_name="number", lookup_expr="contains")
    body = _bodies()
    year = _year(_("年度"), "issued_on__year")

    class Meta:
        model = ReminderLetter
        fields = ["q", "body", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["body"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")


class AccountabilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("案件编号或责任人员"), method="search")
    body = _bodies()
    error_kind = django_filters.ChoiceFilter(label=_("错误类型"), choices=ErrorKind.choices, empty_label=_("全部"))
    found_by = django_filters.ChoiceFilter(label=_("发现途径"), choices=FoundBy.choices, empty_label=_("全部"))
    decision = django_filters.ChoiceFilter(label=_("问责方式"), choices=Decision.choices, empty_label=_("全部"))
    year = _year(_("年度"), "decided_on__year")

    class Meta:
        model = WrongCaseAccountability
        fields = ["q", "body", "error_kind", "found_by", "decision", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["body"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")

    def search(self, qs, name, value):
        return qs.filter(Q(case_number__contains=value) | Q(persons__contains=value)
                         | Q(officers__name__contains=value)).distinct()
