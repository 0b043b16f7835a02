"""Demo data: the office's duty-report schedule with 12 principal leaders — 8 on site (as the 8 leaders of
Xiangtan's "现场述法 + 书记点评") and 4 in writing — in every state: planned, reported, commented by the
party secretary, scored by the review panel, published.

Called by `fazhi.core.demo.build` inside its transaction, audited as SYSTEM; randomness from `city.rng`.
The reports fall in the hundred days before today (the later ones are still to come), so the demo
builds on any day.
"""

from __future__ import annotations

import datetime

from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.dutyreports import services
from fazhi.dutyreports.models import Mode, ReportState
from fazhi.procedures import clock

D = datetime.date
DAY = datetime.timedelta(days=1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国志强文华明海玉兰国庆永红晓东卫东春生丽娟德胜"
CITY_DEPARTMENTS = ["市场监督管理局", "生态环境局", "交通运输局", "城市管理综合行政执法局", "住房和城乡建设局",
                    "人力资源和社会保障局", "自然资源和规划局"]
# The order of the states over the 12 reports (earliest first): published first, planned last.
STATES = [ReportState.PUBLISHED] * 4 + [ReportState.SCORED] * 2 + [ReportState.COMMENTED] * 2 + \
    [ReportState.SUBMITTED] * 2 + [ReportState.PLANNED] * 2
PATH = {ReportState.PLANNED: [], ReportState.SUBMITTED: ["submit"], ReportState.COMMENTED: ["submit", "comment"],
        ReportState.SCORED: ["submit", "comment", "close_scoring"],
        ReportState.PUBLISHED: ["submit", "comment", "close_scoring", "publish"]}
REPORT = ("一、履行推进法治建设第一责任人职责情况：{year}年，本人主持召开{n}次党委（党组）会议专题研究法治建设，"
          "带头学法{m}次。\n二、存在的问题：{problem}。\n三、下一步打算：压实责任，抓好督察发现问题整改。")
PROBLEMS = ["行政执法公示信息更新不及时", "重大行政决策合法性审核还不够规范", "行政复议纠错后跟踪整改不到位",
            "普法责任清单落实不够有力", "基层法治建设力量较为薄弱"]
COMMENTS = ["述法内容实事求是，对问题的分析较为深入；要在行政执法规范化上再下功夫，年内整改到位。",
            "能够认真履行第一责任人职责，但对督察反馈问题的整改进度偏慢，要明确时限、专人盯办。",
            "述法重点突出、措施具体；要进一步发挥法律顾问作用，提升依法决策水平。",
            "工作有成效，也要清醒看到差距，特别是行政应诉败诉率偏高的问题，要举一反三。"]


def _person(rng, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    first = today - 100 * DAY
    year = first.year
    office = city.staff(Role.COORDINATOR, city.justice_bureau)[0]
    panel = [office, *city.staff(Role.INSPECTOR), *city.staff(Role.REVIEWER, city.justice_bureau)][:5]
    schedule = services.create_schedule(
        actor=office, unit=city.justice_bureau, year=year, title=f"{city.city.name}{year}年度党政主要负责人述法工作安排",
        notes="现场述法与书面述法相结合；现场述法由市委书记逐一点评，评议组现场评分，结果在门户公开。")

    leaders = []
    for county in city.counties:  # 5 county party secretaries report on site
        leaders.append((f"{county.name}委书记", city.party_committees[county.code], Mode.ON_SITE))
    departments = [city.departments[f"{city.city.name}{name}"] for name in CITY_DEPARTMENTS]
    for dept in departments[:3]:
        leaders.append(("党组书记、局长", dept, Mode.ON_SITE))
    for dept in departments[3:7]:
        leaders.append(("党组书记、局长", dept, Mode.WRITTEN))
    rng.shuffle(leaders)

    # Held reports in the hundred days before today (never before 1 January of the schedule's year).
    start = max(first, D(year, 1, 1))
    span = max((today - 5 * DAY - start).days, 1)
    held_days = sorted(start + rng.randrange(span) * DAY for _ in range(10))
    used: set[str] = set()
    for (post, unit, mode), state, n in zip(leaders, STATES, range(12), strict=True):
        on = held_days[n] if n < 10 else today + (10 + 10 * (n - 10)) * DAY
        report = services.create_report(
            actor=office, schedule=schedule, leader_name=_person(rng, used), leader_post=post, leader_unit=unit,
            mode=mode, scheduled_on=on,
            report_text=REPORT.format(year=year, n=rng.randint(2, 6), m=rng.randint(3, 8), problem=rng.choice(PROBLEMS)))
        for step in PATH[state]:
            if step == "close_scoring":
                for reviewer in panel[: rng.randint(3, len(panel))]:
                    services.add_score(actor=reviewer, report=report, score=rng.randint(76, 97))
            step_on = min(on + {"publish": 7, "close_scoring": 1}.get(step, 0) * DAY, today)
            services.take_step(actor=office, report=report, name=step, on=step_on,
                               comment=rng.choice(COMMENTS) if step == "comment" else "")
        if state == ReportState.COMMENTED and rng.random() < 0.5:  # scoring under way
            services.add_score(actor=panel[1], report=report, score=rng.randint(78, 95))
