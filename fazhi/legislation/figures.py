"""Figures of local legislation: plan projects, regulations and rules passed, contact points and the
opinions they gathered, post-legislative evaluations (FIGURES.md "Rule-making")."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import UnitType
from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module
from fazhi.legislation.models import (
    ADOPTED,
    Adoption,
    ContactPoint,
    HostType,
    LawKind,
    PointKind,
    ProjectCategory,
)

MODULE = "legislation"
PROJECT = "legislation.LegislativeProject"
POINT = "legislation.ContactPoint"
OPINION = "legislation.Opinion"

PLAN_SOURCE = _("《中华人民共和国立法法》（年度立法计划）；《规章制定程序条例》（年度规章制定工作计划）")
PASS_SOURCE = _("《中华人民共和国立法法》；《规章制定程序条例》")
POINT_SOURCE = _("《中华人民共和国立法法》（2023年修正）关于设立基层立法联系点、听取基层群众意见的规定；"
                 "各地基层立法联系点工作规定")
EVALUATION_SOURCE = _("《中华人民共和国立法法》（立法后评估）；《规章制定程序条例》（对规章进行立法后评估，"
                      "评估结果作为修改、废止规章的重要参考）")
PLAN_PERIOD = _("按立法计划年度统计：计划年度的1月1日落在统计期间内的计划所列项目。")
PASSED = Q(passed_on__isnull=False)
ACTIVE = Q(active=True)

register_module(MODULE, _("地方立法"), order=15)

register(Figure(
    key="legislation.projects.total", label=_("立法计划项目数"), kind=Kind.COUNT, model=PROJECT, module=MODULE,
    measure=_("件"), date_field="plan__year_start", period_note=PLAN_PERIOD, order=10,
    definition=_("年度立法计划所列的全部项目（正式项目、预备项目和调研项目，含此后暂缓、终止的），"
                 "按负责单位所属区划统计。"),
    source=PLAN_SOURCE,
))
register(Figure(
    key="legislation.projects.formal", label=_("立法计划正式项目数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("件"), filter=Q(category=ProjectCategory.FORMAL), date_field="plan__year_start",
    period_note=PLAN_PERIOD, order=11,
    definition=_("年度立法计划中列为正式项目（年内提请审议或审查）的项目。"),
    source=PLAN_SOURCE,
))
register(Figure(
    key="legislation.projects.preparatory", label=_("立法计划预备项目数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("件"), filter=Q(category=ProjectCategory.PREPARATORY),
    date_field="plan__year_start", period_note=PLAN_PERIOD, order=12,
    definition=_("年度立法计划中列为预备项目（条件成熟时提请审议或审查）的项目。"),
    source=PLAN_SOURCE,
))
register(Figure(
    key="legislation.projects.passed", label=_("通过的法规规章数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("件"), filter=PASSED, date_field="passed_on", order=20,
    definition=_("统计期间内经人大常委会会议表决通过的地方性法规和经政府常务会议（全体会议）决定通过的"
                 "政府规章（按通过日期）。"),
    source=PASS_SOURCE,
))
register(Figure(
    key="legislation.regulations.passed", label=_("通过的地方性法规数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("件"), filter=PASSED & Q(kind=LawKind.REGULATION), date_field="passed_on",
    order=21,
    definition=_("统计期间内人大常委会表决通过的地方性法规（按通过日期；设区的市的地方性法规另须省级人大"
                 "常委会批准后施行）。"),
    source=_("《中华人民共和国立法法》"),
))
register(Figure(
    key="legislation.rules.passed", label=_("通过的政府规章数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("件"), filter=PASSED & Q(kind=LawKind.RULE), date_field="passed_on", order=22,
    definition=_("统计期间内经政府常务会议或者全体会议决定通过的政府规章（按通过日期）。"),
    source=_("《规章制定程序条例》"),
))
register(Figure(
    key="legislation.projects.published", label=_("公布施行的法规规章数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("件"), filter=Q(published_on__isnull=False), date_field="published_on", order=23,
    definition=_("统计期间内公布的地方性法规和政府规章（按公布日期）。"),
    source=PASS_SOURCE,
))

register(Figure(
    key="legislation.points.contact", label=_("基层立法联系点数"), kind=Kind.COUNT, model=POINT, module=MODULE,
    measure=_("个"), filter=ACTIVE & Q(kind=PointKind.CONTACT), order=30,
    definition=_("在用的基层立法联系点，按依托单位所属区划统计（时点数）。"),
    source=POINT_SOURCE,
))
register(Figure(
    key="legislation.points.collection", label=_("立法信息采集点数"), kind=Kind.COUNT, model=POINT,
    module=MODULE, measure=_("个"), filter=ACTIVE & Q(kind=PointKind.COLLECTION), order=31,
    definition=_("在用的立法信息采集点（含隶属于基层立法联系点的），按依托单位所属区划统计（时点数）。"),
    source=POINT_SOURCE,
))
register(Figure(
    key="legislation.points.staff", label=_("联系点工作人员数"), kind=Kind.SUM, model=POINT, module=MODULE,
    measure=_("人"), filter=ACTIVE, expression="staff_count", order=32,
    definition=_("在用的基层立法联系点和信息采集点登记的工作人员数之和（时点数）。"),
    source=POINT_SOURCE,
))
register(Figure(
    key="legislation.points.collectors", label=_("立法信息员数"), kind=Kind.SUM, model=POINT, module=MODULE,
    measure=_("人"), filter=ACTIVE, expression="collector_count", order=33,
    definition=_("在用的基层立法联系点和信息采集点登记的信息员数之和（时点数）。"),
    source=POINT_SOURCE,
))
for i, host_type in enumerate(HostType):
    register(Figure(
        key=f"legislation.points.host.{host_type.value}",
        label=lazy_format(_("联系点（采集点）数：%(type)s"), type=host_type.label),
        kind=Kind.COUNT, model=POINT, module=MODULE, measure=_("个"), order=34 + i,
        filter=ACTIVE & Q(host_type=host_type.value),
        definition=lazy_format(_("设立类型为“%(type)s”的在用基层立法联系点和信息采集点（时点数）。"),
                               type=host_type.label),
        source=POINT_SOURCE,
    ))
register(Figure(
    key="legislation.points.township_coverage", label=_("乡镇（街道）立法联系点覆盖率"), kind=Kind.COVERAGE,
    model="core.Unit", module=MODULE, order=45,
    denominator=Q(unit_type=UnitType.TOWNSHIP_GOVERNMENT, is_active=True),
    # A subquery rather than a join: the figure shares its aggregate query with the other unit figures.
    numerator=Q(pk__in=ContactPoint.objects.filter(active=True).values("host_unit")),
    definition=_("依托设立了在用基层立法联系点或信息采集点的乡镇人民政府（街道办事处） ÷ "
                 "有效的乡镇人民政府（街道办事处）（时点数）。"),
    source=POINT_SOURCE,
))

register(Figure(
    key="legislation.opinions.gathered", label=_("收集立法意见建议数"), kind=Kind.COUNT, model=OPINION,
    module=MODULE, measure=_("条"), date_field="received_on", order=50,
    definition=_("统计期间内基层立法联系点和信息采集点就法规规章草案收集的意见建议（按收集日期，"
                 "按收集点依托单位所属区划统计）。"),
    source=POINT_SOURCE,
))
register(Figure(
    key="legislation.opinions.adopted", label=_("被采纳的立法意见建议数"), kind=Kind.COUNT, model=OPINION,
    module=MODULE, measure=_("条"), filter=Q(adoption__in=ADOPTED), date_field="received_on", order=51,
    definition=_("统计期间内收集的意见建议中被采纳或部分采纳的（按收集日期）。"),
    source=POINT_SOURCE,
))
register(Figure(
    key="legislation.opinions.adoption_rate", label=_("立法意见建议采纳率"), kind=Kind.RATE, model=OPINION,
    module=MODULE, denominator=~Q(adoption=Adoption.PENDING), numerator=Q(adoption__in=ADOPTED),
    date_field="received_on", order=52,
    definition=_("被采纳或部分采纳的意见建议 ÷ 已作出采纳决定的意见建议（不含待研究的；按收集日期）。"),
    source=POINT_SOURCE,
))

register(Figure(
    key="legislation.evaluations.done", label=_("完成立法后评估数"), kind=Kind.COUNT,
    model="legislation.PostLegislativeEvaluation", module=MODULE, measure=_("件"),
    filter=Q(finished_on__isnull=False), date_field="finished_on", order=60,
    definition=_("统计期间内完成的地方性法规、政府规章立法后评估（按完成日期，按评估单位所属区划统计）。"),
    source=EVALUATION_SOURCE,
))
