"""Demo data: a year of the city's meetings (about 20, as Baiyin reports 23 committee / 24 office / 19
coordination-group meetings since 2021): the rule-of-law committee, its office, its four coordination
groups, the party committee's standing meetings and the government's executive meetings deliberating
rule-of-law topics, each with its topics and decisions. When fazhi.tasks is installed, the office
turns some of this year's decisions into tasks of its yearly plan (built by the tasks demo before us).

Called by `fazhi.core.demo.build` inside its transaction, audited as SYSTEM; randomness from `city.rng`.
Meetings fall in the twelve months before today, so the demo builds on any day.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps

from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.meetings import services
from fazhi.meetings.models import MeetingKind as K
from fazhi.procedures import clock

D = datetime.date
DAY = datetime.timedelta(days=1)

# (kind, title after the city's name, place, topics [(title, rule of law)], decisions [(text, unit, days)])
# A unit key: "justice", "gov", "party", or a city department's name after the city's name.
MEETINGS: list[tuple[str, str, str, list[tuple[str, bool]], list[tuple[str, str, int]]]] = [
    (K.COMMITTEE, "委全面依法治市委员会第{n}次会议", "市委常委会议室",
     [("传达学习中央全面依法治国工作会议精神", True), ("审议本年度全面依法治市工作要点", True),
      ("审议法治政府建设年度报告", True)],
     [("各成员单位对照工作要点制定本单位落实方案", "justice", 30),
      ("市政府常务会议每季度听取一次法治政府建设情况汇报", "gov", 90)]),
    (K.COMMITTEE, "委全面依法治市委员会第{n}次会议", "市委常委会议室",
     [("听取法治督察发现问题整改情况汇报", True), ("审议法治为民办实事项目清单", True)],
     [("对督察发现问题逐项销号，逾期未整改的约谈主要负责人", "justice", 60),
      ("组织实施年度法治为民办实事项目，每季度报送进展", "justice", 120)]),
    (K.COMMITTEE, "委全面依法治市委员会第{n}次会议", "市委常委会议室",
     [("审议党政主要负责人述法工作方案", True), ("研究法治建设绩效考评办法", True)],
     [("年底前组织党政主要负责人现场述法", "justice", 150)]),
    (K.COMMITTEE, "委全面依法治市委员会第{n}次会议", "市委常委会议室",
     [("听取法治建设绩效考评情况汇报", True), ("研究部署法治政府建设示范创建工作", True)],
     [("制定法治政府建设示范创建方案", "justice", 45)]),
    (K.OFFICE, "委依法治市办第{n}次主任会议", "市司法局会议室",
     [("研究年度工作任务分解", True), ("协调小组年度工作安排", True)],
     [("将年度工作要点分解到责任单位并明确完成时限", "justice", 20)]),
    (K.OFFICE, "委依法治市办第{n}次主任会议", "市司法局会议室",
     [("研究法治督察工作方案", True)],
     [("组织开展法治政府建设专项督察", "justice", 75)]),
    (K.OFFICE, "委依法治市办第{n}次主任会议", "市司法局会议室",
     [("通报重点任务推进情况", True), ("研究逾期任务督办措施", True)],
     [("对逾期任务的牵头单位发送提醒函", "justice", 10)]),
    (K.OFFICE, "委依法治市办第{n}次主任会议", "市司法局会议室",
     [("研究行政执法案卷评查工作", True)],
     [("组织全市行政执法案卷评查", "市场监督管理局", 90), ("规范执法公示信息更新", "城市管理综合行政执法局", 60)]),
    (K.OFFICE, "委依法治市办第{n}次主任会议", "市司法局会议室",
     [("研究法治为民办实事项目推进情况", True)],
     [("对进度滞后的办实事项目开展实地督导", "justice", 30)]),
    (K.OFFICE, "委依法治市办第{n}次主任会议", "市司法局会议室",
     [("研究年度法治政府建设报告起草工作", True)],
     [("各部门报送年度法治政府建设情况", "justice", 40)]),
    (K.COORDINATION_GROUP, "委依法治市委员会立法协调小组会议", "市人大常委会会议室",
     [("审议年度立法计划建议项目", True), ("研究基层立法联系点建设", True)],
     [("完善基层立法联系点工作规则", "justice", 60)]),
    (K.COORDINATION_GROUP, "委依法治市委员会执法协调小组会议", "市司法局会议室",
     [("研究行政执法“三项制度”落实情况", True), ("研究免罚轻罚清单", True)],
     [("修订免罚轻罚清单并向社会公布", "市场监督管理局", 90),
      ("开展道路交通安全和运输执法领域突出问题专项整治", "交通运输局", 120)]),
    (K.COORDINATION_GROUP, "委依法治市委员会司法协调小组会议", "市中级人民法院会议室",
     [("研究诉源治理和多元解纷工作", True)],
     [("推进法院“一站式”多元解纷", "justice", 90)]),
    (K.COORDINATION_GROUP, "委依法治市委员会守法普法协调小组会议", "市司法局会议室",
     [("审议“八五”普法中期评估报告", True), ("研究普法责任清单", True)],
     [("各部门公布年度普法责任清单", "教育局", 30)]),
    (K.COORDINATION_GROUP, "委依法治市委员会执法协调小组会议", "市司法局会议室",
     [("研究综合行政执法改革推进情况", True)],
     [("明确乡镇赋权事项清单", "城市管理综合行政执法局", 60)]),
    (K.COORDINATION_GROUP, "委依法治市委员会守法普法协调小组会议", "市司法局会议室",
     [("研究宪法宣传周活动方案", True)],
     [("组织宪法宣传周系列活动", "教育局", 45)]),
    (K.PARTY_STANDING, "委常委会会议（第{n}次）", "市委常委会议室",
     [("听取全面依法治市工作情况汇报", True), ("研究干部人事事项", False)],
     [("将法治建设纳入领导班子和领导干部年度考核", "party", 60)]),
    (K.PARTY_STANDING, "委常委会会议（第{n}次）", "市委常委会议室",
     [("审议法治政府建设年度报告", True), ("研究经济运行工作", False)],
     [("按时向社会公开法治政府建设年度报告", "gov", 30)]),
    (K.PARTY_STANDING, "委常委会会议（第{n}次）", "市委常委会议室",
     [("专题学习《中华人民共和国行政复议法》", True)],
     []),
    (K.GOVERNMENT_EXECUTIVE, "人民政府常务会议（第{n}次）", "市政府常务会议室",
     [("会前学法：重大行政决策程序暂行条例", True), ("审议停车场管理办法（草案）", True),
      ("研究城市更新项目", False)],
     [("做好停车场管理办法公布施行准备", "交通运输局", 30)]),
    (K.GOVERNMENT_EXECUTIVE, "人民政府常务会议（第{n}次）", "市政府常务会议室",
     [("听取法治政府建设情况汇报", True), ("研究民生实事项目", False)],
     [("落实行政机关负责人出庭应诉制度", "justice", 90)]),
]
CHAIRS = {K.COMMITTEE: "委员会主任（市委书记）", K.OFFICE: "依法治市办主任（市司法局局长）",
          K.COORDINATION_GROUP: "协调小组组长", K.PARTY_STANDING: "市委书记", K.GOVERNMENT_EXECUTIVE: "市长"}
ATTENDEES = {K.COMMITTEE: "委员会副主任、委员；依法治市办成员列席",
             K.OFFICE: "办公室副主任、各协调小组联络员",
             K.COORDINATION_GROUP: "协调小组成员单位分管负责人",
             K.PARTY_STANDING: "市委常委；市人大常委会、市政府、市政协有关负责同志列席",
             K.GOVERNMENT_EXECUTIVE: "市长、副市长、秘书长；有关部门主要负责人列席"}


def _unit(city: DemoCity, key: str) -> Any:
    name = city.city.name
    if key == "justice":
        return city.justice_bureau
    if key == "gov":
        return city.city_government
    if key == "party":
        return city.party_committees[city.city.code]
    return city.departments[f"{name}{key}"]


def _host(city: DemoCity, kind: str) -> Any:
    if kind == K.PARTY_STANDING:
        return city.party_committees[city.city.code]
    if kind == K.GOVERNMENT_EXECUTIVE:
        return city.city_government
    return city.justice_bureau  # the committee, its office and its groups are convened by the office


def _plan(office_unit: Any, today: datetime.date) -> Any:
    """This year's plan of the office, when the tasks module is installed (its demo runs before ours)."""
    if not apps.is_installed("fazhi.tasks"):
        return None
    plan_model = apps.get_model("tasks", "Plan")
    return plan_model.objects.filter(unit=office_unit, starts_on__lte=today, ends_on__gte=today).order_by(
        "-starts_on").first()


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    office = city.staff(Role.COORDINATOR, city.justice_bureau)[0]
    start = today - datetime.timedelta(days=360)
    # Spread the meetings over the twelve months before today, in order, a few days apart at least.
    days = sorted(rng.sample(range(0, 359), len(MEETINGS)))
    order = list(range(len(MEETINGS)))
    rng.shuffle(order)
    numbers: dict[str, int] = {}
    decisions = []
    for day, index in zip(days, order, strict=True):
        kind, title, place, topics, items = MEETINGS[index]
        held_on = start + datetime.timedelta(days=day)
        numbers[title] = numbers.get(title, rng.randint(1, 4)) + 1  # numbered on from earlier meetings
        meeting = services.create_meeting(
            actor=office, unit=_host(city, kind), kind=kind, title=city.city.name + title.format(n=numbers[title]),
            held_on=held_on, place=place, chair=CHAIRS[kind], attendees=ATTENDEES[kind],
            topics=[{"title": t, "rule_of_law": rol} for t, rol in topics],
            decisions=[{"text": text, "responsible_unit": _unit(city, key), "due_on": held_on + days_ * DAY}
                       for text, key, days_ in items])
        decisions.extend(meeting.decisions.all())

    plan = _plan(city.justice_bureau, today)
    if plan is None:
        return
    # The office puts about half of the decisions that fall in the plan's period into the plan as tasks.
    eligible = [d for d in decisions if d.due_on and plan.starts_on <= d.due_on <= plan.ends_on
                and d.meeting.held_on >= plan.starts_on]
    for decision in eligible[::2]:
        services.make_task(actor=office, decision=decision, plan=plan, deliverable="落实情况报告")
