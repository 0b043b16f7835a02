"""Demo data: a year of enforcement cases of 云川市's department enforcement bodies (about 20,000, all
four act types), with discretion benchmarks.

Called by `fazhi.core.demo.build` after the enforcement demo (bodies, officers, items). The year's
ledger goes through the bulk ledger service (`services.bulk_save_imported_cases`: every row checked by
the same rules as one imported case — two officers with valid certificates, dates in order, the same
stored due dates as the procedure — then inserted in batches with one audit event). A few dozen recent
cases are registered on the platform and taken through the procedure's first steps, so live deadlines
show on home pages. Shares follow practice rather than the ideal: penalties ~45 %, inspections ~35 %,
licences ~15 %, compulsory measures ~5 %; ~3 % of penalties major, ~1 % of those decided without a
legal review; ~4 % of decisions published late and a few not at all; a few decisions after the limit;
a few seizures without their continuous recording. Random choices come from `city.rng` only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.calendar import service as calendar
from fazhi.cases import services
from fazhi.cases.models import (
    ActType,
    EnforcementCase,
    InspectionOrigin,
    MeasureKind,
    Outcome,
    PartyKind,
    ReviewConclusion,
)
from fazhi.core.demo import _GIVEN, _SURNAMES, DemoCity
from fazhi.core.validators import id_number_check_char, make_credit_code
from fazhi.enforcement.demo import _coordinator
from fazhi.enforcement.models import EnforcementBody, EnforcementItem, EnforcementOfficer, ItemType
from fazhi.procedures import clock

DAY = datetime.timedelta(days=1)
TOTAL_CASES = 20000  # a year's cases of the city's department bodies
LIVE_CASES = 40  # registered on the platform in the last weeks, their deadlines running
SHARES = [(ActType.PENALTY, 0.45), (ActType.INSPECTION, 0.35), (ActType.LICENSING, 0.15), (ActType.COERCION, 0.05)]
NUMBER_MARK = {ActType.PENALTY: "罚", ActType.INSPECTION: "检", ActType.LICENSING: "许", ActType.COERCION: "强"}
# (circumstance, share of the item's maximum fine: low, high, on the first-offence list)
CIRCUMSTANCES = [("轻微", Decimal("0"), Decimal("0.1"), True), ("一般", Decimal("0.1"), Decimal("0.5"), False),
                 ("严重", Decimal("0.5"), Decimal("1"), False)]
MAX_FINES = [Decimal(n) for n in (5000, 20000, 50000, 100000, 200000)]
TRADES = ["食品", "建材", "物流", "商贸", "餐饮", "科技", "农业", "医药"]
LICENCE_CAUSES = ["食品经营许可", "建设工程规划许可", "药品零售许可", "道路运输经营许可", "排污许可", "卫生许可"]
INSPECTION_CAUSES = ["日常监督检查", "双随机抽查", "投诉举报核查", "专项整治检查"]
MEASURE_CAUSES = {MeasureKind.SEALING: "查封涉嫌违法经营场所", MeasureKind.SEIZURE: "扣押涉嫌违法物品",
                  MeasureKind.FREEZING: "冻结涉案存款"}


class _Year:
    """Builds one body's rows; keeps the serials and the counters that make the shares exact."""

    def __init__(self, city: DemoCity, today: datetime.date, last: datetime.date) -> None:
        self.rng = city.rng
        self.today = today
        self.last = last  # deadlines must fall in years with holiday data
        self.serial = 0
        self.majors = 0
        self.numbers: dict[tuple[int, str, int], int] = defaultdict(int)

    def number(self, body: EnforcementBody, act: str, registered: datetime.date) -> str:
        key = (body.pk, act, registered.year)
        self.numbers[key] += 1
        return f"{body.unit.name[:4]}{NUMBER_MARK[act]}〔{registered.year}〕{self.numbers[key]}号"

    def party(self, body: EnforcementBody) -> dict[str, Any]:
        self.serial += 1
        rng = self.rng
        if rng.random() < 0.3:
            first17 = (f"{body.region_id}{rng.randrange(1960, 2000)}{rng.randrange(1, 13):02d}"
                       f"{rng.randrange(1, 29):02d}{self.serial % 1000:03d}")
            return {"party_kind": PartyKind.PERSON, "party_name": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                    "party_id_number": first17 + id_number_check_char(first17)}
        return {"party_kind": PartyKind.ORGANISATION,
                "party_name": f"{body.region.name}{rng.choice(TRADES)}有限公司（{self.serial}）",
                "party_credit_code": make_credit_code(body.region_id, 500000 + self.serial, prefix="91")}

    def published(self, decided: datetime.date, working_days: int) -> datetime.date | None:
        """Publication: mostly in time, ~4 % late, ~1 % not at all (figures show the gap)."""
        roll = self.rng.random()
        if roll < 0.01:
            return None
        lag = self.rng.randrange(working_days + 2, working_days + 15) if roll < 0.05 else \
            self.rng.randrange(1, working_days + 1)
        day = calendar.add_working_days(decided, lag)
        return day if day <= self.today else None

    def registered(self) -> datetime.date:
        # The year's ledger: registered evenly between a year and seven weeks ago, so its cases are
        # decided — and no later than `last` (their deadlines need holiday data), spread over the whole
        # span rather than piled up on that last day (a monthly trend would show a false peak).
        latest = min(self.today - datetime.timedelta(days=50), self.last)
        earliest = min(self.today - datetime.timedelta(days=365), latest)
        return latest - datetime.timedelta(days=self.rng.randrange(0, (latest - earliest).days + 1))


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    last_registration = datetime.date(max(calendar.covered_years()), 12, 31) - datetime.timedelta(days=130)
    bodies = list(EnforcementBody.objects.filter(unit__unit_type="department").select_related("unit", "region")
                  .order_by("pk"))
    officers = defaultdict(list)
    for o in EnforcementOfficer.objects.filter(body__in=bodies).order_by("pk"):
        officers[o.body_id].append(o)
    items: dict[tuple[int, str], list[EnforcementItem]] = defaultdict(list)
    for i in EnforcementItem.objects.filter(body__in=bodies, status="active").order_by("pk"):
        items[(i.body_id, i.item_type)].append(i)
    bodies = [b for b in bodies if items[(b.pk, ItemType.PENALTY)] and len(officers[b.pk]) >= 2]
    if not bodies:
        return
    weights = [rng.uniform(0.5, 2.0) for _ in bodies]
    year = _Year(city, today, last_registration)
    cache: dict = {}
    rows_by_actor: dict[Any, list] = defaultdict(list)
    for body, weight in zip(bodies, weights, strict=True):
        actor = _coordinator(city, body.region_id)
        benchmarks = _benchmarks(rng, actor, body, items[(body.pk, ItemType.PENALTY)][:2], today)
        reviewers = [o for o in officers[body.pk] if o.legal_qualification]
        count = round(TOTAL_CASES * weight / sum(weights))
        for _n in range(count):
            act = _pick(rng)
            registered = year.registered()
            valid = [o for o in officers[body.pk] if o.certificate_valid_on(registered)]
            if len(valid) < 2:
                continue
            team = rng.sample(valid, 2)
            own = items[(body.pk, act)]
            item = rng.choice(own) if own else None
            if act == ActType.PENALTY:
                reviewer = next((r for r in reviewers if r not in team), None)
                fields = _penalty(year, body, item, benchmarks, registered, reviewer)
            elif act == ActType.LICENSING:
                fields = _licence(year, body, item, registered)
            elif act == ActType.COERCION:
                fields = _measure(year, body, item, registered)
            else:
                fields = _inspection(year, body, item, registered)
            rows_by_actor[actor].append((EnforcementCase(**fields), team))
    for actor, rows in rows_by_actor.items():
        services.bulk_save_imported_cases(actor=actor, rows=rows, source="演示数据：执法案件台账（一年）", cache=cache)
    _live(city, year, bodies, officers, items)
    _follow_ups(city)


