"""Demo data: 云川市's legislative plans of last year and this year (2025 and 2026 when built in 2026),
8 grassroots legislative contact points with about 30 collection points, about 150 opinions gathered
on the drafts, and 4 post-legislative evaluations.

Called by `fazhi.core.demo.build` (inside its transaction, audited as SYSTEM). Random choices come
from `city.rng` only. Projects move through the real procedure with dated steps; every date is laid
out between the plan's approval and today (compressed when the year is not over yet), so the demo
builds on any day. Opinions are recorded by the coordinator of the contact point's county while the
draft is open, and answered (adopted or not) by the city's coordinator.
"""

from __future__ import annotations

import datetime
from typing import Any

from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.core.models import Unit
from fazhi.legislation import services
from fazhi.legislation.models import (
    Adoption,
    ContactPoint,
    EvaluationMethod,
    HostType,
    LawKind,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PointKind,
    ProjectCategory,
    ProjectStatus,
    Recommendation,
)
from fazhi.procedures import clock

D = datetime.date
DAY = datetime.timedelta(days=1)
S = ProjectStatus
POLICE = "公安局"  # the city's public security bureau (not a government department in DemoCity)

# (subject, responsible unit after the city's name, target status), per plan: formal then preparatory.
# Each year: 10 formal + 4 preparatory projects (as in Xiangtan's plan).
LAST_YEAR = {
    LawKind.REGULATION: (
        [("文明行为促进条例", "城市管理综合行政执法局", S.PUBLISHED),
         ("饮用水水源保护条例", "生态环境局", S.PUBLISHED),
         ("历史文化名城保护条例", "文化广电旅游局", S.PUBLISHED),
         ("物业管理条例", "住房和城乡建设局", S.PUBLISHED),
         ("电动自行车管理条例", POLICE, S.REVIEW)],
        [("湿地保护条例", "林业局", S.DRAFTING),
         ("农村人居环境治理条例", "农业农村局", S.PLANNED)]),
    LawKind.RULE: (
        [("停车场管理办法", "交通运输局", S.PUBLISHED),
         ("城市道路桥梁管理办法", "城市管理综合行政执法局", S.PUBLISHED),
         ("城市地下管线管理办法", "住房和城乡建设局", S.PUBLISHED),
         ("公共资源交易管理办法", "政务服务和大数据管理局", S.SUSPENDED),
         ("餐厨垃圾管理办法", "城市管理综合行政执法局", S.PUBLISHED)],
        [("既有住宅加装电梯管理办法", "住房和城乡建设局", S.CONSULTATION),
         ("政府投资审计监督办法", "审计局", S.TERMINATED)]),
}
THIS_YEAR = {
    LawKind.REGULATION: (
        [("养犬管理条例", POLICE, S.PUBLISHED),
         ("河道管理条例", "水利局", S.PASSED),
         ("城市绿化条例", "住房和城乡建设局", S.REVIEW),
         ("扬尘污染防治条例", "生态环境局", S.CONSULTATION),
         ("城乡规划条例", "自然资源和规划局", S.DRAFTING)],
        [("古树名木保护条例", "林业局", S.PLANNED),
         ("无障碍环境建设条例", "民政局", S.PLANNED)]),
    LawKind.RULE: (
        [("燃气管理办法", "住房和城乡建设局", S.PUBLISHED),
         ("公园管理办法", "住房和城乡建设局", S.PUBLISHED),
         ("城市供水用水管理办法", "水利局", S.PASSED),
         ("人民防空工程管理办法", "人民防空办公室", S.REVIEW),
         ("行政执法监督办法", "司法局", S.CONSULTATION)],
        [("农贸市场管理办法", "市场监督管理局", S.DRAFTING),
         ("地名管理办法", "民政局", S.PLANNED)]),
}
# How far each target goes along the main line (suspended / terminated leave it).
LINE = ["start_drafting", "open_consultation", "submit_review", "pass", "publish"]
REACH = {S.PLANNED: 0, S.DRAFTING: 1, S.CONSULTATION: 2, S.REVIEW: 3, S.PASSED: 4, S.PUBLISHED: 5,
         S.SUSPENDED: 1, S.TERMINATED: 0}
# Days after the previous step: (min, max).
GAPS = {"start_drafting": (10, 40), "open_consultation": (40, 80), "submit_review": (30, 45),
        "pass": (30, 60), "approve": (30, 50), "publish": (5, 15)}

