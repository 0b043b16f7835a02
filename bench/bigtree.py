"""A large organisation tree for the benchmarks (imported by bench/run.py; not a runnable script).

At scale 1 (the default of `bench/run.py`) it builds, on an empty migrated database:

    1 province, 1 city, 20 counties, 400 townships          422 regions
    city: 6 organs + 54 departments                           60 units
    each county: 6 organs + 30 departments + 1 law firm,
      each of its 20 townships: government, mediation
      committee and justice office (司法所)                  97 units  → 2,000 units in all
    staff: 100 in the city, 245 in each county, one role each → 5,000 users, 5,000 role assignments
    deadlines on units (content type core.Unit), ¾ running    3,000 (scaled with the tree)

`--scale` multiplies the number of counties (20 × scale, at least 1); townships per county and staff
per county stay fixed, so every count above scales linearly with it.

Everything is written with the models' own save() (AuditedModel: one audit event per save, in the
same transaction), inside one transaction and `acting_as(SYSTEM)` — the same path as the demo
builder, so the build rate measures the audited write path. Names and codes are invented and
deterministic (region codes start with 99, credit codes are valid GB 32100 codes of nobody).
`build_history` (`bench/run.py --history N`) adds N stopped deadlines of past years with bulk_create:
unaudited filler standing for years of use, not part of the measured write path.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from fazhi.core.access import SYSTEM, Role
from fazhi.core.audit import acting_as
from fazhi.core.models import Region, RoleAssignment, Unit, UnitType, User
from fazhi.core.regions import Level
from fazhi.core.validators import make_credit_code
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline, Notification

PASSWORD = "bench-pass-2025"
COUNTIES_AT_SCALE_1 = 20
TOWNSHIPS_PER_COUNTY = 20
CITY_STAFF = 100
COUNTY_STAFF = 245
DEADLINES_PER_COUNTY = 150  # 3,000 at scale 1

ORGANS = [  # (name suffix, unit type); the government is the parent of the departments
    ("委员会", UnitType.PARTY_COMMITTEE),
    ("人民代表大会常务委员会", UnitType.PEOPLES_CONGRESS),
    ("人民政府", UnitType.GOVERNMENT),
    ("人民法院", UnitType.COURT),
    ("人民检察院", UnitType.PROCURATORATE),
    ("公安局", UnitType.PUBLIC_SECURITY),
]
DEPARTMENTS = [
    "司法局", "市场监督管理局", "生态环境局", "交通运输局", "综合行政执法局", "发展和改革委员会", "教育局",
    "科学技术局", "工业和信息化局", "民族宗教事务局", "民政局", "财政局", "人力资源和社会保障局",
    "自然资源和规划局", "住房和城乡建设局", "水利局", "农业农村局", "商务局", "文化广电旅游局",
    "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "国有资产监督管理委员会", "统计局",
    "医疗保障局", "林业局", "信访局", "政务服务和大数据管理局", "人民防空办公室",
]
CITY_EXTRA_DEPARTMENTS = 24  # 30 + 24 = 54 city departments

_PLACE_FIRST = "东西南北中前新长高平安永兴和福金石玉青白红黄松柏柳桃梅杏竹兰桂荷龙凤鹤鹿云清明阳丰宝双三"
_PLACE_SECOND = "山河湖桥岭坪溪林园门塘庄湾口坝源峰岗坡营店城泉沟洲滩田"


@dataclass
class BigTree:
    """What the benchmarks need from the built tree."""

    city: Region
    counties: list[Region] = field(default_factory=list)
    townships: list[Region] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    city_government: Unit | None = None
    county_governments: list[Unit] = field(default_factory=list)
    city_coordinator: User | None = None
    county_coordinator: User | None = None  # of the first county
    unit_officer: User | None = None  # an enforcement officer (scope: own unit) of the first county
    legal_officer: User | None = None  # a legal officer (scope: own unit subtree) of the first county
    counts: dict[str, int] = field(default_factory=dict)


class _Builder:
    def __init__(self, scale: float) -> None:
        self.n_counties = max(1, round(COUNTIES_AT_SCALE_1 * scale))
        self.serials = itertools.count(10_000_000)
        self.usernames = itertools.count(1)
        self.places = (a + b for a, b in itertools.product(_PLACE_FIRST, _PLACE_SECOND))
        # One hash for every account: PBKDF2 per user would measure the hasher, not the platform.
        self.password = make_password(PASSWORD, salt="fazhibench")
        self.counts = {"regions": 0, "units": 0, "users": 0, "roles": 0}

    def region(self, code: str, name: str, level: int, parent: Region | None) -> Region:
        region = Region(code=code, name=name, level=level, parent=parent)
        region.save()
        self.counts["regions"] += 1
        return region

    def unit(self, name: str, unit_type: str, region: Region, parent: Unit | None, prefix: str = "11") -> Unit:
        unit = Unit(name=name, unit_type=unit_type, region=region, parent=parent,
                    credit_code=make_credit_code(region.code, next(self.serials), prefix))
        unit.save()
        self.tree.units.append(unit)
        self.counts["units"] += 1
        return unit

    def user(self, unit: Unit, role: str, slug: str = "") -> User:
        n = next(self.usernames)
        username = slug or f"u{n:05d}"
        user = User(username=username, full_name=f"职员{n:05d}", unit=unit, password=self.password,
                    email=f"{username}@bench.invalid")
        user.save()
        RoleAssignment(user=user, role=role, unit=unit).save()  # scope: the role's default
        self.counts["users"] += 1
        self.counts["roles"] += 1
        return user

    def organs(self, region: Region, parents: dict[str, Unit] | None) -> dict[str, Unit]:
        made = {}
        for suffix, unit_type in ORGANS:
            name = ("中共" + region.name + suffix) if unit_type == UnitType.PARTY_COMMITTEE else region.name + suffix
            parent = None if parents is None else parents[unit_type]
            if unit_type == UnitType.PUBLIC_SECURITY:
                parent = made[UnitType.GOVERNMENT]
            made[unit_type] = self.unit(name, unit_type, region, parent)
        return made

    def build(self) -> BigTree:
        province = self.region("990000", "示范省", Level.PROVINCE, None)
        city = self.region("990100", "基准市", Level.CITY, province)
        self.tree = BigTree(city=city)

        city_organs = self.organs(city, None)
        city_gov = self.tree.city_government = city_organs[UnitType.GOVERNMENT]
        city_depts = [self.unit(city.name + d, UnitType.DEPARTMENT, city, city_gov) for d in DEPARTMENTS]
        city_depts += [self.unit(f"{city.name}直属机构{i:02d}", UnitType.DEPARTMENT, city, city_gov)
                       for i in range(1, CITY_EXTRA_DEPARTMENTS + 1)]
        self.city_staff(city_organs, city_depts)

        for c in range(1, self.n_counties + 1):
            kind = "区" if c % 2 else "县"
            county = self.region(f"9901{c:02d}", next(self.places) + kind, Level.COUNTY, city)
            self.tree.counties.append(county)
            organs = self.organs(county, city_organs)
            gov = organs[UnitType.GOVERNMENT]
            self.tree.county_governments.append(gov)
            depts = [self.unit(county.name + d, UnitType.DEPARTMENT, county, gov) for d in DEPARTMENTS]
            justice = depts[0]
            self.unit(f"{county.name}正平律师事务所", UnitType.LAW_FIRM, county, justice, prefix="31")
            township_govs, committees, offices = [], [], []
            for t in range(1, TOWNSHIPS_PER_COUNTY + 1):
                street = t <= 6
                township = self.region(f"{county.code}{t:03d}", next(self.places) + ("街道" if street else "镇"),
                                       Level.TOWNSHIP, county)
                self.tree.townships.append(township)
                township_govs.append(self.unit(township.name + ("办事处" if street else "人民政府"),
                                               UnitType.TOWNSHIP_GOVERNMENT, township, gov))
                committees.append(self.unit(township.name + "人民调解委员会", UnitType.MEDIATION_COMMITTEE,
                                            township, township_govs[-1], prefix="39"))
                offices.append(self.unit(township.name + "司法所", UnitType.OTHER, township, justice))
            self.county_staff(c, organs, depts, township_govs, committees, offices)
        self.tree.counts = dict(self.counts)
        return self.tree

    def city_staff(self, organs: dict[str, Unit], depts: list[Unit]) -> None:
        justice, gov = depts[0], organs[UnitType.GOVERNMENT]
        start = self.counts["users"]
        self.tree.city_coordinator = self.user(justice, Role.COORDINATOR, "coord_city")
        self.user(justice, Role.COORDINATOR)
        for _ in range(4):
            self.user(justice, Role.REVIEWER)
            self.user(justice, Role.INSPECTOR)
        self.user(gov, Role.LEADER, "leader_city")
        self.user(gov, Role.LEADER)
        for dept in depts[1:]:
            self.user(dept, Role.LEGAL_OFFICER)
        enforcing = itertools.cycle(depts[1:13])
        while self.counts["users"] - start < CITY_STAFF:
            self.user(next(enforcing), Role.ENFORCEMENT_OFFICER)

    def county_staff(self, c: int, organs: dict[str, Unit], depts: list[Unit], township_govs: list[Unit],
                     committees: list[Unit], offices: list[Unit]) -> None:
        justice, gov = depts[0], organs[UnitType.GOVERNMENT]
        start = self.counts["users"]
        first = c == 1
        coordinator = self.user(justice, Role.COORDINATOR, "coord_c01" if first else "")
        self.user(justice, Role.COORDINATOR)
        for _ in range(3):
            self.user(justice, Role.REVIEWER)
        for _ in range(2):
            self.user(justice, Role.INSPECTOR)
            self.user(gov, Role.LEADER)
        legal = [self.user(dept, Role.LEGAL_OFFICER) for dept in depts[1:]]
        for committee in committees:
            self.user(committee, Role.MEDIATOR)
            self.user(committee, Role.MEDIATOR)
        for township_gov, office in zip(township_govs, offices, strict=True):
            self.user(township_gov, Role.LEGAL_OFFICER)
            self.user(office, Role.MEDIATOR)
        enforcing = itertools.cycle(depts[1:] + township_govs)
        officer = None
        while self.counts["users"] - start < COUNTY_STAFF:
            user = self.user(next(enforcing), Role.ENFORCEMENT_OFFICER)
            officer = officer or user
        if first:
            self.tree.county_coordinator = coordinator
            self.tree.unit_officer = officer
            self.tree.legal_officer = legal[0]



def build_tree(scale: float) -> BigTree:
    """Build the tree in one transaction, every write audited as SYSTEM."""
    with transaction.atomic(), acting_as(SYSTEM):
        return _Builder(scale).build()


def build_deadlines(tree: BigTree, today: datetime.date | None = None) -> int:
    """Deadlines on units, due from 30 days ago to 40 days ahead; every fourth one already stopped.

    Created with Deadline.objects.create (audited save), one transaction. Returns the count.
    """
    today = today or clock.today()
    ct = ContentType.objects.get_for_model(Unit)
    total = DEADLINES_PER_COUNTY * len(tree.counties)
    units = tree.units
    with transaction.atomic(), acting_as(SYSTEM):
        for i in range(total):
            unit = units[(i * 7) % len(units)]  # spread over the tree, city and counties alike
            due = today + datetime.timedelta(days=(i * 13) % 71 - 30)
            started = due - datetime.timedelta(days=20)
            stopped = i % 4 == 3
            Deadline.objects.create(
                content_type=ct, object_id=unit.pk, record_repr=unit.name, unit=unit,
                key=f"bench.limit{(i * 7) // len(units)}", label="基准测试期限", started_on=started,
                due_on=due, n=15, day_unit="working_day", basis="基准测试（虚构）",
                started_by_transition="bench",
                stopped_on=(started + datetime.timedelta(days=10)) if stopped else None,
                stopped_by_transition="bench" if stopped else "",
            )
        # A few unread notifications for the home page of the users the benchmarks log in as.
        for user in (tree.city_coordinator, tree.county_coordinator, tree.unit_officer):
            for n in range(20):
                Notification.objects.create(user=user, text=f"基准测试通知 {n}", url="/procedures/deadlines/")
    return total



def build_history(tree: BigTree, n: int, today: datetime.date | None = None) -> int:
    """`n` stopped deadlines from the past five years: the history a deployment accumulates.

    Benchmark filler only: written with bulk_create (no audit events — they would only slow the set-up
    down; the audited write path is measured by build_deadlines). Returns n.
    """
    today = today or clock.today()
    ct = ContentType.objects.get_for_model(Unit)
    units = tree.units
    rows = []
    for i in range(n):
        unit = units[(i * 11) % len(units)]
        started = today - datetime.timedelta(days=60 + (i * 17) % (5 * 365))
        rows.append(Deadline(
            content_type=ct, object_id=unit.pk, record_repr=unit.name, unit=unit, key=f"bench.history{i % 5}",
            label="基准测试期限（历史）", started_on=started, due_on=started + datetime.timedelta(days=21), n=15,
            day_unit="working_day", basis="基准测试（虚构）", started_by_transition="bench",
            stopped_on=started + datetime.timedelta(days=10 + i % 20), stopped_by_transition="bench"))
    Deadline.objects.bulk_create(rows, batch_size=2000)
    return n
