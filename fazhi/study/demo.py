"""Demo records of law study and exams: the study rules (after Mouding's 集体学法常态化), a year of study
sessions of every department (some months missed: those units appear in breach), court-hearing
attendance, central-group and standing-meeting study, a bank of 62 questions on the four laws of
administrative procedure, one pre-appointment exam with 30 sittings and an open annual test."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from fazhi.core.access import SYSTEM
from fazhi.core.demo import DemoCity
from fazhi.core.models import UnitType
from fazhi.procedures import clock
from fazhi.study import services
from fazhi.study.models import ExamKind, Period, Question, StudyKind
from fazhi.study.questions import QUESTIONS

MOUDING = ("本地规定。参照牟定县“集体学法常态化”做法（楚雄州委政法委网站2021年9月6日报道）：{rule}")
RULES = [
    ("每个部门每月至少集体学法1次", StudyKind.UNIT_MONTHLY, 1, Period.MONTH, [UnitType.DEPARTMENT],
     "县级各单位、各乡镇每月在职工会、党委（党组）中心组学习会议开展1次集中学法"),
    ("每个部门每年至少组织旁听庭审1次", StudyKind.COURT_HEARING, 1, Period.YEAR, [UnitType.DEPARTMENT],
     "各单位每年最少组织1次干部职工旁听县人民法院庭审活动"),
    ("政府常务会议每季度至少会前学法1次", StudyKind.STANDING_MEETING, 1, Period.QUARTER, [UnitType.GOVERNMENT],
     "县委常委会、县政府常务会每季度集中开展1次学法"),
]
TOPICS = [
    ("学习《中华人民共和国行政处罚法》", "《中华人民共和国行政处罚法》"),
    ("学习《中华人民共和国行政许可法》", "《中华人民共和国行政许可法》"),
    ("学习新修订的《中华人民共和国行政复议法》", "《中华人民共和国行政复议法》"),
    ("学习《中华人民共和国行政诉讼法》与行政机关负责人出庭应诉", "《中华人民共和国行政诉讼法》"),
    ("学习习近平法治思想", "《习近平法治思想学习纲要》"),
    ("学习《中华人民共和国宪法》", "《中华人民共和国宪法》"),
    ("学习《优化营商环境条例》", "《优化营商环境条例》"),
    ("学习《中华人民共和国民法典》", "《中华人民共和国民法典》"),
    ("学习《重大行政决策程序暂行条例》", "《重大行政决策程序暂行条例》"),
    ("学习《中华人民共和国行政强制法》", "《中华人民共和国行政强制法》"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def _name(city: DemoCity) -> str:
    return city.rng.choice(SURNAMES) + "".join(city.rng.choice(GIVEN) for _ in range(city.rng.randint(1, 2)))


def _months_back(today: datetime.date, n: int) -> list[datetime.date]:
    """The first days of the n complete months before today's month, oldest first."""
    year, month = today.year, today.month
    out = []
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(datetime.date(year, month, 1))
    return list(reversed(out))


def _session(city: DemoCity, unit: Any, kind: str, on: datetime.date, topic: str, laws: str, venue: str = "",
             absent_share: float = 0.1) -> None:
    session = services.create_session(actor=SYSTEM, unit=unit, kind=kind, held_on=on, topic=topic, laws=laws,
                                       speaker=_name(city), venue=venue)
    staff = [u for u in city.users.values() if u.unit_id == unit.pk]
    present = [u for u in staff if city.rng.random() > absent_share]
    absent = [u for u in staff if u not in present]
    names = {_name(city) for _ in range(city.rng.randint(2, 4))}
    missing = {n for n in names if city.rng.random() < absent_share}
    services.set_attendance(actor=SYSTEM, session=session, present_users=present, absent_users=absent,
                            present_names=sorted(names - missing), absent_names=sorted(missing))


def build(city: DemoCity) -> None:
    today = clock.today()
    # The rules are a county's (as Mouding's): its justice bureau sets them for the county's units.
    county = city.counties[0]
    for title, kind, count, period, types, text in RULES:
        services.create_rule(actor=SYSTEM, unit=city.justice_bureaus[county.code], title=title, kind=kind, required_count=count,
                             period=period, unit_types=list(types), source=MOUDING.format(rule=text))
    _sessions(city, today, county.code)
    bank = _bank(city)
    _exams(city, bank)


