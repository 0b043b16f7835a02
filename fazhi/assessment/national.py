"""The shipped template for a city's or county's self-assessment when it applies to become a national
rule-of-law government demonstration area (示范创建自评模板).

What is known and shipped: the current application guide of the 市县法治政府建设示范指标体系 has
10 first-level, 34 second-level and 104 third-level indicators, and its weights are set by the
central office and not published (RULES.md, *secondary*); its first indicator asks, for example,
that approvals be done 马上办、网上办、就近办、一次办、自助办 within shortened time limits. The
template's ten first-level indicators follow the ten parts of the 法治政府建设实施纲要（2021－2025年）
that the system assesses. The second- and third-level texts of the guide are not reproduced (they
are not in the platform's sources): each first-level indicator carries leaves the platform can score
from its own records, and one evidence leaf under which the unit self-assesses the guide's items;
the office edits the copy (or imports the guide from Excel) before freezing it. Points are spread
evenly (10 each) because the official weights are not public.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.figures import registry

TITLE = _("法治政府建设示范创建自评（模板）")
SOURCE = _("一级指标结构依据《法治政府建设实施纲要（2021－2025年）》十个部分；现行《市县法治政府建设示范指标体系》"
           "申报指南设一级指标10项、二级指标34项、三级指标104项，权重由中央全面依法治国委员会办公室确定、未公开，"
           "本模板分值平均分配，仅供自评参考。二、三级指标请按申报指南修改或以Excel导入后再冻结使用。")
GUIDE_ITEMS = _("对照现行申报指南本部分所列二级、三级指标逐项自评，上传佐证材料。")


@dataclass(frozen=True)
class Leaf:
    name: str
    points: int
    method: str = "evidence"
    figure_key: str = ""
    rule: str = ""
    standard: str = ""


# (first-level indicator, its leaves); every first-level indicator is worth 10 points.
STRUCTURE: tuple[tuple[str, tuple[Leaf, ...]], ...] = (
    (_("深入学习贯彻习近平法治思想，努力实现法治政府建设全面突破"), (
        Leaf(_("学习贯彻习近平法治思想、落实法治政府建设实施纲要情况"), 10, standard=GUIDE_ITEMS),)),
    (_("健全政府机构职能体系，推动更好发挥政府作用"), (
        Leaf(_("政务服务“马上办、网上办、就近办、一次办、自助办”，办理时限压缩情况"), 5,
             standard=_("说明可即办、网办、就近办、一次办、自助办的事项比例和办理时限压缩幅度，附统计表。")),
        Leaf(_("其他二级、三级指标"), 5, standard=GUIDE_ITEMS))),
    (_("健全依法行政制度体系，加快推进政府治理规范化程序化法治化"), (
        Leaf(_("行政规范性文件报备率"), 4, "computed", "rulemaking.filing.rate", "比例"),
        Leaf(_("行政规范性文件备案及时率"), 3, "computed", "rulemaking.filing.on_time_rate", "比例"),
        Leaf(_("其他二级、三级指标"), 3, standard=GUIDE_ITEMS))),
    (_("健全行政决策制度体系，不断提升行政决策公信力和执行力"), (
        Leaf(_("重大行政决策程序执行情况"), 10,
             standard=_("公众参与、专家论证、风险评估、合法性审查、集体讨论决定等程序的执行情况（《重大行政决策程序暂行条例》）；"
                        "并对照申报指南逐项自评。")),)),
    (_("健全行政执法工作体系，全面推进严格规范公正文明执法"), (
        Leaf(_("重大执法决定法制审核率"), 3, "computed", "cases.legal_review_rate", "比例"),
        Leaf(_("执法决定按时公示率"), 3, "computed", "cases.publicity_on_time_rate", "比例"),
        Leaf(_("双随机抽查覆盖率"), 2, "computed", "randominspections.entities.coverage", "比例"),
        Leaf(_("其他二级、三级指标"), 2, standard=GUIDE_ITEMS))),
    (_("健全突发事件应对体系，依法预防处置重大突发事件"), (
        Leaf(_("突发事件应对制度和预案依法完善、处置依法有序"), 10, standard=GUIDE_ITEMS),)),
    (_("健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义"), (
        Leaf(_("行政调解、行政复议、行政应诉等化解矛盾纠纷情况"), 10, standard=GUIDE_ITEMS),)),
    (_("健全行政权力制约和监督体系，促进行政权力规范透明运行"), (
        Leaf(_("督察整改逾期未销号"), 4, "deduction", rule="每项扣 1",
             standard=_("督察发现问题的整改事项逾期未销号的，每项扣1分，扣完为止。")),
        Leaf(_("其他二级、三级指标"), 6, standard=GUIDE_ITEMS))),
    (_("健全法治政府建设科技保障体系，全面建设数字法治政府"), (
        Leaf(_("数字法治政府建设情况"), 10, standard=GUIDE_ITEMS),)),
    (_("加强党的领导，完善法治政府建设推进机制"), (
        Leaf(_("法治建设任务按时完成率"), 3, "computed", "tasks.tasks.on_time_rate", "比例"),
        Leaf(_("法治政府建设年度报告按时公开率"), 3, "computed", "reports.annual.on_time_rate", "比例"),
        Leaf(_("党政主要负责人履行推进法治建设第一责任人职责情况"), 4, standard=GUIDE_ITEMS))),
)
FIRST_LEVEL_POINTS = Decimal(10)


def create(*, actor: Any, unit: Any, year: int) -> Any:
    """A new, editable (not frozen) indicator system for `unit` copied from the template. A computed
    leaf whose figure is not installed becomes an evidence leaf with the same points."""
    from fazhi.assessment import services
    from fazhi.assessment.models import Category

    known = {f.key for f in registry.figures()}
    with transaction.atomic():
        system = services.create_system(actor=actor, unit=unit, title=str(TITLE), year=year,
                                        categories=[Category.SELF.value], description=str(SOURCE))
        for i, (name, leaves) in enumerate(STRUCTURE, start=1):
            top = services.add_indicator(actor=actor, system=system, name=str(name), points=FIRST_LEVEL_POINTS,
                                         position=i)
            for j, leaf in enumerate(leaves, start=1):
                computed = leaf.method == "computed" and leaf.figure_key in known
                method = leaf.method if computed or leaf.method == "deduction" else "evidence"
                standard = str(leaf.standard) if leaf.standard else (
                    "" if computed else gettext("按申报指南要求提供佐证材料。"))
                services.add_indicator(actor=actor, system=system, parent=top, name=str(leaf.name),
                                       points=Decimal(leaf.points), position=j, method=method,
                                       figure_key=leaf.figure_key if computed else "",
                                       rule=leaf.rule if method != "evidence" else "", standard=standard)
    return system
