"""Demo: the city's yearly plan (《云川市<year>年法治政府建设工作要点》), 40 measures and 140 tasks over the
city's departments and the county governments, taken through the real services and steps.

Dates are relative to the demo's today (`clock.today()`): tasks due earlier are mostly done (on time
or late), some still running past due (overdue) and a few cancelled; tasks due later are in
progress, waiting for acceptance or just assigned; a handful fall due in the next working days (due
soon). Progress reports are accepted, returned or waiting. Randomness comes from `city.rng` only.
"""

from __future__ import annotations

import datetime

from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.procedures import clock
from fazhi.tasks import services
from fazhi.tasks.models import Task

D = datetime.date

# (measure, topic used in its tasks' titles): the eight parts of a yearly 工作要点, five measures each.
MEASURES = [
    ("健全政府机构职能体系", "政府职能转变"), ("深化“放管服”改革", "行政审批制度改革"),
    ("持续优化法治化营商环境", "营商环境"), ("全面实行权责清单制度", "权责清单"),
    ("推进数字法治政府建设", "数字政府"),
    ("加强重点领域立法", "政府立法"), ("加强行政规范性文件监督管理", "规范性文件备案审查"),
    ("开展规范性文件清理", "文件清理"), ("完善立法工作机制", "立法联系点"), ("推进立法后评估", "立法后评估"),
    ("严格落实重大行政决策程序", "重大行政决策"), ("加强合法性审核", "合法性审核"),
    ("发挥法律顾问和公职律师作用", "法律顾问"), ("推进决策后评估", "决策后评估"), ("规范合同管理", "行政合同审查"),
    ("深化行政执法体制改革", "综合行政执法"), ("全面推行行政执法“三项制度”", "执法三项制度"),
    ("加强重点领域执法", "重点领域执法"), ("推进包容审慎监管", "包容审慎监管"), ("提升执法人员素质", "执法人员培训"),
    ("完善突发事件应对体系", "应急管理"), ("提高依法应急处置能力", "应急预案"), ("加强安全生产执法", "安全生产"),
    ("推进社会信用体系建设", "信用监管"), ("加强基层应急能力", "基层应急"),
    ("加强行政复议工作", "行政复议"), ("规范行政应诉", "行政应诉"), ("完善矛盾纠纷多元化解", "人民调解"),
    ("推进信访法治化", "信访工作"), ("加强公共法律服务", "公共法律服务"),
    ("自觉接受人大和政协监督", "人大代表建议办理"), ("加强审计监督", "审计整改"), ("全面推进政务公开", "政务公开"),
    ("加强政务诚信建设", "政务诚信"), ("落实行政执法责任制", "执法责任制"),
    ("落实党政主要负责人第一责任人职责", "述法工作"), ("加强法治督察", "法治督察"),
    ("开展法治政府示范创建", "示范创建"), ("加强领导干部学法用法", "领导干部学法"), ("加强法治宣传教育", "普法宣传"),
]
# Task titles by topic; 3 or 4 of them per measure (140 in all).
TEMPLATES = ["制定{t}年度工作方案", "开展{t}专项检查", "完善{t}工作制度", "报送{t}工作情况报告",
             "组织{t}业务培训", "开展{t}情况评估"]
DELIVERABLES = ["工作方案", "制度文件", "检查报告", "工作总结", "培训记录", "评估报告"]
LEADERS = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆"]


def _clip(day: D, first: D, last: D) -> D:
    return min(max(day, first), last)