OPINIONS = [
    "建议第{n}条增加{topic}的具体标准，便于基层执行。",
    "草案关于{topic}的规定过于原则，建议细化责任主体和办理时限。",
    "建议对{topic}中违法行为的罚款数额设定幅度，体现过罚相当。",
    "建议明确乡镇（街道）在{topic}工作中的职责，避免多头管理、推诿扯皮。",
    "建议增加鼓励社会公众参与{topic}的条款，并明确投诉举报渠道和答复时限。",
    "草案第{n}条与上位法的表述不一致，建议对照修改。",
    "建议对农村地区的{topic}作出区别规定，充分考虑群众的实际承受能力。",
    "建议设置不少于六个月的过渡期，给相关经营者留出整改时间。",
    "建议在附则中明确“{topic}”相关用语的含义，避免执行中理解不一。",
    "建议草案第{n}条规定的审批材料精简为一次提交，推行网上办理。",
]
RESPONSES = {
    Adoption.ADOPTED: ["已采纳，在草案修改稿第{n}条中作了相应规定。", "已采纳，相关表述已按上位法修改。"],
    Adoption.PARTLY: ["部分采纳：原则性内容已写入草案，具体标准将在配套实施细则中明确。",
                      "部分采纳：已增加相关规定，建议中的处罚幅度未予调整。"],
    Adoption.NOT_ADOPTED: ["未采纳：该建议与上位法规定不一致。", "未采纳：相关事项已由其他法规规范，不再重复规定。",
                           "未采纳：该事项属于执行层面问题，已转有关部门研究。"],
}
ROLES = ["居民", "村民", "社区工作者", "律师", "个体工商户", "企业职工", "人大代表", "退休教师"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
ROADS = ["人民路", "解放路", "建设路", "滨江路", "文化路", "新华街", "中山路", "和平街"]

EVALUATIONS = [
    # (title, evaluating unit key, method, third party, started, finished, recommendation, findings)
    ("云川市城市市容和环境卫生管理条例", "congress", EvaluationMethod.THIRD_PARTY, "云川大学法学院",
     (-1, 3, 1), (-1, 9, 20), Recommendation.AMEND,
     "条例施行八年来，市容环境明显改善；但对共享单车停放、建筑垃圾运输等新问题缺乏规定，部分罚款数额偏低，"
     "建议适时修改。"),
    ("云川市城市房屋拆迁管理办法", "justice", EvaluationMethod.SELF, "",
     (-1, 4, 10), (-1, 8, 30), Recommendation.REPEAL,
     "《国有土地上房屋征收与补偿条例》施行后，本办法的主要制度已失去上位法依据，实践中已不再适用，建议废止。"),
    ("云川市城镇排水与污水处理管理办法", "justice", EvaluationMethod.THIRD_PARTY, "云川正衡律师事务所",
     (0, 3, 2), (0, 7, 15), Recommendation.CONTINUE,
     "办法规定的排水许可、设施维护等制度运行良好，执法数据显示违法排水案件逐年下降，建议继续施行。"),
]


def build(city: DemoCity) -> None:
    today = clock.today()
    coordinator = city.staff(Role.COORDINATOR, city.justice_bureau)[0]
    points = _points(city, coordinator, today)
    published: list[LegislativeProject] = []
    for year, plans in ((today.year - 1, LAST_YEAR), (today.year, THIS_YEAR)):
        for kind, (formal, preparatory) in plans.items():
            plan = _plan(city, coordinator, year, kind, today)
            for category, items in ((ProjectCategory.FORMAL, formal), (ProjectCategory.PREPARATORY, preparatory)):
                for subject, unit_suffix, target in items:
                    project = _project(city, coordinator, plan, category, subject, unit_suffix, target, points,
                                       today)
                    if project.status == S.PUBLISHED:
                        published.append(project)
    _evaluations(city, coordinator, published, today)


# ---- contact points ---------------------------------------------------------------------------------


def _county_coordinator(city: DemoCity, unit: Unit) -> Any:
    """The coordinator of the county a unit lies in (the city's for city-level units)."""
    bureau = city.justice_bureaus.get(unit.region_id[:6], city.justice_bureau)
    return city.staff(Role.COORDINATOR, bureau)[0]


def _address(city: DemoCity, *parts: str) -> str:
    return "".join(parts) + f"{city.rng.choice(ROADS)}{city.rng.randint(1, 299)}号"


def _points(city: DemoCity, coordinator: Any, today: datetime.date) -> list[ContactPoint]:
    """8 contact points (in townships of the districts and counties, one in a community, one at a law
    firm) and 3–5 collection points under each, in the contact point's county (as in Baiyin)."""
    rng = city.rng
    contact_points: list[ContactPoint] = []
    used: set[str] = set()  # one point per region: names are "<region>…点"
    for county, count in zip(city.counties, [2, 2, 1, 1, 0], strict=False):
        townships = [t for t in city.township_regions if t.parent_id == county.code]
        for township in rng.sample(townships, count):
            used.add(township.code)
            contact_points.append(_point(city, PointKind.CONTACT, f"{township.name}基层立法联系点",
                                         city.townships[township.code], HostType.TOWNSHIP, None, township, county,
                                         today))
    firm = next(u for u in city.law_firms.values() if u.region_id != city.city.code)
    county = city.regions[firm.region_id]
    contact_points.append(_point(city, PointKind.CONTACT, f"{firm.name}基层立法联系点", firm, HostType.LAW_FIRM,
                                 None, county, county, today))
    county = city.counties[-1]
    village = rng.choice([v for v in city.villages if v.code.startswith(county.code)])
    used.add(village.code)
    contact_points.append(_point(city, PointKind.CONTACT, f"{village.name}基层立法联系点",
                                 city.townships[village.parent_id], HostType.COMMUNITY, None, village, county,
                                 today))
    everything = list(contact_points)
    for parent in contact_points:
        county = city.regions[parent.region_id[:6]]
        candidates = [r for r in city.township_regions + city.villages
                      if r.code.startswith(county.code) and r.code not in used]
        for region in rng.sample(candidates, min(len(candidates), rng.randint(3, 5))):
            used.add(region.code)
            township = region if region.parent_id == county.code else city.regions[region.parent_id]
            host_type = HostType.TOWNSHIP if region is township else HostType.COMMUNITY
            everything.append(_point(city, PointKind.COLLECTION, f"{region.name}立法信息采集点",
                                     city.townships[township.code], host_type, parent, region, county, today))
    # One collection point closed (it stays on record, out of the figures and the portal).
    closed = rng.choice([p for p in everything if p.kind == PointKind.COLLECTION])
    closed.active = False
    services.save_point(actor=coordinator, point=closed)
    return [p for p in everything if p.active]


def _point(city: DemoCity, kind: str, name: str, host: Unit, host_type: str, parent: ContactPoint | None,
           region: Any, county: Any, today: datetime.date) -> ContactPoint:
    rng = city.rng
    contact = kind == PointKind.CONTACT
    first, last = (D(2019, 3, 1), D(2023, 6, 30)) if contact else (D(2021, 1, 1), D(2024, 12, 31))
    established = min(first + rng.randint(0, (last - first).days) * DAY, today)
    place = "" if region.code == county.code else region.name
    return services.create_point(
        actor=_county_coordinator(city, host), kind=kind, name=name, host_unit=host, host_type=host_type,
        parent=parent, region=region, address=_address(city, county.name, place),
        phone=f"0999-{rng.randint(2000000, 8999999)}",
        staff_count=rng.randint(5, 9) if contact else rng.randint(0, 1),
        collector_count=rng.randint(4, 8) if contact else rng.randint(3, 5),
        established_on=established)


# ---- plans and projects -----------------------------------------------------------------------------


def _plan(city: DemoCity, coordinator: Any, year: int, kind: str, today: datetime.date) -> LegislativePlan:
    name = city.city.name
    if kind == LawKind.REGULATION:
        unit, title = city.congresses[city.city.code], f"{name}人大常委会{year}年度立法计划"
    else:
        unit, title = city.city_government, f"{name}人民政府{year}年度立法工作计划"
    approved_on = min(D(year, 2, city.rng.randint(10, 28)), today)
    return services.create_plan(actor=coordinator, unit=unit, year=year, kind=kind, title=title,
                                approved_on=approved_on,
                                notes=f"{year}年度共安排正式项目5件、预备项目2件，另对若干项目开展立法调研。")


def _responsible(city: DemoCity, suffix: str) -> Unit:
    if suffix == POLICE:
        return city.public_security[city.city.code]
    return city.departments[city.city.name + suffix]


def _timeline(city: DemoCity, start: datetime.date, steps: list[str], end: datetime.date) -> list[datetime.date]:
    """Dates of `steps` after `start`, squeezed proportionally into [start, end] when they overrun."""
    dates, day = [], start
    for step in steps:
        low, high = GAPS[step]
        day += city.rng.randint(low, high) * DAY
        dates.append(day)
    if dates and dates[-1] > end:
        span, room = (dates[-1] - start).days, max((end - start).days, 0)
        dates = [start + ((d - start).days * room // span) * DAY for d in dates]
    return dates


def _project(city: DemoCity, coordinator: Any, plan: LegislativePlan, category: str, subject: str,
             unit_suffix: str, target: str, points: list[ContactPoint], today: datetime.date) -> LegislativeProject:
    rng = city.rng
    unit = _responsible(city, unit_suffix)
    drafter = (city.staff(Role.LEGAL_OFFICER, unit) or [coordinator])[0]
    kind = plan.kind
    project = services.create_project(
        actor=coordinator, plan=plan, title=city.city.name + subject, category=category, kind=kind,
        responsible_unit=unit,
        drafting_unit=city.justice_bureau if kind == LawKind.RULE and rng.random() < 0.3 else None,
        description=f"规范{subject.removesuffix('条例').removesuffix('办法').removesuffix('管理')}工作，"
                    f"解决群众反映强烈的突出问题。")
    line = LINE[:REACH[target]]
    steps = list(line)
    if "publish" in steps and project.needs_approval:
        steps.insert(steps.index("publish"), "approve")
    end = min(today, D(plan.year, 12, 26))
    dates = dict(zip(steps, _timeline(city, plan.approved_on, steps, end), strict=True))
    for step in line:
        actor = drafter if step in ("start_drafting", "open_consultation", "submit_review") else coordinator
        if step == "publish":
            project.approved_on = dates.get("approve")
            project.effective_on = dates["publish"] + rng.choice((30, 45, 60)) * DAY
            services.save_project(actor=coordinator, project=project)
        services.take_step(actor=actor, project=project, name=step, on=dates[step])
        if step == "open_consultation":
            closes = dates.get("submit_review", end)
            _opinions(city, project, points, dates[step], closes)
    if target == S.SUSPENDED:
        on = min(dates["start_drafting"] + rng.randint(60, 120) * DAY, today)
        services.take_step(actor=coordinator, project=project, name="suspend", on=on,
                           comment="上位法正在修订，待国家立法明确后再行提请审议。")
    elif target == S.TERMINATED:
        on = min(plan.approved_on + rng.randint(90, 150) * DAY, today)
        services.take_step(actor=coordinator, project=project, name="terminate", on=on,
                           comment="经立项论证，相关事项已由国家和省的立法规范，不再单独立法。")
    if target in (S.REVIEW, S.PASSED, S.PUBLISHED):
        _answer(city, coordinator, project, decided_share=0.6 if target == S.REVIEW else 0.95)
    return project


def _opinions(city: DemoCity, project: LegislativeProject, points: list[ContactPoint], opened: datetime.date,
              closes: datetime.date) -> None:
    rng = city.rng
    topic = project.title.removeprefix(city.city.name).removesuffix("条例").removesuffix("办法")
    span = max((closes - opened).days, 0)
    points = [p for p in points if not p.established_on or p.established_on <= opened]
    for _ in range(rng.randint(6, 10) if points else 0):
        point = rng.choice(points)
        received = opened + rng.randint(0, span) * DAY
        submitter = ""
        if rng.random() < 0.6:
            submitter = f"{rng.choice(SURNAMES)}某某（{rng.choice(ROLES)}）"
        services.create_opinion(
            actor=_county_coordinator(city, point.host_unit), project=project, contact_point=point,
            received_on=received, submitter=submitter,
            content=rng.choice(OPINIONS).format(n=rng.randint(3, 30), topic=topic))


def _answer(city: DemoCity, coordinator: Any, project: LegislativeProject, decided_share: float) -> None:
    """The legislature's decision on each opinion (the draft went on to review)."""
    rng = city.rng
    choices = [Adoption.ADOPTED, Adoption.PARTLY, Adoption.NOT_ADOPTED]
    for opinion in Opinion.objects.filter(project=project).order_by("pk"):
        if rng.random() >= decided_share:
            continue
        opinion.adoption = rng.choices(choices, weights=(4, 3, 3))[0]
        opinion.response = rng.choice(RESPONSES[opinion.adoption]).format(n=rng.randint(3, 30))
        services.save_opinion(actor=coordinator, opinion=opinion)


# ---- post-legislative evaluations --------------------------------------------------------------------


def _evaluations(city: DemoCity, coordinator: Any, published: list[LegislativeProject],
                 today: datetime.date) -> None:
    units = {"congress": city.congresses[city.city.code], "justice": city.justice_bureau}
    for title, unit_key, method, third_party, start, finish, recommendation, findings in EVALUATIONS:
        started = min(D(today.year + start[0], start[1], start[2]), today)
        finished = min(D(today.year + finish[0], finish[1], finish[2]), today)
        services.create_evaluation(
            actor=coordinator, title=city.city.name + title.removeprefix("云川市"), evaluating_unit=units[unit_key],
            method=method, third_party=third_party, started_on=started, finished_on=max(finished, started),
            findings=findings.replace("云川市", city.city.name), recommendation=recommendation)
    # The earliest regulation or rule of last year's plan, one year on: an evaluation under way.
    if published:
        project = min(published, key=lambda p: (p.published_on, p.pk))
        started = min((project.effective_on or project.published_on) + 365 * DAY, today)
        services.create_evaluation(
            actor=coordinator, project=project,
            evaluating_unit=units["congress" if project.kind == LawKind.REGULATION else "justice"],
            method=EvaluationMethod.SELF, started_on=max(started, project.published_on))
