"""Demo data: drafting bodies and about 40 normative documents of 云川市, taken through the real procedure.

Called by `fazhi.core.demo.build` (inside its transaction, audited as SYSTEM). Random choices come
from `city.rng` only. The procedure dates what it does "today" (comment opened/closed, filed, the
legality-review deadline); the dates it lets the caller choose (review, deliberation, publication,
effect — and so the filing deadline) are set in 2025–2026 relative to today. One exception: the
comment period cannot be closed on the day it opens, so `comment_opened_on` is moved back before the
period is closed (an ordinary audited save), as if the consultation had started weeks earlier.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.core.files.base import ContentFile

from fazhi.calendar import service as calendar
from fazhi.core.access import Role
from fazhi.core.audit import acting_as
from fazhi.core.demo import DemoCity
from fazhi.core.models import Unit, UnitType
from fazhi.procedures import clock
from fazhi.procedures.services import TransitionRefused, add_attachment, transition
from fazhi.rulemaking import services
from fazhi.rulemaking.models import (
    DeliberationOutcome,
    DocumentState,
    DraftingBody,
    NormativeDocument,
    ReviewOutcome,
)

S = DocumentState
D = datetime.date
DAY = datetime.timedelta(days=1)
CONFIRMED_ON = D(2025, 1, 8)
BASIS = "{name}关于确认行政规范性文件制定主体的公告"

# City departments confirmed as drafting bodies: (name after 云川市, 文号 prefix, subjects of their documents).
DEPARTMENT_BODIES = [
    ("市场监督管理局", "云市监规", ["市场主体登记注册便利化若干规定", "食品小作坊和小餐饮登记管理办法",
                                  "企业信用风险分类监管实施办法"]),
    ("生态环境局", "云环规", ["建设项目环境影响评价分级审批办法", "排污许可证后管理暂行办法"]),
    ("交通运输局", "云交规", ["网络预约出租汽车经营服务管理实施细则", "城市道路占用挖掘管理办法"]),
    ("城市管理综合行政执法局", "云城管规", ["户外广告设施设置管理办法", "建筑垃圾运输处置管理暂行办法"]),
    ("人力资源和社会保障局", "云人社规", ["就业见习管理办法", "职业技能提升补贴申领办法"]),
    ("自然资源和规划局", "云自然资规", ["国有建设用地使用权出让管理办法", "临时用地管理办法"]),
    ("住房和城乡建设局", "云建规", ["物业服务企业信用管理办法", "既有住宅加装电梯实施办法"]),
    ("农业农村局", "云农规", ["农村宅基地审批管理办法", "农业生产社会化服务项目管理暂行办法"]),
    ("卫生健康委员会", "云卫健规", ["医疗机构依法执业自查管理办法", "托育机构备案管理办法"]),
    ("应急管理局", "云应急规", ["安全生产举报奖励办法", "危险化学品经营许可管理实施细则"]),
    ("医疗保障局", "云医保规", ["定点医药机构协议管理办法"]),
    ("商务局", "云商规", ["单用途商业预付卡管理办法"]),
]
# Documents the city government issues (drafted by a department): (subject, leading department).
CITY_GOVERNMENT_DOCS = [
    ("城市道路占用挖掘管理办法", "城市管理综合行政执法局"),
    ("行政规范性文件管理办法", "司法局"),
    ("重大行政决策程序实施办法", "司法局"),
    ("促进民营经济高质量发展若干措施", "发展和改革委员会"),
    ("住宅专项维修资金管理办法", "住房和城乡建设局"),
    ("优化营商环境若干规定", "发展和改革委员会"),
    ("政府投资项目管理暂行办法", "发展和改革委员会"),
    ("城市生活垃圾分类管理办法", "城市管理综合行政执法局"),
]
COUNTY_PREFIX = {"990102": "青府规", "990103": "望府规", "990104": "鹤府规", "990105": "柳府规",
                 "990106": "丹府规"}
COUNTY_SUBJECTS = [
    ("农村人居环境整治长效管护办法", "住房和城乡建设局"), ("小微企业创业担保贷款实施办法", "市场监督管理局"),
    ("集体土地征收补偿安置办法", "自然资源局"), ("违法建设治理办法", "综合行政执法局"),
    ("安全生产网格化管理暂行办法", "应急管理局"), ("个体工商户扶持办法", "市场监督管理局"),
]
MARKET_WORDS = ("市场", "企业", "经营", "营商", "民营", "商业", "物业", "个体", "出让", "网络预约", "许可", "广告")

# Target states, in the order documents are made (40 in all): the home page and the figures need a
# mix, including filings still running and two overdue.
PLAN = ([S.IN_FORCE] * 12 + [S.FILED] * 6 + [S.PUBLISHED] * 4 + ["overdue"] * 2 + [S.DELIBERATION] * 4
        + [S.LEGALITY_REVIEW] * 4 + [S.PUBLIC_COMMENT] * 4 + [S.DRAFTING] * 4)
NUMBERED = (S.PUBLISHED, "overdue", S.FILED, S.IN_FORCE)
FILING_KINDS = {
    "filing_report": "备案报告", "document": "规范性文件正式文本", "drafting_explanation": "起草说明",
    "legality_opinion": "合法性审核意见",
}


def build(city: DemoCity) -> None:
    today = clock.today()
    bodies = _drafting_bodies(city)
    candidates = _candidates(city, bodies)
    city.rng.shuffle(candidates)
    items = [(target, candidate, _dates(city, target, today))
             for target, candidate in zip(PLAN, candidates, strict=False)]
    # 文号 serials follow the publication dates within each drafting body and year.
    numbers: dict[int, str] = {}
    serials: dict[tuple[int, int], int] = {}
    for n in sorted((n for n, (target, *_) in enumerate(items) if target in NUMBERED), key=lambda n: items[n][2]):
        (body, prefix, *_), published_on = items[n][1], items[n][2]
        key = (body.pk, published_on.year)
        serials[key] = serials.get(key, 0) + 1
        numbers[n] = f"{prefix}〔{published_on.year}〕{serials[key]}号"
    for n, (target, candidate, published_on) in enumerate(items):
        _document(city, target, candidate, published_on, today, numbers.get(n, ""))


def _drafting_bodies(city: DemoCity) -> dict[str, tuple[DraftingBody, str]]:
    """The governments and the listed city departments, confirmed; value: (body, 文号 prefix)."""
    bodies: dict[str, tuple[DraftingBody, str]] = {}
    city_gov = city.city_government

    def confirm(unit: Unit, prefix: str, announcer: Unit) -> None:
        body = DraftingBody(unit=unit, confirmed=True, confirmed_on=CONFIRMED_ON,
                            basis_document=BASIS.format(name=announcer.name))
        body.full_clean()
        body.save()
        bodies[unit.name] = (body, prefix)

    confirm(city_gov, "云府规", city_gov)
    for county in city.counties:
        gov = city.governments[county.code]
        confirm(gov, COUNTY_PREFIX[county.code], gov)
    for suffix, prefix, _ in DEPARTMENT_BODIES:
        confirm(city.departments[city.city.name + suffix], prefix, city_gov)
    return bodies


def _candidates(city: DemoCity, bodies: dict) -> list[tuple[DraftingBody, str, Unit, str]]:
    """(body, 文号 prefix, leading unit, title) for every document that could be made."""
    name = city.city.name
    out = []
    body, prefix = bodies[city.city_government.name]
    for subject, dept in CITY_GOVERNMENT_DOCS:
        out.append((body, prefix, city.departments[name + dept], name + subject))
    for suffix, _, subjects in DEPARTMENT_BODIES:
        unit = city.departments[name + suffix]
        body, prefix = bodies[unit.name]
        out.extend((body, prefix, unit, name + subject) for subject in subjects)
    for county in city.counties:
        body, prefix = bodies[city.governments[county.code].name]
        for subject, dept in city.rng.sample(COUNTY_SUBJECTS, 2):
            out.append((body, prefix, city.departments[county.name + dept], county.name + subject))
    return out


def _drafter(city: DemoCity, unit: Unit) -> Any:
    """The unit's legal officer; for a justice bureau (no legal officer) its coordinator."""
    staff = city.staff(Role.LEGAL_OFFICER, unit) or city.staff(Role.COORDINATOR, unit)
    return staff[0]