def _pick(rng: Any) -> str:
    roll, total = rng.random(), 0.0
    for act, share in SHARES:
        total += share
        if roll < total:
            return act
    return SHARES[-1][0]


def _benchmarks(rng: Any, actor: Any, body: EnforcementBody, items: list, today: datetime.date) -> dict:
    from fazhi.cases import services as case_services

    out: dict[int, list[Any]] = {}
    for item in items:
        top = rng.choice(MAX_FINES)
        out[item.pk] = [case_services.create_benchmark(
            actor=actor, item=item, circumstance=name, min_fine=(top * low).quantize(Decimal(1)),
            max_fine=(top * high).quantize(Decimal(1)), lenient=lenient,
            citation=f"{item.legal_basis[:80]}；《{body.region.name}{body.unit.name[len(body.region.name):]}"
                     f"行政处罚裁量基准》（{today.year - 1}年版）",
            valid_from=today.replace(month=1, day=1) - datetime.timedelta(days=365))
            for name, low, high, lenient in CIRCUMSTANCES]
    return out


def _base(year: _Year, body: EnforcementBody, item: Any, act: str, registered: datetime.date,
          cause: str) -> dict[str, Any]:
    return {"body": body, "item": item, "act_type": act, "number": year.number(body, act, registered),
            "registered_on": registered, "cause": cause[:150], **year.party(body)}