def _sessions(city: DemoCity, today: datetime.date, county: str) -> None:
    months = _months_back(today, 12)
    departments = sorted((u for u in city.departments.values() if u.region_id == county), key=lambda u: u.pk)
    # A few units in breach: some miss a month or two, one has stopped studying for half a year.
    laggards = set(city.rng.sample(range(len(departments)), 2))
    stopped = set(city.rng.sample(sorted(laggards), 1))
    for i, unit in enumerate(departments):
        for m, first in enumerate(months):
            if i in stopped and m >= 6 or i in laggards and city.rng.random() < 0.2:
                continue
            topic, laws = TOPICS[(i + m) % len(TOPICS)]
            _session(city, unit, StudyKind.UNIT_MONTHLY, first + datetime.timedelta(days=city.rng.randint(2, 25)),
                     topic, laws)
        if city.rng.random() < 0.8:
            court = city.courts.get(unit.region_id, city.courts[city.city.code])
            on = months[city.rng.randrange(len(months))] + datetime.timedelta(days=city.rng.randint(5, 20))
            _session(city, unit, StudyKind.COURT_HEARING, on, "组织干部职工旁听行政诉讼案件庭审",
                     "《中华人民共和国行政诉讼法》", venue=f"{court.name}（行政诉讼案件公开庭审）", absent_share=0.05)
    for code in (county,):
        government = city.governments[code]
        for first in months[2::3]:
            topic, laws = TOPICS[city.rng.randrange(len(TOPICS))]
            _session(city, government, StudyKind.STANDING_MEETING, first + datetime.timedelta(days=9),
                     "政府常务会议会前" + topic, laws, absent_share=0.05)
        committee = city.party_committees[code]
        for first in months[1::6]:
            _session(city, committee, StudyKind.CENTRAL_GROUP, first + datetime.timedelta(days=14),
                     "理论学习中心组专题学法：深入学习贯彻习近平法治思想", "《习近平法治思想学习纲要》", absent_share=0.05)


def _bank(city: DemoCity) -> list[Question]:
    return [services.create_question(actor=SYSTEM, unit=city.justice_bureau, qtype=qtype, stem=stem,
                                     options=options, answer=answer, source=source, tags=topic)
            for qtype, stem, options, answer, source, topic in QUESTIONS]


def _answers(city: DemoCity, sitting: Any, skill: float) -> dict[int, str]:
    answers = {}
    for item in sitting.items.all():
        if city.rng.random() < skill:
            answers[item.position] = item.correct
        elif item.qtype == "judge":
            answers[item.position] = "F" if item.correct == "T" else "T"
        else:
            letters = "ABCD"[:len(item.options)]
            answers[item.position] = city.rng.choice([c for c in letters if c not in item.correct] or ["A"])
    return answers


def _exams(city: DemoCity, bank: list[Question]) -> None:
    # Times follow the platform's today (tests fix it) at the current time of day.
    now = timezone.now()
    now = now.replace(year=clock.today().year, month=clock.today().month, day=clock.today().day)
    candidates = sorted((u for u in city.users.values() if u.unit_id and u.username != "admin"),
                        key=lambda u: u.pk)
    picked = city.rng.sample(candidates, min(30, len(candidates)))
    opens = (now - datetime.timedelta(days=40)).replace(hour=9, minute=0, second=0, microsecond=0)
    exam = services.create_exam(
        actor=SYSTEM, candidates=picked, unit=city.justice_bureau, kind=ExamKind.PRE_APPOINTMENT,
        title=f"{city.city.name}{opens.year}年科级领导干部任前法律知识考试", time_limit_minutes=40, pass_mark=60,
        single_count=10, single_points=5, multiple_count=5, multiple_points=6, judge_count=5, judge_points=4,
        opens_at=opens, closes_at=opens + datetime.timedelta(days=3))
    for i, user in enumerate(picked):
        start = opens + datetime.timedelta(hours=i % 8, minutes=city.rng.randint(0, 50))
        sitting = services.start_sitting(actor=user, exam=exam, now=start)
        answers = _answers(city, sitting, city.rng.uniform(0.55, 0.95))
        if i == 7:  # one candidate lets the time run out after answering half: closed on what was saved
            half = dict(list(answers.items())[:10])
            services.save_answers(actor=user, sitting=sitting, answers=half, now=start + datetime.timedelta(minutes=20))
            services.close_expired(now=sitting.deadline_at + datetime.timedelta(minutes=5), candidate=user)
            continue
        services.submit(actor=user, sitting=sitting, answers=answers,
                        now=start + datetime.timedelta(minutes=city.rng.randint(15, 38)))
    # The annual knowledge test of the justice bureau's staff, open now.
    annual = services.create_exam(
        actor=SYSTEM, candidates=[], candidate_unit=city.justice_bureau, unit=city.justice_bureau,
        kind=ExamKind.ANNUAL, title=f"{city.city.name}{now.year}年度法治政府建设知识测试", time_limit_minutes=30,
        pass_mark=60, single_count=10, single_points=5, multiple_count=5, multiple_points=6, judge_count=5,
        judge_points=4, opens_at=now - datetime.timedelta(days=2), closes_at=now + datetime.timedelta(days=12))
    staff = [u for u in candidates if u.unit_id == city.justice_bureau.pk]
    for user in staff[: max(1, len(staff) // 2)]:
        sitting = services.start_sitting(actor=user, exam=annual, now=now - datetime.timedelta(days=1))
        services.submit(actor=user, sitting=sitting, answers=_answers(city, sitting, 0.8),
                        now=now - datetime.timedelta(days=1) + datetime.timedelta(minutes=25))