def _reviewer(city: DemoCity, unit: Unit) -> Any:
    return city.staff(Role.REVIEWER, city.justice_bureaus[unit.region_id])[0]


def _dates(city: DemoCity, target: str, today: datetime.date) -> datetime.date:
    """The (planned) publication date that the earlier steps are dated back from: overdue filings
    40–70 days ago, running ones within the last 25 days, filed ones from February 2025 to a month
    ago, documents still in preparation in the coming weeks."""
    rng = city.rng
    if target == "overdue":
        return today - rng.randint(40, 70) * DAY
    if target == S.PUBLISHED:
        return today - rng.randint(0, 25) * DAY
    if target not in (S.FILED, S.IN_FORCE):  # not yet published: the earlier steps are recent
        return today + rng.randint(0, 20) * DAY
    earliest = D(2025, 2, 1)
    span = max((today - 31 * DAY - earliest).days, 1)
    return earliest + rng.randint(0, span) * DAY


def _document(city: DemoCity, target: str, candidate: tuple, published_on: datetime.date,
              today: datetime.date, number: str) -> None:
    body, _prefix, unit, title = candidate
    rng = city.rng
    drafter, reviewer = _drafter(city, unit), _reviewer(city, unit)
    market = any(word in title for word in MARKET_WORDS)
    subject, kind = title[len(unit.region.name):], "办法"
    for suffix in ("若干规定", "若干措施", "实施细则", "暂行办法", "实施办法", "办法"):
        if subject.endswith(suffix):
            subject, kind = subject.removesuffix(suffix), suffix.removeprefix("若干").removeprefix("实施")
            break
    doc = services.create_document(
        actor=drafter, title=title, drafting_body=body, leading_unit=unit, market_related=market,
        text=f"第一条 为了做好{subject}工作，根据有关法律、法规和规章，"
             f"结合本{'市' if unit.region_id == city.city.code else '地'}实际，制定本{kind}。\n"
             f"第二条 本行政区域内的{subject}相关活动，适用本{kind}。\n……\n"
             f"第二十条 本{kind}自公布之日起30日后施行。",
        drafting_explanation=f"《{title}》起草说明：一、制定背景；二、主要内容；三、征求意见情况。",
        legal_bases="《中华人民共和国行政许可法》；国办发〔2018〕37号",
        comment_summary="征求意见期间共收到意见建议{}条，采纳{}条，未采纳的已说明理由。".format(*sorted(
            (rng.randint(0, 12), rng.randint(0, 12)), reverse=True)))
    if target == S.DRAFTING:
        return
    if {today.year, (today + 60 * DAY).year} <= calendar.covered_years():
        _advance(city, doc, target, published_on, drafter, reviewer, today, number, rng)
        return
    # The legal calendar lacks holiday data for the deadlines to come (a demo built in a year the
    # package does not cover yet): a refused step leaves the document at the step it reached.
    with contextlib.suppress(TransitionRefused):
        _advance(city, doc, target, published_on, drafter, reviewer, today, number, rng)


