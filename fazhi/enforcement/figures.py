"""Figures of administrative enforcement (bodies, officers, power lists, township teams, empowerment).

The seeds report them as stocks: 牟定县 "49 enforcement bodies, 1,386 officers, 6,785 items published";
湘潭市 "70 township teams, 643 posts, 606 officers"; 毕节市 "32 townships empowered"; 白银市 "24 fine
items cancelled in 9 fields". Stocks are point-in-time figures; cancellations count in the period.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.models import ItemStatus, ItemType, OfficerStatus
from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module
from fazhi.procedures import clock

MODULE = "enforcement"
PUBLICITY = _("行政处罚法第三十九条；国办发〔2018〕118号（行政执法公示制度）")

register_module(MODULE, _("行政执法监督"), order=40)

register(Figure(
    key="enforcement.bodies.total", label=_("行政执法主体数"), kind=Kind.COUNT, model="enforcement.EnforcementBody",
    module=MODULE, measure=_("个"), filter=Q(active=True), order=10,
    definition=_("当前有效的行政执法主体（法定行政机关、法律法规授权组织、受委托组织；时点数）。"),
    source=_("行政处罚法第十七条、第十九条、第二十条；国办发〔2018〕118号"),
))
register(Figure(
    key="enforcement.bodies.published", label=_("已公示的行政执法主体数"), kind=Kind.COUNT,
    model="enforcement.EnforcementBody", module=MODULE, measure=_("个"),
    filter=Q(active=True, published_on__isnull=False), order=15,
    definition=_("当前有效、已确认并向社会公告的行政执法主体（时点数）。"), source=PUBLICITY,
))
register(Figure(
    key="enforcement.officers.total", label=_("行政执法人员数"), kind=Kind.COUNT,
    model="enforcement.EnforcementOfficer", module=MODULE, measure=_("人"), filter=Q(status=OfficerStatus.ACTIVE),
    order=20,
    definition=_("当前在岗、持有行政执法证件的执法人员（不含暂停执法、已注销的；时点数）。"),
    source=_("行政处罚法第四十二条"),
))


def _valid_at_end(cut) -> Q:
    # A stock figure: certificates valid on the period's last day (today when the period is open-ended).
    on = min(cut.end, clock.today()) if cut.end else clock.today()
    return Q(status=OfficerStatus.ACTIVE, issued_on__lte=on, expires_on__gte=on)


register(Figure(
    key="enforcement.officers.valid_certificate", label=_("持有效执法证的执法人员数"), kind=Kind.COUNT,
    model="enforcement.EnforcementOfficer", module=MODULE, measure=_("人"), filter=_valid_at_end, order=25,
    definition=_("在岗且执法证在统计期末（统计期间尚未结束的为当日）有效（已发证、未过有效期）的执法人员（时点数）。执法证过期的人员不得从事执法活动。"),
    source=_("行政处罚法第四十二条（行政处罚应当由具有行政执法资格的执法人员实施）"),
))
register(Figure(
    key="enforcement.officers.legal_qualification", label=_("具有法律职业资格的执法人员数"), kind=Kind.COUNT,
    model="enforcement.EnforcementOfficer", module=MODULE, measure=_("人"),
    filter=Q(status=OfficerStatus.ACTIVE, legal_qualification=True), order=27,
    definition=_("在岗执法人员中取得法律职业资格的人数（法制审核人员的来源；时点数）。"),
    source=_("行政处罚法第五十八条"),
))
register(Figure(
    key="enforcement.items.total", label=_("执法事项数"), kind=Kind.COUNT, model="enforcement.EnforcementItem",
    module=MODULE, measure=_("项"), filter=Q(status=ItemStatus.ACTIVE), order=30,
    definition=_("权力清单中当前有效的执法事项（时点数）。"), source=PUBLICITY,
))
for order, (item_type, label) in enumerate(ItemType.choices, start=31):
    register(Figure(
        key=f"enforcement.items.{item_type}", label=lazy_format(_("%(type)s事项数"), type=label), kind=Kind.COUNT, model="enforcement.EnforcementItem",
        module=MODULE, measure=_("项"), filter=Q(status=ItemStatus.ACTIVE, item_type=item_type), order=order,
        definition=_("权力清单中当前有效、事项类型为该类的执法事项（时点数）。"), source=PUBLICITY,
    ))
register(Figure(
    key="enforcement.items.cancelled", label=_("取消或调整的执法事项数"), kind=Kind.COUNT,
    model="enforcement.EnforcementItem", module=MODULE, measure=_("项"),
    filter=Q(status__in=[ItemStatus.CANCELLED, ItemStatus.ADJUSTED]), date_field="cancelled_on", order=40,
    definition=_("统计期间内依文件取消或调整的执法事项（按取消（调整）日期），如取消和调整的罚款事项。"),
    source=_("国务院及省级人民政府关于取消和调整罚款事项的决定"),
))
register(Figure(
    key="enforcement.items.empowered", label=_("赋权乡镇行使的执法事项数"), kind=Kind.COUNT,
    model="enforcement.EnforcementItem", module=MODULE, measure=_("项"),
    filter=Q(status=ItemStatus.ACTIVE, empowered_to_townships=True), order=45,
    definition=_("县级人民政府部门当前有效、交由乡镇（街道）行使的执法事项（时点数）。"),
    source=_("行政处罚法第二十四条"),
))
register(Figure(
    key="enforcement.teams.total", label=_("乡镇（街道）综合行政执法队伍数"), kind=Kind.COUNT,
    model="enforcement.TownshipTeam", module=MODULE, measure=_("支"), order=50,
    definition=_("已组建综合行政执法队伍的乡镇（街道）（时点数）。"), source=_("行政处罚法第十八条、第二十四条"),
))
register(Figure(
    key="enforcement.teams.posts", label=_("综合行政执法队伍核定编制数"), kind=Kind.SUM,
    model="enforcement.TownshipTeam", module=MODULE, measure=_("个"), expression="posts", order=55,
    definition=_("乡镇（街道）综合行政执法队伍核定编制数之和（时点数）。"), source=_("机构编制部门核定"),
))
register(Figure(
    key="enforcement.teams.officers", label=_("综合行政执法队伍执法人员数"), kind=Kind.COUNT,
    model="enforcement.EnforcementOfficer", module=MODULE, measure=_("人"),
    filter=Q(status=OfficerStatus.ACTIVE, team__isnull=False), order=60,
    definition=_("乡镇（街道）综合行政执法队伍中在岗的执法人员（时点数）。"), source=_("行政处罚法第二十四条"),
))
register(Figure(
    key="enforcement.townships.empowered", label=_("承接赋权的乡镇（街道）数"), kind=Kind.COUNT,
    model="enforcement.Empowerment", module=MODULE, measure=_("个"), count_field="township", distinct=True,
    order=70,
    definition=_("经赋权文件决定承接县级人民政府部门执法事项的乡镇（街道）（同一乡镇多份文件计一个；时点数）。"),
    source=_("行政处罚法第二十四条（决定应当公布）"),
))
