"""Demo data: case-file review of 云川市 (after the cases demo).

- the city office's default score sheet;
- a yearly plan of the city office over five city-level bodies' cases closed in the year (5%, at least 2
  per body), committed and drawn (verifiable), every drawn file scored with a realistic spread (a few
  不合格), findings for low scores — some corrected and accepted, some reported, some overdue, one due
  soon — one reminder letter and two wrong-case accountability records;
- a quarterly plan of the first county's office, committed but not drawn.

Everything goes through the services and the engine; randomness only from `city.rng`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from fazhi.casereviews import services
from fazhi.casereviews.models import (
    Decision,
    ErrorKind,
    FindingState,
    FoundBy,
    PeriodKind,
    ReviewFinding,
    ScoreCategory,
    period_dates,
)
from fazhi.cases.models import EnforcementCase
from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.enforcement.models import EnforcementBody
from fazhi.procedures import clock

DAY = datetime.timedelta(days=1)
HALF = Decimal("0.5")
# (share of files, deduction range in points): 优秀 / 良好 / 合格 / 不合格
QUALITY = [(0.22, (0, 9)), (0.45, (10, 19)), (0.25, (21, 38)), (0.08, (42, 55))]
PROBLEMS = {
    ScoreCategory.SUBJECT: ["调查询问时仅一名执法人员签名", "执法人员执法证件号码未在笔录中载明"],
    ScoreCategory.FACTS: ["询问笔录未载明询问起止时间和地点", "现场检查笔录无当事人签字且未注明原因",
                          "违法所得计算依据不充分，缺少销售台账佐证", "证据复印件未注明出处、未加盖印章"],
    ScoreCategory.LAW: ["处罚决定书引用法律条款不具体，未引用到款、项", "罚款数额未说明适用裁量基准的情节",
                        "从轻处罚情节认定缺少证据支撑"],
    ScoreCategory.PROCEDURE: ["行政处罚事先告知书未载明要求听证的权利", "重大执法决定未经法制审核即作出",
                              "送达回证缺少送达人签名", "未对现场检查进行音像记录", "超过九十日作出决定且无延期审批"],
    ScoreCategory.DOCUMENTS: ["决定书未载明申请行政复议、提起行政诉讼的途径和期限", "文书存在涂改，未加盖校对章",
                              "案卷材料排列无序，卷内目录与材料不符"],
}
REQUIREMENTS = {
    ScoreCategory.SUBJECT: "严格执行两名以上持证执法人员调查取证制度，规范出示执法证件。",
    ScoreCategory.FACTS: "规范调查取证，完善笔录要素，补强关键证据，举一反三排查同类案卷。",
    ScoreCategory.LAW: "准确引用法律条款，严格执行行政处罚裁量基准并在决定书中说明裁量理由。",
    ScoreCategory.PROCEDURE: "严格执行行政执法“三项制度”，落实告知、法制审核、全过程记录和送达程序。",
    ScoreCategory.DOCUMENTS: "对照行政执法文书格式规范整改，完善案卷归档管理。",
}


def _office_user(city: DemoCity, role: str, unit: Any) -> Any:
    return next(u for u in city.staff(role, unit))


def _score(rng: Any, items: list, deduction: int) -> tuple[dict[int, Decimal], dict[int, str], list]:
    """Points per item: `deduction` points taken in half-point steps from random items, with a reason."""
    points = {item.pk: item.max_points for item in items}
    notes: dict[int, str] = {}
    hit: list = []
    left = Decimal(deduction)
    while left > 0:
        item = rng.choice(items)
        room = points[item.pk]
        if room <= 0:
            continue
        step = min(left, room, Decimal(rng.choice([1, 1, 2, 2, 3])) * HALF * 2)
        points[item.pk] -= step
        left -= step
        if item.pk not in notes:
            notes[item.pk] = rng.choice(PROBLEMS[item.category])
            hit.append(item)
    return points, notes, hit


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    office = city.justice_bureau
    coordinator = _office_user(city, Role.COORDINATOR, office)
    sheet = services.default_sheet(actor=coordinator, unit=office, valid_from=datetime.date(today.year - 1, 1, 1))

    # ---- the yearly plan: committed ten weeks ago over the year's files closed by then ----
    committed_on = today - 70 * DAY
    year = committed_on.year if committed_on.month >= 7 else committed_on.year - 1
    # Five city departments keep the build to a few seconds (each drawn file is ~20 audited rows).
    bodies = list(EnforcementBody.objects.filter(region_id=city.city.code, active=True).exclude(unit=office)
                  .select_related("unit").order_by("pk")[:5])
    reviewers = city.staff(Role.REVIEWER, office) + city.staff(Role.INSPECTOR, office)
    plan = services.create_plan(
        actor=coordinator, office=office, title=f"{city.city.name}{year}年度行政执法案卷评查", year=year,
        period_kind=PeriodKind.YEARLY, ratio_bp=500, min_per_body=2, sheet=sheet, bodies=bodies, reviewers=reviewers)
    drawn_on = committed_on + 2 * DAY
    services.plan_step(actor=coordinator, plan=plan, name="commit", on=committed_on)
    services.plan_step(actor=coordinator, plan=plan, name="draw", on=drawn_on)
    services.plan_step(actor=coordinator, plan=plan, name="start", on=drawn_on + DAY)

    items = list(sheet.items.order_by("order"))
    reviews = list(plan.reviews.select_related("reviewer", "body__unit", "case").order_by("pk"))
    weights = [share for share, _span in QUALITY]
    low: list[tuple[Any, list]] = []
    for review in reviews:
        span = rng.choices([s for _w, s in QUALITY], weights)[0]
        points, notes, hit = _score(rng, items, rng.randint(*span))
        on = min(drawn_on + rng.randint(3, 20) * DAY, today)
        scored = services.score_file(actor=review.reviewer, review=review, points=points, notes=notes, on=on,
                                     comments="案卷材料基本齐全。" if not hit else "主要问题：" + "；".join(notes.values()))
        if scored.total < 80:
            low.append((scored, hit))
    services.plan_step(actor=coordinator, plan=plan, name="finish", on=drawn_on + 22 * DAY)

    # ---- findings: returned to the bodies with 30 days to correct ----
    findings: list[ReviewFinding] = []
    for review, hit in low:
        categories = list(dict.fromkeys(item.category for item in hit))[:2] or [ScoreCategory.DOCUMENTS]
        returned_on = review.scored_on + 3 * DAY
        for category in categories:
            text = "；".join(note for item_id, note in _notes(review).items() if _category(items, item_id) == category)
            findings.append(services.return_finding(
                actor=coordinator, review=review, category=category, text=text or rng.choice(PROBLEMS[category]),
                requirement=REQUIREMENTS[category], returned_on=returned_on, due_on=returned_on + 30 * DAY))
    if findings:  # one returned lately: due soon rather than overdue
        last = findings[-1]
        services.return_finding(actor=coordinator, review=last.review, category=last.category,
                                text="卷内文书未按时间顺序排列，缺少备考表", requirement=REQUIREMENTS[ScoreCategory.DOCUMENTS],
                                returned_on=max(today - 20 * DAY, last.review.scored_on), due_on=today + 2 * DAY)
    for finding in findings:
        roll = rng.random()
        if roll > 0.65 or finding.due_on >= today:
            continue  # still open: overdue on the home page of the body
        legal = city.staff(Role.LEGAL_OFFICER, finding.body.unit)
        actor = legal[0] if legal else coordinator
        reported = min(finding.returned_on + rng.randint(10, 28) * DAY, today)
        services.add_evidence(actor=actor, finding=finding, file=ContentFile(
            b"%PDF-1.4 demo", name=f"correction-{finding.pk}.pdf"))
        services.finding_step(actor=actor, finding=finding, name="correct", on=reported,
                              comment="已组织执法人员对照问题逐项整改，补正相关文书，并开展同类案卷自查。")
        if roll < 0.45:
            services.finding_step(actor=coordinator, finding=finding, name="accept",
                                  on=min(reported + rng.randint(2, 6) * DAY, today))

    # ---- one reminder letter to the body with the most overdue findings ----
    overdue: dict[int, list[ReviewFinding]] = {}
    for finding in ReviewFinding.objects.filter(review__plan=plan, state=FindingState.RETURNED,
                                                due_on__lt=today).order_by("pk"):
        overdue.setdefault(finding.body_id, []).append(finding)
    if overdue:
        worst = max(overdue.values(), key=len)
        services.issue_letter(actor=coordinator, findings=worst, issued_on=today - 3 * DAY)

    # ---- two wrong-case accountability records ----
    failed = [review for review, _hit in low if review.grade == "fail"] or [review for review, _hit in low]
    if failed:
        review = failed[0]
        services.create_accountability(
            actor=coordinator, body=review.body, case=review.case, officers=list(review.case.officers.all()),
            error_kind=ErrorKind.FACTS, found_by=FoundBy.REVIEW, decision=Decision.ADMONITION,
            decided_on=min(review.scored_on + 40 * DAY, today), decided_by=review.body.name,
            description="案卷评查发现该案主要违法事实认定证据不足，处罚决定已由本机关自行撤销。",
            basis="行政执法责任制和行政错案责任追究规定；《中华人民共和国行政处罚法》第四十条、第七十六条")
    county_bodies = list(EnforcementBody.objects.filter(region_id=city.counties[0].code, unit__unit_type="department")
                         .select_related("unit").order_by("pk")[:1])
    if county_bodies:
        body = county_bodies[0]
        services.create_accountability(
            actor=coordinator, body=body, case_number=f"{body.unit.name[:4]}罚〔{today.year - 1}〕17号",
            persons="案件承办人、法制审核人员", error_kind=ErrorKind.LAW, found_by=FoundBy.RECONSIDERATION,
            decision=Decision.CRITICISM, decided_on=today - 45 * DAY, decided_by=f"{body.unit.name}党组",
            description="该案处罚决定因适用依据错误被复议机关撤销。",
            basis="行政错案责任追究规定；《中华人民共和国行政复议法》第六十四条")

    # ---- a quarterly plan of the first county's office, committed, not yet drawn ----
    county = city.counties[0]
    county_office = city.justice_bureaus[county.code]
    county_coordinator = _office_user(city, Role.COORDINATOR, county_office)
    county_sheet = services.default_sheet(actor=county_coordinator, unit=county_office,
                                          valid_from=datetime.date(today.year - 1, 1, 1))
    scope = list(EnforcementBody.objects.filter(region__code__startswith=county.code, active=True)
                 .exclude(unit=county_office).order_by("pk"))
    day = today - 100 * DAY
    for _attempt in range(4):  # the last quarter with closed files in the county
        quarter = (day.month - 1) // 3 + 1
        start, end = period_dates(PeriodKind.QUARTERLY, day.year, quarter, None)
        if EnforcementCase.objects.filter(body__in=scope, closed_on__gte=start, closed_on__lte=end).exists():
            plan = services.create_plan(
                actor=county_coordinator, office=county_office, period_kind=PeriodKind.QUARTERLY, year=day.year,
                quarter=quarter, title=f"{county.name}{day.year}年第{quarter}季度行政执法案卷评查", ratio_bp=1000,
                min_per_body=1, sheet=county_sheet, bodies=scope,
                reviewers=city.staff(Role.REVIEWER, county_office) + city.staff(Role.COORDINATOR, county_office))
            services.plan_step(actor=county_coordinator, plan=plan, name="commit")
            break
        day -= 92 * DAY

def _notes(review: Any) -> dict[int, str]:
    return {s.item_id: s.note for s in review.scores.all() if s.note}


def _category(items: list, item_id: int) -> str:
    return next(item.category for item in items if item.pk == item_id)