def _penalty(year: _Year, body: EnforcementBody, item: Any, benchmarks: dict, registered: datetime.date,
             reviewer: Any) -> dict[str, Any]:
    rng, today = year.rng, year.today
    cause = item.name.removeprefix("对").removesuffix("的处罚") or item.name
    fields = _base(year, body, item, ActType.PENALTY, registered, cause)
    fields["facts"] = f"经查，当事人存在{cause}的行为。"
    major = rng.random() < 0.03
    fields["major"] = major
    if rng.random() < 0.4:
        fields["recorded_acts"] = ",seizure," if rng.random() < 0.1 else ",evidence,"
        fields["audio_video_recorded"] = rng.random() < 0.9
    options = benchmarks.get(item.pk)
    benchmark = rng.choice(options) if options else None
    if benchmark is not None:
        low, high = int(benchmark.min_fine), int(benchmark.max_fine)
        fine = Decimal(rng.randrange(low, high + 1) // 100 * 100)
        if rng.random() < 0.03:
            fine = benchmark.max_fine * 2
            fields["deviation_reason"] = "多次违法且拒不改正，经集体讨论从重处罚"
        fields["benchmark"] = benchmark
    else:
        fine = Decimal(rng.choice([500, 2000, 5000, 10000, 30000, 80000]))
    if major and rng.random() < 0.5:
        fields["severe_penalties"] = ",suspension,"
    span = rng.randrange(15, 46)
    if rng.random() < 0.02:  # decided late; half of them had the limit extended with approval
        span = rng.randrange(92, 115)
        if rng.random() < 0.5:
            fields.update(extension_days=30, extension_basis="经本机关负责人批准延长30日")
    decided = registered + span * DAY
    if decided > today:
        return fields
    notified = max(decided - rng.randrange(6, 12) * DAY, registered)
    fields.update(notified_on=notified, decided_on=decided)
    if benchmark is not None and benchmark.lenient and rng.random() < 0.6:
        fields.update(outcome=Outcome.NO_PENALTY, benchmark=None, deviation_reason="")
    else:
        fields["outcome"] = Outcome.PENALTY if rng.random() < 0.95 else Outcome.DISMISSED
    if fields["outcome"] == Outcome.PENALTY:
        fields["fine_amount"] = fine
    if (major or fine >= 50000) and rng.random() < 0.25:
        fields["hearing_held_on"] = min(notified + rng.randrange(6, 10) * DAY, decided - DAY)
    if major:
        fields["discussed_on"] = decided - DAY
        year.majors += 1
        if year.majors % 100 != 37:  # about one major decision in a hundred without a legal review
            fields.update(reviewed_on=decided - rng.randrange(2, 5) * DAY, review_conclusion=ReviewConclusion.PASSED,
                          reviewer=reviewer)
    served = decided + rng.randrange(0, 4) * DAY
    if served > today:
        return fields
    fields["served_on"] = served
    if fields["outcome"] == Outcome.PENALTY:
        published = year.published(decided, 7)
        if published:
            fields["published_on"] = max(published, served)
            executed = fields["published_on"] + rng.randrange(3, 30) * DAY
            if executed <= today and rng.random() < 0.9:
                fields["executed_on"] = executed
                if executed + 5 * DAY <= today:
                    fields["closed_on"] = executed + 5 * DAY
    elif served + 3 * DAY <= today:
        fields["closed_on"] = served + 3 * DAY
    return fields


def _licence(year: _Year, body: EnforcementBody, item: Any, registered: datetime.date) -> dict[str, Any]:
    rng = year.rng
    cause = item.name if item else rng.choice(LICENCE_CAUSES)
    fields = _base(year, body, item, ActType.LICENSING, registered, f"申请{cause}")
    # Most decided on the spot or within a few working days; a few after the 20 working days.
    lag = 0 if rng.random() < 0.3 else rng.randrange(1, 20) if rng.random() < 0.97 else rng.randrange(22, 30)
    decided = calendar.add_working_days(registered, lag) if lag else registered
    granted = rng.random() < 0.9
    fields.update(decided_on=decided, outcome=Outcome.GRANTED if granted else Outcome.REFUSED)
    if not granted:
        fields.update(decision_reasons="申请材料不符合法定条件、标准", remedies_notified=True)
    published = year.published(decided, 7)
    if published:
        fields.update(published_on=published, closed_on=published)
    return fields


def _measure(year: _Year, body: EnforcementBody, item: Any, registered: datetime.date) -> dict[str, Any]:
    rng = year.rng
    kind = rng.choice([MeasureKind.SEALING, MeasureKind.SEIZURE, MeasureKind.SEIZURE, MeasureKind.FREEZING])
    fields = _base(year, body, item, ActType.COERCION, registered, MEASURE_CAUSES[kind])
    fields.update(measure_kind=kind, recorded_acts=",seizure," if kind != MeasureKind.FREEZING else "")
    if kind != MeasureKind.FREEZING:
        fields["audio_video_recorded"] = rng.random() < 0.96  # a few seizures without their recording
    approved = registered
    imposed = registered + rng.randrange(0, 2) * DAY
    if rng.random() < 0.1:  # emergency on the spot, approval the next day
        approved = imposed + DAY
    fields.update(approved_on=approved, imposed_on=imposed)
    term = rng.randrange(10, 30) if rng.random() < 0.95 else rng.randrange(31, 40)
    if term > 30 and rng.random() < 0.6:
        fields.update(extension_days=30, extension_basis="情况复杂，经本机关负责人批准延长30日")
    decided = max(imposed + term * DAY, approved)
    if decided > year.today:
        return fields
    roll = rng.random()
    outcome = Outcome.RELEASED if roll < 0.45 else Outcome.CONFISCATED if roll < 0.8 else Outcome.DISPOSED
    fields.update(decided_on=decided, outcome=outcome)
    published = year.published(decided, 20)
    if published:
        fields.update(published_on=published, closed_on=published)
    return fields


def _inspection(year: _Year, body: EnforcementBody, item: Any, registered: datetime.date) -> dict[str, Any]:
    rng = year.rng
    origin = rng.choice([InspectionOrigin.PLANNED, InspectionOrigin.RANDOM, InspectionOrigin.RANDOM,
                         InspectionOrigin.COMPLAINT])
    cause = item.name if item else rng.choice(INSPECTION_CAUSES)
    fields = _base(year, body, item, ActType.INSPECTION, registered, cause)
    fields["inspection_origin"] = origin
    if rng.random() < 0.2:
        fields["recorded_acts"] = ",on_site,"
        fields["audio_video_recorded"] = rng.random() < 0.95
    inspected = registered + rng.randrange(0, 10) * DAY
    decided = inspected + rng.randrange(0, 6) * DAY
    fields.update(inspected_on=inspected, decided_on=decided,
                  outcome=Outcome.PROBLEM_FOUND if rng.random() < 0.2 else Outcome.NO_PROBLEM)
    published = year.published(decided, 20)
    if published:
        fields.update(published_on=published, closed_on=published)
    return fields


def _live(city: DemoCity, year: _Year, bodies: list, officers: dict, items: dict) -> None:
    """A few dozen cases registered on the platform in the last weeks: their deadlines are running."""
    rng, today = city.rng, year.today
    for n in range(LIVE_CASES):
        body = bodies[n % len(bodies)]
        actor = _coordinator(city, body.region_id)
        registered = min(today - rng.randrange(1, 40) * DAY, year.last)
        valid = [o for o in officers[body.pk] if o.certificate_valid_on(registered)]
        if len(valid) < 2:
            continue
        act = _pick(rng)
        own = items[(body.pk, act)]
        fields = _base(year, body, rng.choice(own) if own else None, act, registered,
                       {ActType.PENALTY: "涉嫌违法经营", ActType.LICENSING: "申请经营许可",
                        ActType.COERCION: "扣押涉嫌违法物品", ActType.INSPECTION: "日常监督检查"}[act])
        if act == ActType.PENALTY:
            fields.update(facts="经初步核查，当事人涉嫌违法经营。", fine_amount=Decimal(rng.choice([2000, 20000])))
        elif act == ActType.COERCION:
            fields["measure_kind"] = MeasureKind.SEIZURE
        case = services.register_case(actor=actor, officers=rng.sample(valid, 2), **fields)
        if act == ActType.PENALTY:
            services.take_step(actor=actor, case=case, name="investigate", on=registered)


def _follow_ups(city: DemoCity) -> None:
    """Three inspections that found a problem become penalty cases (linked to the inspection)."""
    today = clock.today()
    found = (EnforcementCase.objects.filter(act_type=ActType.INSPECTION, outcome=Outcome.PROBLEM_FOUND,
                                            decided_on__lte=today - 30 * DAY)
             .select_related("body__unit", "body__region").order_by("-decided_on", "pk"))[:3]
    for n, inspection in enumerate(found, start=1):
        actor = _coordinator(city, inspection.body.region_id)
        try:  # checked before anything is written: a refused one leaves nothing behind
            services.open_penalty_case(actor=actor, inspection=inspection,
                                       number=f"{inspection.number.removesuffix('号')}-立{n}号",
                                       registered_on=inspection.decided_on + 2 * DAY)
        except ValidationError:
            continue  # an officer's certificate expired since the inspection