def _advance(city, doc, target, published_on, drafter, reviewer, today, number, rng) -> None:
    step = _stepper(drafter, doc)
    step("open_comment")
    if target == S.PUBLIC_COMMENT:
        return
    # The consultation began long enough ago for the minimum period (30 days covers both limits).
    opened = min(published_on - rng.randint(80, 110) * DAY, today - 45 * DAY)
    doc.comment_opened_on = opened
    with acting_as(drafter):
        doc.save()
    step("close_comment")
    if target == S.LEGALITY_REVIEW:
        return
    reviewed_on = min(published_on - rng.randint(25, 40) * DAY, today)
    passed = rng.random() < 0.7
    services.record_review(
        actor=reviewer, document=doc, outcome=ReviewOutcome.PASS if passed else ReviewOutcome.PASS_AFTER_CHANGES,
        reasons="" if passed else "第五条设定的证明事项无法律依据，应予删除；修改后通过。",
        fair_competition_checked=doc.market_related, reviewed_on=reviewed_on)
    step("to_deliberation")
    if target == S.DELIBERATION:
        return
    held_on = min(published_on - rng.randint(5, 20) * DAY, today)
    meeting = (f"{doc.drafting_body.unit.name}第{rng.randint(10, 60)}次常务会议"
               if doc.drafting_body.unit.unit_type == UnitType.GOVERNMENT else f"{doc.drafting_body.unit.name}局务会议")
    services.record_deliberation(actor=drafter, document=doc, meeting=meeting, held_on=held_on,
                                 outcome=DeliberationOutcome.ADOPTED)
    doc.document_number = number
    doc.registration_number = f"YCDJ-{published_on.year}-{doc.pk:04d}"
    doc.published_on = published_on
    doc.effective_on = published_on + (30 + rng.choice((0, 0, 5, 15))) * DAY
    services.save_document(actor=drafter, document=doc)
    step("register")
    step("publish")
    if target in (S.PUBLISHED, "overdue"):
        return
    for kind, label in FILING_KINDS.items():
        add_attachment(actor=drafter, record=doc, kind=kind, name=f"{label}.txt",
                       file=ContentFile(f"{doc.title}\n{label}\n（演示材料）\n".encode(), name=f"{kind}.txt"))
    step("file")
    if target == S.FILED:
        return
    transition(actor=reviewer, record=doc, name="conform")


def _stepper(actor: Any, doc: NormativeDocument):
    def step(name: str) -> None:
        transition(actor=actor, record=doc, name=name)

    return step
