"""One filter set per model, shared by the list pages, the API and the exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import region_subtree_filter, yes_no_filter
from fazhi.study.models import (
    Exam,
    ExamKind,
    Question,
    QuestionType,
    Sitting,
    SittingState,
    StudyKind,
    StudyRule,
    StudySession,
)


class _UserBound(django_filters.FilterSet):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class SessionFilter(_UserBound):
    q = django_filters.CharFilter(label=_("主题或法律"), method="search")
    kind = django_filters.ChoiceFilter(label=_("学法形式"), choices=StudyKind.choices, empty_label=_("全部"))
    region = region_subtree_filter(_("所属区划代码"), "unit__region__code")
    held_from = django_filters.DateFilter(label=_("学法日期起"), field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(label=_("学法日期止"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = StudySession
        fields = ["q", "kind", "region", "held_from", "held_to"]

    def search(self, qs, name, value):
        return qs.filter(Q(topic__contains=value) | Q(laws__contains=value) | Q(unit__name__contains=value))


class RuleFilter(_UserBound):
    kind = django_filters.ChoiceFilter(label=_("学法形式"), choices=StudyKind.choices, empty_label=_("全部"))
    active = yes_no_filter(_("有效"))

    class Meta:
        model = StudyRule
        fields = ["kind", "active"]


class QuestionFilter(_UserBound):
    q = django_filters.CharFilter(label=_("题干、依据或专题"), method="search")
    qtype = django_filters.ChoiceFilter(label=_("题型"), choices=QuestionType.choices, empty_label=_("全部"))
    active = yes_no_filter(_("在用"))

    class Meta:
        model = Question
        fields = ["q", "qtype", "active"]

    def search(self, qs, name, value):
        return qs.filter(Q(stem__contains=value) | Q(source__contains=value) | Q(tags__contains=value))


class ExamFilter(_UserBound):
    q = django_filters.CharFilter(label=_("考试名称"), field_name="title", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("考试类别"), choices=ExamKind.choices, empty_label=_("全部"))

    class Meta:
        model = Exam
        fields = ["q", "kind"]


class SittingFilter(_UserBound):
    q = django_filters.CharFilter(label=_("考生或单位"), method="search")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=SittingState.choices, empty_label=_("全部"))
    passed = yes_no_filter(_("合格"))
    region = region_subtree_filter(_("所属区划代码"), "candidate_unit__region__code")

    class Meta:
        model = Sitting
        fields = ["q", "state", "passed", "region"]

    def search(self, qs, name, value):
        return qs.filter(Q(candidate__full_name__contains=value) | Q(candidate__username=value)
                         | Q(candidate_unit__name__contains=value))
