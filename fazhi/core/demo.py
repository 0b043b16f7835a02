"""The demo city: a fictional 云川市 that `fazhi demo` builds on an empty database.

Everything is invented. Region codes start with 99 (no real province uses it), names are made up
and credit codes are valid (GB 32100-2015) but belong to nobody. A fixed seed makes every build
identical: same regions, units, codes, people and usernames.

Extension hook for later modules: after the organisation tree is built, every installed app that
has a module `<app>.demo` with a function `build(city: DemoCity) -> None` gets called, in
INSTALLED_APPS order, inside the same transaction and audit context (actor SYSTEM). Draw random
choices from `city.rng` only, so the whole demo stays deterministic.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Collection
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM, Role
from fazhi.core.audit import acting_as
from fazhi.core.models import DemoMarker, Region, RoleAssignment, Unit, UnitType, User
from fazhi.core.regions import Level
from fazhi.core.validators import make_credit_code

DEFAULT_SEED = 2025
DEMO_PASSWORD = "demo-2025"

PROVINCE = ("990000", "示范省")
CITY = ("990100", "云川市")

# (code, name, username slug, 街道, 镇, 乡): 70 townships in all.
COUNTIES = [
    ("990102", "青江区", "qj", 9, 3, 0),
    ("990103", "望湖区", "wh", 7, 7, 0),
    ("990104", "鹤岭县", "hl", 1, 10, 4),
    ("990105", "柳溪县", "lx", 1, 9, 4),
    ("990106", "丹坪县", "dp", 0, 9, 6),
]

# Government departments: (name after the region name, username slug, enforcement officers).
# 30 city departments + 6 in each of the 5 counties = 60.
CITY_DEPARTMENTS = [
    ("司法局", "sfj", 0),
    ("市场监督管理局", "scjg", 2),
    ("生态环境局", "sthj", 2),
    ("交通运输局", "jtys", 2),
    ("城市管理综合行政执法局", "cgzf", 2),
    ("发展和改革委员会", "fgw", 0),
    ("教育局", "jyj", 0),
    ("科学技术局", "kjj", 0),
    ("工业和信息化局", "gxj", 0),
    ("民族宗教事务局", "mzj", 0),
    ("民政局", "mzhj", 0),
    ("财政局", "czj", 0),
    ("人力资源和社会保障局", "rsj", 1),
    ("自然资源和规划局", "zrzy", 1),
    ("住房和城乡建设局", "zjj", 1),
    ("水利局", "slj", 1),
    ("农业农村局", "nync", 1),
    ("商务局", "swj", 0),
    ("文化广电旅游局", "wlj", 1),
    ("卫生健康委员会", "wjw", 1),
    ("退役军人事务局", "tyjr", 0),
    ("应急管理局", "yjj", 1),
    ("审计局", "sjj", 0),
    ("人民政府国有资产监督管理委员会", "gzw", 0),
    ("统计局", "tjj", 0),
    ("医疗保障局", "ybj", 1),
    ("林业局", "lyj", 1),
    ("信访局", "xfj", 0),
    ("政务服务和大数据管理局", "zwfw", 0),
    ("人民防空办公室", "rfb", 0),
]
COUNTY_DEPARTMENTS = [
    ("司法局", "sfj", 0),
    ("市场监督管理局", "scjg", 1),
    ("自然资源局", "zrzy", 1),
    ("住房和城乡建设局", "zjj", 0),
    ("综合行政执法局", "zhzf", 1),
    ("应急管理局", "yjj", 1),
]

LAW_FIRMS = [  # (name, region code or "" for the city)
    ("云川正衡律师事务所", ""),
    ("云川明德律师事务所", ""),
    ("云川川信律师事务所", ""),
    ("云川守正律师事务所", ""),
    ("青江法源律师事务所", "990102"),
    ("望湖求实律师事务所", "990103"),
    ("鹤岭公允律师事务所", "990104"),
    ("丹坪致远律师事务所", "990106"),
]

# Credit code prefixes (GB 32100-2015 registration authority + organisation type).
ORGAN = "11"  # 机构编制 · 机关
LAW_FIRM = "31"  # 司法行政 · 律师执业机构
JUSTICE_OTHER = "39"  # 司法行政 · 其他（人民调解委员会）

_PLACE_FIRST = "东西南北中前新长高平安永兴和福金石玉青白红黄松柏柳桃梅杏竹兰桂荷龙凤鹤鹿云清明阳丰宝双三"
_PLACE_SECOND = "山河湖桥岭坪溪林园门塘庄湾口坝源峰岗坡营店城泉沟洲滩田"
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
             "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
             "莫孔向汤")
_GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯鹏俊帆欣怡佳雪琳晨阳波峰"
          "宁颖婷倩慧蕾志国海林燕春丹梅鑫博旭晓思雨泽睿嘉瑶昊然亮清诚彬")


@dataclass
class DemoCity:
    """What later demo builders need: the random source, the regions, the units by role, the staff."""

    seed: int
    rng: random.Random
    password: str
    province: Region
    city: Region
    counties: list[Region] = field(default_factory=list)
    township_regions: list[Region] = field(default_factory=list)
    villages: list[Region] = field(default_factory=list)
    regions: dict[str, Region] = field(default_factory=dict)  # by code
    # Units. Dicts keyed by region code hold one unit per region (city first, then counties).
    units: dict[str, Unit] = field(default_factory=dict)  # every unit, by name
    governments: dict[str, Unit] = field(default_factory=dict)
    party_committees: dict[str, Unit] = field(default_factory=dict)
    congresses: dict[str, Unit] = field(default_factory=dict)
    courts: dict[str, Unit] = field(default_factory=dict)
    procuratorates: dict[str, Unit] = field(default_factory=dict)
    public_security: dict[str, Unit] = field(default_factory=dict)
    justice_bureaus: dict[str, Unit] = field(default_factory=dict)
    townships: dict[str, Unit] = field(default_factory=dict)  # township governments by township code
    departments: dict[str, Unit] = field(default_factory=dict)  # by name, justice bureaus included
    enforcement_departments: dict[str, Unit] = field(default_factory=dict)  # by name, with officers
    mediation_committees: dict[str, Unit] = field(default_factory=dict)  # by name
    law_firms: dict[str, Unit] = field(default_factory=dict)  # by name
    # Staff.
    users: dict[str, User] = field(default_factory=dict)  # by username
    by_role: dict[str, list[User]] = field(default_factory=dict)  # role value -> users
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, role) to show at start

    @property
    def city_government(self) -> Unit:
        return self.governments[self.city.code]

    @property
    def justice_bureau(self) -> Unit:
        """The city justice bureau; the committee office (市委依法治市办) sits in it."""
        return self.justice_bureaus[self.city.code]

    def staff(self, role: str, unit: Unit | None = None) -> list[User]:
        """Users holding `role`, optionally only those of `unit`."""
        return [u for u in self.by_role.get(role, []) if unit is None or u.unit_id == unit.pk]


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self._serials: set[int] = set()
        self._places: set[str] = set()
        self._people: set[str] = set()
        # One hash for every demo account (PBKDF2 for each of ~125 accounts would take about a minute);
        # a fixed salt keeps even the audited password digest identical from build to build.
        self.password_hash = make_password(DEMO_PASSWORD, salt=f"fazhidemo{seed}")

    # ---------------------------------------------------------------- invented names and codes

    def place(self) -> str:
        while True:
            name = self.rng.choice(_PLACE_FIRST) + self.rng.choice(_PLACE_SECOND)
            if name not in self._places:
                self._places.add(name)
                return name

    def person(self) -> str:
        while True:
            given = "".join(self.rng.choice(_GIVEN) for _ in range(1 if self.rng.random() < 0.3 else 2))
            name = self.rng.choice(_SURNAMES) + given
            if name not in self._people:
                self._people.add(name)
                return name

    def credit_code(self, region: Region, prefix: str) -> str:
        while True:
            serial = self.rng.randrange(10**7, 10**8)
            if serial not in self._serials:
                self._serials.add(serial)
                return make_credit_code(region.code, serial, prefix)

    # ---------------------------------------------------------------- records

    def region(self, code: str, name: str, level: int, parent: Region | None) -> Region:
        region = Region(code=code, name=name, level=level, parent=parent)
        region.save()
        self.city.regions[code] = region
        return region

    def unit(self, name: str, unit_type: str, region: Region, parent: Unit | None, *,
             prefix: str = ORGAN, short_name: str = "") -> Unit:
        unit = Unit(name=name, short_name=short_name, unit_type=unit_type, region=region, parent=parent,
                    credit_code=self.credit_code(region, prefix))
        unit.save()
        self.city.units[name] = unit
        return unit

    def user(self, username: str, unit: Unit, role: str, **extra) -> User:
        full_name = self.person()
        user = User(username=username, full_name=full_name, last_name=full_name[0], first_name=full_name[1:],
                    email=f"{username}@yunchuan.invalid", unit=unit, password=self.password_hash, **extra)
        user.save()
        # Scope left blank: RoleAssignment.save fills in the role's default scope.
        RoleAssignment(user=user, role=role, unit=unit).save()
        self.city.users[username] = user
        self.city.by_role.setdefault(role, []).append(user)
        return user

    # ---------------------------------------------------------------- the city

    def build(self) -> DemoCity:
        province = Region(code=PROVINCE[0], name=PROVINCE[1], level=Level.PROVINCE)
        province.save()
        city_region = Region(code=CITY[0], name=CITY[1], level=Level.CITY, parent=province)
        city_region.save()
        self.city = DemoCity(seed=self.seed, rng=self.rng, password=DEMO_PASSWORD, province=province,
                             city=city_region)
        self.city.regions.update({province.code: province, city_region.code: city_region})
        for code, name, *_ in COUNTIES:
            self.city.counties.append(self.region(code, name, Level.COUNTY, city_region))
        self._places.update(name[:2] for _, name, *_ in COUNTIES)
        self._places.add(CITY[1][:2])

        self.organs(city_region, None)
        for county in self.city.counties:
            self.organs(county, city_region)
        for county, (_, _, _, streets, towns, xiangs) in zip(self.city.counties, COUNTIES, strict=True):
            self.townships(county, streets, towns, xiangs)
        self.services()
        self.staff()
        return self.city

    def organs(self, region: Region, above: Region | None) -> None:
        """The organs of a city or county: party committee, congress, government and its departments…"""
        c, name = self.city, region.name
        city_level = above is None

        def parent(registry: dict[str, Unit]) -> Unit | None:
            return None if city_level else registry[above.code]

        c.party_committees[region.code] = self.unit(f"中共{name}委员会", UnitType.PARTY_COMMITTEE, region,
                                                    parent(c.party_committees), short_name=name + "委")
        c.congresses[region.code] = self.unit(f"{name}人民代表大会常务委员会", UnitType.PEOPLES_CONGRESS, region,
                                              parent(c.congresses), short_name=name + "人大常委会")
        gov = self.unit(f"{name}人民政府", UnitType.GOVERNMENT, region, parent(c.governments),
                        short_name=name + "政府")
        c.governments[region.code] = gov
        court = f"{name}中级人民法院" if city_level else f"{name}人民法院"
        c.courts[region.code] = self.unit(court, UnitType.COURT, region, parent(c.courts))
        c.procuratorates[region.code] = self.unit(f"{name}人民检察院", UnitType.PROCURATORATE, region,
                                                  parent(c.procuratorates))
        police = f"{name}公安分局" if name.endswith("区") else f"{name}公安局"
        c.public_security[region.code] = self.unit(police, UnitType.PUBLIC_SECURITY, region, gov)
        for suffix, _, enforcers in CITY_DEPARTMENTS if city_level else COUNTY_DEPARTMENTS:
            dept = self.unit(name + suffix, UnitType.DEPARTMENT, region, gov)
            c.departments[dept.name] = dept
            if enforcers:
                c.enforcement_departments[dept.name] = dept
            if suffix == "司法局":
                c.justice_bureaus[region.code] = dept

    def townships(self, county: Region, streets: int, towns: int, xiangs: int) -> None:
        """Townships (街道 001…, 镇 101…, 乡 201…) with their governments, mediation committees, villages."""
        gov = self.city.governments[county.code]
        kinds = [("街道", 1 + i, "办事处") for i in range(streets)]
        kinds += [("镇", 101 + i, "人民政府") for i in range(towns)]
        kinds += [("乡", 201 + i, "人民政府") for i in range(xiangs)]
        for kind, number, office in kinds:
            place = self.place()
            township = self.region(f"{county.code}{number:03d}", place + kind, Level.TOWNSHIP, county)
            self.city.township_regions.append(township)
            township_gov = self.unit(township.name + office, UnitType.TOWNSHIP_GOVERNMENT, township, gov)
            self.city.townships[township.code] = township_gov
            committee = self.unit(f"{township.name}人民调解委员会", UnitType.MEDIATION_COMMITTEE, township,
                                  township_gov, prefix=JUSTICE_OTHER)
            self.city.mediation_committees[committee.name] = committee
            # Residents' committees are numbered 001…, villagers' committees 201… (statistical codes).
            communities = {"街道": 3, "镇": 1, "乡": 0}[kind]
            for i in range(3):
                if i < communities:
                    code, name = f"{township.code}{1 + i:03d}", self.place() + "社区"
                else:
                    code, name = f"{township.code}{201 + i - communities:03d}", self.place() + "村"
                self.city.villages.append(self.region(code, name, Level.VILLAGE, township))

    def services(self) -> None:
        """Law firms and the city's professional mediation committees, under the justice bureaus."""
        c = self.city
        for name, code in LAW_FIRMS:
            region = c.regions[code or c.city.code]
            c.law_firms[name] = self.unit(name, UnitType.LAW_FIRM, region, c.justice_bureaus[region.code],
                                          prefix=LAW_FIRM)
        for kind in ("医疗纠纷", "道路交通事故纠纷"):
            committee = self.unit(f"{c.city.name}{kind}人民调解委员会", UnitType.MEDIATION_COMMITTEE, c.city,
                                  c.justice_bureau, prefix=JUSTICE_OTHER)
            c.mediation_committees[committee.name] = committee

    def staff(self) -> None:
        c = self.city
        city_code = c.city.code
        areas = [(city_code, "city", CITY_DEPARTMENTS)] + [
            (code, slug, COUNTY_DEPARTMENTS) for code, _, slug, *_ in COUNTIES]

        self.user("admin", c.justice_bureau, Role.ADMIN, is_superuser=True, is_staff=True)
        for code, slug, _ in areas:
            # The committee office (依法治市办 / 依法治区（县）办) sits in the justice bureau.
            self.user(f"coord_{slug}", c.justice_bureaus[code], Role.COORDINATOR)
        for code, slug, _ in areas:
            for n in range(1, 3 if code == city_code else 2):
                self.user(f"reviewer_{slug}{n}", c.justice_bureaus[code], Role.REVIEWER)
        for code, slug, departments in areas:
            region_name = c.regions[code].name
            for suffix, dept_slug, enforcers in departments:
                dept = c.departments[region_name + suffix]
                if suffix != "司法局":  # the justice bureau's own legal work is the reviewers'
                    self.user(f"legal_{slug}_{dept_slug}", dept, Role.LEGAL_OFFICER)
                for n in range(1, enforcers + 1):
                    self.user(f"enforce_{slug}_{dept_slug}{n}", dept, Role.ENFORCEMENT_OFFICER)
        for code, slug, _ in areas[1:]:
            committees = [c.mediation_committees[f"{t.name}人民调解委员会"]
                          for t in c.township_regions if t.parent_id == code][:2]
            for n, committee in enumerate(committees, start=1):
                self.user(f"mediator_{slug}{n}", committee, Role.MEDIATOR)
        self.user("mediator_city1", c.mediation_committees[f"{c.city.name}医疗纠纷人民调解委员会"], Role.MEDIATOR)
        for n in (1, 2):
            self.user(f"inspector_city{n}", c.justice_bureau, Role.INSPECTOR)
        for code, slug, _ in areas:
            self.user(f"leader_{slug}", c.governments[code], Role.LEADER)

        county_slug = COUNTIES[0][2]
        c.accounts = [
            ("admin", Role.ADMIN),
            ("coord_city", Role.COORDINATOR), (f"coord_{county_slug}", Role.COORDINATOR),
            ("reviewer_city1", Role.REVIEWER), ("legal_city_scjg", Role.LEGAL_OFFICER),
            ("enforce_city_scjg1", Role.ENFORCEMENT_OFFICER), (f"mediator_{county_slug}1", Role.MEDIATOR),
            ("inspector_city1", Role.INSPECTOR),
            ("leader_city", Role.LEADER), (f"leader_{county_slug}", Role.LEADER),
        ]


def build(seed: int = DEFAULT_SEED, only: Collection[str] | None = None) -> DemoCity:
    """Build the demo city on an empty database, then let every installed app add its records.

    The caller makes sure the database is empty (`fazhi demo` flushes an old demo first). One
    transaction: a failing builder leaves nothing behind. Every write is audited as SYSTEM.
    `only` limits the apps asked for records (by app name); tests of the tree itself use it to
    skip the minute the module demos take.
    """
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        city = _Builder(seed).build()
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if module_name == __name__ or (only is not None and app_config.name not in only):
                continue
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:  # a demo module that exists but is broken must fail loudly
                    raise
                continue
            builder = getattr(module, "build", None)
            if callable(builder):
                builder(city)
        DemoMarker.objects.create(seed=seed)
    return city
