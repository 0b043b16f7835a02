"""Demo data: a year of enforcement cases of 云川市's enforcement bodies, with discretion benchmarks.

Called by `fazhi.core.demo.build` after the enforcement demo (bodies, officers, items). Cases are
recorded through the ledger service (`services.save_imported_case`: the same checks as the import —
two officers with valid certificates, dates in order — and the same stored due dates as the
procedure), which is what keeps this fast; the shares follow practice rather than the ideal: some
major decisions without a legal review, some decisions published late or not at all, a few decided
after the 90 days (half of them with a recorded extension), audio-video missing now and then.
Random choices come from `city.rng` only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from fazhi.calendar import service as calendar
from fazhi.cases import services
from fazhi.cases.models import EnforcementCase, Outcome, PartyKind, ReviewConclusion
from fazhi.core.demo import _GIVEN, _SURNAMES, DemoCity
from fazhi.core.validators import id_number_check_char, make_credit_code
from fazhi.enforcement.demo import _coordinator
from fazhi.enforcement.models import EnforcementBody, EnforcementItem, EnforcementOfficer, ItemType
from fazhi.procedures import clock

DAY = datetime.timedelta(days=1)
CASES_PER_BODY = (9, 23)  # a year's cases per department body (the demo keeps the build fast)
# (circumstance, share of the item's maximum fine: low, high, on the first-offence list)
CIRCUMSTANCES = [("轻微", Decimal("0"), Decimal("0.1"), True), ("一般", Decimal("0.1"), Decimal("0.5"), False),
                 ("严重", Decimal("0.5"), Decimal("1"), False)]
MAX_FINES = [Decimal(n) for n in (5000, 20000, 50000, 100000, 200000)]
TRADES = ["食品", "建材", "物流", "商贸", "餐饮", "科技", "农业", "医药"]


def _working_days_after(day: datetime.date, n: int) -> datetime.date:
    return calendar.add_working_days(day, n)


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    last_registration = datetime.date(max(calendar.covered_years()), 12, 31) - datetime.timedelta(days=130)
    bodies = list(EnforcementBody.objects.filter(unit__unit_type="department").select_related("unit", "region")
                  .order_by("pk"))
    officers = defaultdict(list)
    for o in EnforcementOfficer.objects.filter(body__in=bodies).order_by("pk"):
        officers[o.body_id].append(o)
    items = defaultdict(list)
    for i in EnforcementItem.objects.filter(body__in=bodies, item_type=ItemType.PENALTY, status="active").order_by("pk"):
        items[i.body_id].append(i)

    serial = 0
    cache: dict = {}
    for body in bodies:
        if not items[body.pk] or len(officers[body.pk]) < 2:
            continue
        actor = _coordinator(city, body.region_id)
        # ---- discretion benchmarks for the body's first penalty items ----
        benchmarks: dict[int, list[Any]] = {}
        for item in items[body.pk][:2]:
            top = rng.choice(MAX_FINES)
            benchmarks[item.pk] = [services.create_benchmark(
                actor=actor, item=item, circumstance=name, min_fine=(top * low).quantize(Decimal(1)),
                max_fine=(top * high).quantize(Decimal(1)), lenient=lenient,
                citation=f"{item.legal_basis[:80]}；《{body.region.name}{body.unit.name[len(body.region.name):]}"
                         f"行政处罚裁量基准》（{today.year - 1}年版）",
                valid_from=today.replace(month=1, day=1) - datetime.timedelta(days=365))
                for name, low, high, lenient in CIRCUMSTANCES]
        reviewers = [o for o in officers[body.pk] if o.legal_qualification]
        for n in range(rng.randrange(*CASES_PER_BODY)):
            serial += 1
            # A case's deadlines (90 days to decide, then 20 working days to publish) must fall in years
            # with holiday data: in December the next year's notice may not be entered yet.
            registered = min(today - datetime.timedelta(days=rng.randrange(5, 365)), last_registration)
            valid = [o for o in officers[body.pk] if o.certificate_valid_on(registered)]
            if len(valid) < 2:
                continue
            team = rng.sample(valid, 2)
            reviewer = next((r for r in reviewers if r not in team), None)
            _case(rng, actor, body, team, reviewer, rng.choice(items[body.pk]), benchmarks, registered, today,
                  serial, n + 1, cache)


def _case(rng: Any, actor: Any, body: EnforcementBody, team: list, reviewer: Any, item: EnforcementItem,
          benchmarks: dict, registered: datetime.date, today: datetime.date, serial: int, n: int,
          cache: dict) -> None:
    person = rng.random() < 0.3
    fields: dict[str, Any] = {
        "body": body, "item": item, "number": f"{body.unit.name[:4]}罚〔{registered.year}〕{n}号",
        "registered_on": registered, "cause": item.name.removeprefix("对").removesuffix("的处罚")[:150] or item.name,
        "facts": f"经查，当事人存在{item.name.removeprefix('对').removesuffix('的处罚')}的行为。",
    }
    if person:
        first17 = f"{body.region_id}{rng.randrange(1960, 2000)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}" \
                  f"{serial % 1000:03d}"
        fields.update(party_kind=PartyKind.PERSON, party_name=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                      party_id_number=first17 + id_number_check_char(first17))
    else:
        fields.update(party_kind=PartyKind.ORGANISATION,
                      party_name=f"{body.region.name}{rng.choice(TRADES)}有限公司（{serial}）",
                      party_credit_code=make_credit_code(body.region_id, 500000 + serial, prefix="91"))
    major = rng.random() < 0.08
    fields["major"] = major
    if rng.random() < 0.4:
        fields["recorded_acts"] = ",seizure," if rng.random() < 0.1 else ",evidence,"
        fields["audio_video_recorded"] = rng.random() < 0.88
    # Fine: within the benchmark mostly; an outlier above it with its reason.
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
    fields["hearing_right"] = major or fine >= 50000
    age = (today - registered).days
    span = rng.randrange(15, 86)
    if rng.random() < 0.04:  # decided late; half of them had the limit extended with approval
        span = rng.randrange(92, 115)
        if rng.random() < 0.5:
            fields.update(extension_days=30, extension_basis="经本机关负责人批准延长30日")
    if span <= age:
        decided = registered + span * DAY
        notified = decided - rng.randrange(6, 12) * DAY
        fields.update(notified_on=max(notified, registered), decided_on=decided)
        if benchmark is not None and benchmark.lenient and rng.random() < 0.6:
            fields.update(outcome=Outcome.NO_PENALTY, benchmark=None, deviation_reason="")
        else:
            fields.update(outcome=Outcome.PENALTY if rng.random() < 0.95 else Outcome.DISMISSED)
        if fields["outcome"] == Outcome.PENALTY:
            fields["fine_amount"] = fine
        if fields["hearing_right"] and rng.random() < 0.25:
            fields["hearing_held_on"] = min(notified + rng.randrange(6, 10) * DAY, decided - DAY)
        if major:
            fields["discussed_on"] = decided - DAY
            if rng.random() < 0.9:  # one in ten major decisions without a legal review
                fields.update(reviewed_on=decided - rng.randrange(2, 5) * DAY, review_conclusion=ReviewConclusion.PASSED,
                              reviewer=reviewer)
        served = decided + rng.randrange(0, 4) * DAY
        if served <= today:
            fields["served_on"] = served
        if fields["outcome"] == Outcome.PENALTY and "served_on" in fields:
            roll = rng.random()
            lag = rng.randrange(1, 8) if roll < 0.82 else rng.randrange(9, 25) if roll < 0.95 else None
            published = _working_days_after(decided, lag) if lag else None
            if published and published <= today:
                fields["published_on"] = max(published, served)
                executed = published + rng.randrange(3, 30) * DAY
                if executed <= today and rng.random() < 0.85:
                    fields["executed_on"] = executed
                    if executed + 5 * DAY <= today:
                        fields["closed_on"] = executed + 5 * DAY
        elif "served_on" in fields and served + 3 * DAY <= today:
            fields["closed_on"] = served + 3 * DAY
    case = EnforcementCase(**fields)
    services.save_imported_case(actor=actor, case=case, officers=team, cache=cache)
