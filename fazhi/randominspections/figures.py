"""Figures of random inspections (双随机、一公开).

The seeds report them as 湘潭市 does: plans carried out, entities drawn, coverage of the directory,
results published on time, problems found.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module
from fazhi.procedures import clock
from fazhi.randominspections.models import PROBLEM_OUTCOMES, PlanState, ResultState

MODULE = "randominspections"
SOURCE = _("《优化营商环境条例》第五十四条（双随机、一公开）")
PUBLICATION = _("《企业信息公示暂行条例》第六条、第七条（20个工作日内公示）")
DONE = (ResultState.INSPECTED, ResultState.PUBLISHED)

register_module(MODULE, _("双随机一公开"), order=41)

register(Figure(
    key="randominspections.plans.drawn", label=_("实施抽取的双随机抽查计划数"), kind=Kind.COUNT,
    model="randominspections.InspectionPlan", module=MODULE, measure=_("个"), filter=Q(state=PlanState.DRAWN),
    date_field="drawn_on", order=10,
    definition=_("统计期间内完成随机抽取（公开随机种子）的抽查计划（按抽取日期）。"), source=SOURCE,
))
register(Figure(
    key="randominspections.entities.drawn", label=_("随机抽取的检查对象数"), kind=Kind.COUNT,
    model="randominspections.InspectionResult", module=MODULE, measure=_("户"), date_field="plan__drawn_on", order=20,
    definition=_("统计期间内抽取的检查对象（按抽取日期；同一对象被不同计划抽中的分别计）。"), source=SOURCE,
))
register(Figure(
    key="randominspections.entities.coverage", label=_("双随机抽查覆盖率"), kind=Kind.COVERAGE,
    model="randominspections.InspectionEntity", module=MODULE, filter=Q(active=True),
    numerator=Q(results__state__in=DONE), distinct=True, order=30,
    definition=_("检查对象名录库在册对象中已被随机抽查并完成检查的对象所占比例（分母：在册检查对象；分子：其中至少有一次"
                 "抽查已录入检查结果的对象；时点数）。"), source=SOURCE,
))


def _to_publish(cut) -> Q:
    # Results whose publication is due: published ones, and unpublished ones past the limit today.
    return Q(state=ResultState.PUBLISHED) | Q(state=ResultState.INSPECTED, publication_due_on__lt=clock.today())


register(Figure(
    key="randominspections.results.published_on_time", label=_("抽查结果按时公示率"), kind=Kind.RATE,
    model="randominspections.InspectionResult", module=MODULE, filter=_to_publish,
    numerator=Q(state=ResultState.PUBLISHED, published_on__lte=F("publication_due_on")),
    date_field="inspected_on", order=40,
    definition=_("应公示的抽查结果（已公示的，及期限已届满仍未公示的）中，自检查之日起20个工作日内公示的比例（按检查日期）。"),
    source=PUBLICATION,
))
register(Figure(
    key="randominspections.results.problems", label=_("抽查发现问题数"), kind=Kind.COUNT,
    model="randominspections.InspectionResult", module=MODULE, measure=_("户"),
    filter=Q(outcome__in=PROBLEM_OUTCOMES), date_field="inspected_on", order=50,
    definition=_("统计期间内抽查发现问题（责令改正或立案查处）的检查对象（按检查日期）。"), source=SOURCE,
))
