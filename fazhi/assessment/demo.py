"""Demo records: the city's indicator system for counties and city departments in two yearly
versions, last year's round finished (finalised and published, with a ranking) and this year's
round open for self-assessment, with evidence uploaded by a few units.

Everything goes through the services and the engine; last year's steps are dated. Randomness only
from `city.rng`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from fazhi.assessment import national, scoring, services
from fazhi.assessment.models import (
    AssessmentRound,
    Demonstration,
    DemonstrationKind,
    DemonstrationVillage,
    IndicatorSystem,
    Method,
    NamingLevel,
    ScoreEntry,
)
from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.procedures import clock

D = datetime.date
TITLE = "云川市法治政府建设考核指标体系"
# (level-1 name, points, [(leaf name, points, method, figure key, rule, standard)])
INDICATORS = [
    ("依法行政制度体系", 30, [
        ("行政规范性文件报备率", 10, Method.COMPUTED, "rulemaking.filing.rate", "比例",
         "报备率达到100%得满分，按比例计分。"),
        ("行政规范性文件备案及时率", 10, Method.COMPUTED, "rulemaking.filing.on_time_rate", "阶梯 100:100%; 90:80%; 80:50%",
         "及时率100%得满分，90%以上得80%，80%以上得50%，其余不得分。"),
        ("重大行政决策程序执行", 10, Method.EVIDENCE, "", "",
         "重大行政决策目录向社会公布、履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序的得满分；"
         "缺一项扣2分。"),
    ]),
    ("严格规范公正文明执法", 30, [
        ("行政执法“三项制度”落实", 15, Method.EVIDENCE, "", "",
         "执法公示、执法全过程记录、重大执法决定法制审核制度全面落实的得满分。"),
        ("行政执法案卷评查", 15, Method.DEDUCTION, "", "每项扣 3", "每发现一卷不合格案卷扣3分，扣完为止。"),
    ]),
    ("法治政府建设组织领导", 40, [
        ("法治政府建设年度报告", 20, Method.EVIDENCE, "", "",
         "按时向上级报告并于每年3月31日前向社会公开的得满分；未公开扣10分，逾期报告扣5分。"),
        ("法治督察整改落实", 20, Method.DEDUCTION, "", "每项扣 5", "每有一项整改事项逾期未完成扣5分，扣完为止。"),
    ]),
]
COMMENTS = ["材料齐全，程序规范。", "部分材料未提供原件扫描件。", "公开不及时。", "制度建立但执行记录不完整。"]


def _system(city: DemoCity, office: Any, year: int) -> IndicatorSystem:
    system = services.create_system(
        actor=office, unit=city.justice_bureau, title=TITLE, year=year, categories=["county", "department"],
        description="按《法治政府建设实施纲要（2021—2025年）》和本市法治政府建设考核办法制定；县（市、区）按本级人民政府考核，"
                    "市直部门按本部门考核。")
    for i, (name, points, leaves) in enumerate(INDICATORS, start=1):
        group = services.add_indicator(actor=office, system=system, name=name, points=Decimal(points), position=i)
        for j, (leaf, p, method, key, rule, standard) in enumerate(leaves, start=1):
            services.add_indicator(actor=office, system=system, parent=group, name=leaf, points=Decimal(p),
                                   position=j, method=method, figure_key=key, rule=rule, standard=standard)
    return system


def _departments(city: DemoCity) -> list:
    city_departments = [u for u in city.departments.values() if u.region_id == city.city.code]
    return sorted(city_departments, key=lambda u: u.name)[:6]


def _round(city: DemoCity, office: Any, system: IndicatorSystem, year: int, due: datetime.date) -> AssessmentRound:
    round_ = services.create_round(actor=office, unit=city.justice_bureau, system=system,
                                   title=f"{year}年度云川市法治政府建设考核", year=year, evidence_due_on=due,
                                   objection_days=5, on_portal=True)
    units = [city.governments[c.code] for c in city.counties] + _departments(city)
    services.add_participants(actor=office, round_=round_, units=units)
    return round_


def _uploader(city: DemoCity, unit: Any, office: Any) -> Any:
    staff = city.staff(Role.COORDINATOR) + city.staff(Role.LEGAL_OFFICER)
    for user in staff:
        if user.unit_id == unit.pk or (unit.unit_type == "government" and user.unit.region_id == unit.region_id
                                       and user.unit.parent_id == unit.pk):
            return user
    return office


def _evidence(city: DemoCity, actor: Any, entry: ScoreEntry) -> None:
    name = f"{entry.participant.unit.name}{entry.indicator.name}.txt"
    text = f"{entry.participant.unit.name}\n{entry.indicator.name}\n（演示佐证材料）\n"
    services.upload_evidence(actor=actor, entry=entry, file=ContentFile(text.encode(), name=name))


def _review(city: DemoCity, reviewer: Any, round_: AssessmentRound) -> None:
    rng = city.rng
    scored = scoring.score_round(round_)
    for rows in scored.values():
        for s in rows.values():
            indicator = s.entry.indicator
            if indicator.method == Method.EVIDENCE:
                share = Decimal(rng.choice([100, 100, 90, 80, 70, 50])) / 100
                services.score(actor=reviewer, entry=s.entry, score=(indicator.points * share).quantize(Decimal("1")),
                               comment=rng.choice(COMMENTS))
            elif indicator.method == Method.DEDUCTION:
                services.score(actor=reviewer, entry=s.entry, score=None, deduction_items=rng.choice([0, 0, 1, 1, 2, 3]),
                               comment="依据评查和督察台账核定扣分项。")
            elif s.final is None:
                services.score(actor=reviewer, entry=s.entry, score=indicator.points,
                               comment="本年度无应报备的规范性文件，视为达标。")


def _demonstrations(city: DemoCity, office: Any, today: datetime.date) -> None:
    """Demonstration areas, units and projects, and demonstration villages at every level."""
    rng = city.rng
    counties = [city.governments[c.code] for c in city.counties]
    named = [
        (DemonstrationKind.AREA, "第二批全国法治政府建设示范地区", NamingLevel.NATIONAL, 2022, counties[0],
         "中央全面依法治国委员会办公室命名"),
        (DemonstrationKind.AREA, "省级法治政府建设示范地区", NamingLevel.PROVINCIAL, 2021, counties[1], "省委依法治省办命名"),
        (DemonstrationKind.AREA, "省级法治政府建设示范地区", NamingLevel.PROVINCIAL, 2023, counties[2], "省委依法治省办命名"),
        (DemonstrationKind.AREA, "市级法治政府建设示范地区", NamingLevel.CITY, 2024, counties[3], "市委依法治市办命名"),
    ]
    departments = _departments(city)
    named += [
        (DemonstrationKind.PROJECT, f"{u.short_name or u.name}“{topic}”", level, year, u, "")
        for u, topic, level, year in zip(departments[:3], ["证明事项告知承诺制", "柔性执法清单", "行政复议调解和解"],
                                         [NamingLevel.NATIONAL, NamingLevel.PROVINCIAL, NamingLevel.CITY],
                                         [2022, 2023, 2024], strict=False)
    ]
    named += [(DemonstrationKind.UNIT, "市级法治政府建设示范单位", NamingLevel.CITY, 2025, u, "") for u in departments[3:5]]
    for kind, name, level, year, unit, document in named:
        if year <= today.year:
            services.save_demonstration(actor=office, demonstration=Demonstration(
                kind=kind, name=name, level=level, year=year, unit=unit, naming_document=document))
    levels = [NamingLevel.NATIONAL, NamingLevel.PROVINCIAL, NamingLevel.PROVINCIAL] + [NamingLevel.CITY] * 4 + \
        [NamingLevel.COUNTY] * 8
    for village, level in zip(rng.sample(city.villages, k=len(levels)), levels, strict=True):
        county = village.code[:6]
        services.save_village(actor=office, village=DemonstrationVillage(
            village=village, unit=city.justice_bureaus[county], level=level,
            year=rng.randint(max(2010, today.year - 12), today.year - 1),
            naming_document={NamingLevel.NATIONAL: "司法部、民政部命名", NamingLevel.PROVINCIAL: "省司法厅、省民政厅命名",
                             NamingLevel.CITY: "市司法局、市民政局命名", NamingLevel.COUNTY: "县司法局、县民政局命名"}[level]))


def build(city: DemoCity) -> None:
    today = clock.today()
    office = city.staff(Role.COORDINATOR, city.justice_bureau)[0]
    reviewer = (city.staff(Role.REVIEWER, city.justice_bureau) or [office])[0]
    last, this = today.year - 1, today.year

    # Last year's version, frozen by last year's round; this year's is a new version of it.
    previous = _system(city, office, last)
    done = _round(city, office, previous, last, D(last, 12, 10))
    services.take_step(actor=office, round_=done, name="open", on=D(last, 11, 20))
    for participant in done.participants.select_related("unit"):
        services.submit(actor=_uploader(city, participant.unit, office), participant=participant, on=D(last, 12, 8))
    services.take_step(actor=office, round_=done, name="start_review", on=D(last, 12, 11))
    _review(city, reviewer, done)
    services.take_step(actor=office, round_=done, name="notify_results", on=D(last, 12, 15))
    services.take_step(actor=office, round_=done, name="finalise", on=D(last, 12, 29))
    services.take_step(actor=office, round_=done, name="publish", on=D(last, 12, 30))

    current = services.new_version(actor=office, system=previous)
    current.year = this
    services.save_system(actor=office, system=current)
    _demonstrations(city, office, today)
    open_round = _round(city, office, current, this, max(today + datetime.timedelta(days=20), D(this, 12, 10)))
    services.take_step(actor=office, round_=open_round, name="open")
    # A few units have started: self-scores and evidence on the evidence-scored indicators.
    participants = list(open_round.participants.select_related("unit"))
    for participant in city.rng.sample(participants, k=min(4, len(participants))):
        actor = _uploader(city, participant.unit, office)
        for entry in participant.entries.select_related("indicator", "participant__round", "participant__unit"):
            if entry.indicator.method == Method.EVIDENCE:
                services.self_assess(actor=actor, entry=entry, self_score=entry.indicator.points,
                                     self_note="已按要求落实，详见佐证材料。")
                _evidence(city, actor, entry)
    # The city prepares its application as a national demonstration city: a self-assessment
    # against the shipped template, frozen, with the city government as the assessed unit.
    template = national.create(actor=office, unit=city.justice_bureau, year=this)
    services.freeze_system(actor=office, system=template)
    self_round = services.create_round(actor=office, unit=city.justice_bureau, system=template,
                                       title=f"{this}年云川市法治政府建设示范创建自评", year=this,
                                       evidence_due_on=max(today + datetime.timedelta(days=30), D(this, 12, 20)),
                                       objection_days=5)
    services.add_participants(actor=office, round_=self_round, units=[city.governments[city.city.code]])
    services.take_step(actor=office, round_=self_round, name="open")