def _working_days_ahead(day: D, n: int) -> D:
    while n:
        day += datetime.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    year = today.year
    starts, ends = D(year, 1, 1), D(year, 12, 31)
    office_unit = city.justice_bureau
    office = city.staff(Role.COORDINATOR, office_unit)[0]
    issued_on = min(today, D(year, 2, 10))

    city_code = city.city.code
    departments = [d for d in city.departments.values() if d.region_id == city_code]
    counties = [city.governments[c.code] for c in city.counties]
    leads = departments + counties
    officers = {u.unit_id: u for u in city.by_role.get(Role.LEGAL_OFFICER, [])}

    plan = services.create_plan(
        actor=office, unit=office_unit, kind="yearly", title=f"《{city.city.name}{year}年法治政府建设工作要点》",
        starts_on=starts, ends_on=ends, document_number=f"{city.city.name[:2]}法治办发〔{year}〕1号",
        basis="根据《法治政府建设实施纲要（2021—2025年）》和省委依法治省办年度工作要点，结合本市实际制定。")

    # Due dates: quarter ends, plus some due in the next working days and some recently overdue.
    due_pool = [D(year, 3, 31), D(year, 6, 30), D(year, 9, 30), D(year, 11, 30), D(year, 12, 20)]
    tasks: list[Task] = []
    n = 0
    for number, (title, topic) in enumerate(MEASURES, start=1):
        measure = services.create_measure(actor=office, plan=plan, number=number, title=title)
        count = 4 if number % 2 == 0 else 3  # 20 × 4 + 20 × 3 = 140
        for template in rng.sample(TEMPLATES, count):
            n += 1
            if n % 17 == 0:
                due = _working_days_ahead(today, rng.randint(1, 3))  # due soon
            elif n % 13 == 0:
                due = today - datetime.timedelta(days=rng.randint(3, 40))  # overdue or done late
            else:
                due = rng.choice(due_pool)
            lead = rng.choice(leads)
            others = [u for u in rng.sample(leads, 3) if u.pk != lead.pk][: rng.randint(0, 2)]
            tasks.append(services.create_task(
                actor=office, plan=plan, measure=measure, title=template.format(t=topic), lead_unit=lead,
                due_on=_clip(due, starts, ends), cooperating_units=others, responsible_leader=rng.choice(LEADERS),
                deliverable=DELIVERABLES[TEMPLATES.index(template)]))
    services.issue_plan(actor=office, plan=plan, on=issued_on)

    for task in tasks:
        task.refresh_from_db()
        reporter = officers.get(task.lead_unit_id, office)
        roll = rng.random()
        if task.due_on < today:
            if roll < 0.62:
                _finish(task, reporter, office, _clip(task.due_on - datetime.timedelta(days=rng.randint(0, 25)),
                                                      issued_on, today))
            elif roll < 0.77:
                _finish(task, reporter, office, min(today, task.due_on + datetime.timedelta(days=rng.randint(3, 30))))
            elif roll < 0.95:
                _progress(task, reporter, office, rng, today, issued_on)  # still running past due: overdue
            else:
                services.take_step(actor=office, task=task, name="cancel", on=today,
                                   comment="因机构职能调整，该项任务不再单独推进。")
        elif roll < 0.15 and issued_on < today:
            _finish(task, reporter, office, today - datetime.timedelta(days=rng.randint(0, (today - issued_on).days)))
        elif roll < 0.25 and issued_on < today:
            _progress(task, reporter, office, rng, today, issued_on, percent=100)
            services.take_step(actor=reporter, task=task, name="submit")  # waiting for the office
        elif roll < 0.80 and issued_on < today:
            _progress(task, reporter, office, rng, today, issued_on)
        # else: assigned, nothing reported yet

    # Meeting decisions become tasks without a measure.
    services.create_task(
        actor=office, plan=plan, title="研究制定行政执法监督工作规定", lead_unit=office_unit,
        due_on=_clip(today + datetime.timedelta(days=60), starts, ends), responsible_leader="张伟",
        source=f"{city.city.name}法治政府建设领导小组会议 {issued_on.isoformat()} 决定")


def _report(task: Task, reporter, office, on: D, percent: int, verdict: str) -> None:
    text = f"{task.lead_unit.name}已按计划推进“{task.title}”，完成进度{percent}%。"
    report = services.submit_progress(actor=reporter, task=task, percent=percent, text=text, reported_on=on)
    if verdict == "accept":
        services.review_progress(actor=office, report=report, accept=True, comment="进展符合要求。")
    elif verdict == "return":
        services.review_progress(actor=office, report=report, accept=False, comment="佐证材料不足，请补充后重新报送。")


def _finish(task: Task, reporter, office, on: D) -> None:
    _report(task, reporter, office, on, 100, "accept")
    services.take_step(actor=reporter, task=task, name="submit")
    services.take_step(actor=office, task=task, name="accept", on=on)


def _progress(task: Task, reporter, office, rng, today: D, issued_on: D, percent: int | None = None) -> None:
    """One report (accepted, returned or waiting), or for one task in four an earlier accepted one too."""
    if rng.random() < 0.25:
        first = issued_on + datetime.timedelta(days=max(1, (today - issued_on).days // 3))
        _report(task, reporter, office, min(first, today), rng.choice((20, 30, 40)), "accept")
    verdict = "none" if percent else rng.choices(("accept", "return", "none"), weights=(5, 2, 3))[0]
    _report(task, reporter, office, today, percent or rng.choice((50, 60, 70, 80)), verdict)
