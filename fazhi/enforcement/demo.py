"""Demo data: 云川市's enforcement bodies, about 1,000 officers and 3,000 power-list items, and the
integrated-enforcement teams and empowerment documents of 鹤岭县's 15 townships.

Called by `fazhi.core.demo.build` (inside its transaction, audited as SYSTEM, events deferred).
Random choices come from `city.rng` only. Everything goes through the services; officers and items
are registered by their department's legal officer (the coordinator where there is none).
Shapes follow the seeds: 牟定县 (49 bodies), 湘潭市 (teams with posts and officers, fewer officers
than posts), 毕节市 (townships empowered), 白银市 (fine items cancelled by a decision).
"""

from __future__ import annotations

import datetime
from typing import Any

from fazhi.core.access import SYSTEM, Role
from fazhi.core.demo import _GIVEN, _SURNAMES, COUNTIES, DemoCity
from fazhi.core.models import Unit
from fazhi.core.validators import id_number_check_char
from fazhi.enforcement import jobs, services
from fazhi.enforcement.models import (
    BodyKind,
    EnforcementBody,
    EnforcementField,
    EnforcementItem,
    ItemStatus,
    ItemType,
    OfficerStatus,
    join_fields,
)
from fazhi.procedures import clock

F = EnforcementField
DAY = datetime.timedelta(days=1)
TEAM_COUNTY = COUNTIES[2][0]  # 鹤岭县: 15 townships, the integrated-enforcement pilot

# Department (name after the region name) → its field and the sector law it enforces.
DEPARTMENT_FIELDS = {
    "市场监督管理局": (F.MARKET, "《中华人民共和国食品安全法》"),
    "生态环境局": (F.ECOLOGY, "《中华人民共和国环境保护法》"),
    "交通运输局": (F.TRANSPORT, "《中华人民共和国道路运输条例》"),
    "城市管理综合行政执法局": (F.URBAN, "《城市市容和环境卫生管理条例》"),
    "综合行政执法局": (F.URBAN, "《城市市容和环境卫生管理条例》"),
    "人力资源和社会保障局": (F.HUMAN_RESOURCES, "《劳动保障监察条例》"),
    "自然资源和规划局": (F.NATURAL_RESOURCES, "《中华人民共和国土地管理法》"),
    "自然资源局": (F.NATURAL_RESOURCES, "《中华人民共和国土地管理法》"),
    "住房和城乡建设局": (F.HOUSING, "《中华人民共和国建筑法》"),
    "水利局": (F.WATER, "《中华人民共和国水法》"),
    "农业农村局": (F.AGRICULTURE, "《中华人民共和国农产品质量安全法》"),
    "文化广电旅游局": (F.CULTURE_TOURISM, "《中华人民共和国旅游法》"),
    "卫生健康委员会": (F.HEALTH, "《中华人民共和国基本医疗卫生与健康促进法》"),
    "应急管理局": (F.EMERGENCY, "《中华人民共和国安全生产法》"),
    "医疗保障局": (F.MEDICAL_SECURITY, "《医疗保障基金使用监督管理条例》"),
    "林业局": (F.FORESTRY, "《中华人民共和国森林法》"),
}

# The general provision each type rests on (laws in the corpus), before the sector law.
TYPE_BASIS = {
    ItemType.LICENSING: "《中华人民共和国行政许可法》第十二条",
    ItemType.PENALTY: "《中华人民共和国行政处罚法》第九条",
    ItemType.COERCION: "《中华人民共和国行政强制法》第九条",
    ItemType.INSPECTION: "《优化营商环境条例》第五十四条",
    ItemType.LEVY: "",
    ItemType.OTHER: "",
}
# (type, share of a body's items) — penalties dominate every power list.
TYPE_SHARES = [(ItemType.PENALTY, 0.62), (ItemType.LICENSING, 0.1), (ItemType.COERCION, 0.08),
               (ItemType.INSPECTION, 0.12), (ItemType.LEVY, 0.03), (ItemType.OTHER, 0.05)]

SUBJECTS = ("生产经营单位", "个体工商户", "企业", "经营者", "从业人员", "建设单位", "运输经营者", "服务机构",
            "使用单位", "销售者", "管理单位", "施工单位")
VIOLATIONS = ("未取得许可从事经营活动", "未按规定建立台账", "拒绝、阻碍监督检查", "未按规定公示信息",
              "提供虚假材料", "超出许可范围经营", "未按规定报告", "未落实主体责任", "违反操作规程",
              "未按规定配备人员", "擅自变更登记事项", "未按规定处置废弃物", "未按规定开展自查",
              "伪造、变造许可证件", "逾期未改正")
ACTIONS = {
    ItemType.LICENSING: ("许可", "审批", "核准", "登记"),
    ItemType.COERCION: ("查封场所、设施或者财物", "扣押财物", "暂停使用", "强制拆除"),
    ItemType.INSPECTION: ("日常监督检查", "专项检查", "随机抽查", "现场检查"),
    ItemType.LEVY: ("征收有关费用", "征收滞纳金"),
    ItemType.OTHER: ("行政奖励", "行政确认", "行政裁决"),
}
FINE_CANCELLATION = "云川市人民政府关于取消和调整一批罚款事项的决定（云府发〔%d〕7号）"
OFFICERS_PER_BODY = (18, 34)  # a department body's officer count range (≈1,000 in all)
ITEMS_PER_BODY = (78, 96)  # a department body's items (≈3,000 in all)
EMPOWERED_PER_DEPARTMENT = 12


def _id_number(rng, serial: int) -> str:
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 33 * 365))
    first17 = f"990{rng.randrange(100, 999)}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_char(first17)


def _person(rng) -> str:
    given = "".join(rng.choice(_GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    return rng.choice(_SURNAMES) + given


def _actor(city: DemoCity, unit: Unit) -> Any:
    legal = city.staff(Role.LEGAL_OFFICER, unit)
    if legal:
        return legal[0]
    coordinators = [u for u in city.staff(Role.COORDINATOR) if unit.region_id.startswith(u.unit.region_id)]
    return coordinators[-1] if coordinators else SYSTEM


def _coordinator(city: DemoCity, region_code: str) -> Any:
    return next(u for u in city.staff(Role.COORDINATOR) if u.unit.region_id == region_code)


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()

    # ---- bodies: the enforcement departments, and the townships of the pilot county ----
    departments: list[tuple[EnforcementBody, str]] = []
    suffixes = sorted(DEPARTMENT_FIELDS, key=len, reverse=True)
    for name, unit in city.enforcement_departments.items():
        suffix = next(s for s in suffixes if name.endswith(s))
        field, law = DEPARTMENT_FIELDS[suffix]
        coordinator = _coordinator(city, unit.region_id)
        body = services.create_body(
            actor=coordinator, unit=unit, kind=BodyKind.ORGAN, enforcement_fields=join_fields([field]),
            legal_basis=f"《中华人民共和国行政处罚法》第十七条；{law}；《{unit.region.name}人民政府部门权责清单》",
            published_on=today - datetime.timedelta(days=rng.randrange(200, 900)))
        departments.append((body, law))
    township_units = [u for code, u in city.townships.items() if code.startswith(TEAM_COUNTY)]
    county = city.regions[TEAM_COUNTY]
    team_coordinator = _coordinator(city, TEAM_COUNTY)
    decided = today - datetime.timedelta(days=rng.randrange(300, 500))
    townships: list[EnforcementBody] = []
    for unit in township_units:
        townships.append(services.create_body(
            actor=team_coordinator, unit=unit, kind=BodyKind.ORGAN,
            enforcement_fields=join_fields([F.INTEGRATED, F.URBAN]),
            legal_basis=(f"《中华人民共和国行政处罚法》第二十四条；《{county.name}乡镇（街道）综合行政执法事项"
                         f"赋权目录》（{county.name[:2]}府发〔{decided.year}〕12号）"),
            published_on=decided + datetime.timedelta(days=20)))

    # ---- teams ----
    teams = {}
    for body in townships:
        posts = rng.randrange(8, 13)
        teams[body.pk] = services.create_team(
            actor=team_coordinator, township=body.unit, name=f"{body.unit.name}综合行政执法队", posts=posts,
            established_on=decided + datetime.timedelta(days=rng.randrange(30, 90)))

    # ---- officers ----
    serial = 0

    def officer(body: EnforcementBody, actor: Any, field: str, team=None) -> None:
        nonlocal serial
        serial += 1
        # Five-year certificates: about one in thirteen has expired, a few expire within the renewal window.
        issued = today - datetime.timedelta(days=rng.randrange(30, 5 * 365 + 150))
        expires = issued.replace(year=issued.year + 5) - DAY if not (issued.month == 2 and issued.day == 29) \
            else datetime.date(issued.year + 5, 2, 28)
        status = OfficerStatus.ACTIVE if rng.random() < 0.97 else rng.choice(
            [OfficerStatus.SUSPENDED, OfficerStatus.REVOKED])
        services.create_officer(
            actor=actor, name=_person(rng), id_number=_id_number(rng, serial), body=body,
            certificate_number=f"{body.region_id}{serial:06d}", field=field, issued_on=issued, expires_on=expires,
            legal_qualification=rng.random() < 0.12, status=status, team=team)

    for body, _law in departments:
        actor = _actor(city, body.unit)
        for _ in range(rng.randrange(*OFFICERS_PER_BODY)):
            officer(body, actor, body.field_list[0])
    for body in townships:
        team = teams[body.pk]
        # Officers in post stay below the posts (湘潭: 643 posts, 606 officers).
        for _ in range(team.posts - rng.randrange(0, 3)):
            officer(body, team_coordinator, F.INTEGRATED, team)

    # ---- items ----
    cancelled_on = today - datetime.timedelta(days=rng.randrange(60, 200))
    cancellation = FINE_CANCELLATION % cancelled_on.year
    empowered: list[EnforcementItem] = []
    for body, law in departments:
        actor = _actor(city, body.unit)
        field = body.field_list[0]
        abbreviation = f"{body.region_id[2:6]}-{field[:4].upper()}"
        total = rng.randrange(*ITEMS_PER_BODY)
        number = 0
        in_team_county = body.region_id == TEAM_COUNTY
        for item_type, share in TYPE_SHARES:
            for k in range(max(1, round(total * share))):
                number += 1
                if item_type == ItemType.PENALTY:
                    name = f"对{SUBJECTS[k % len(SUBJECTS)]}{VIOLATIONS[(k // len(SUBJECTS) + k) % len(VIOLATIONS)]}的处罚"
                else:
                    actions = ACTIONS[item_type]
                    name = f"{SUBJECTS[k % len(SUBJECTS)]}{actions[(k // len(SUBJECTS)) % len(actions)]}"
                    if k >= len(SUBJECTS) * len(actions):
                        name += f"（{k // (len(SUBJECTS) * len(actions)) + 1}）"
                basis = "；".join(part for part in (TYPE_BASIS[item_type], law) if part)
                status, on, document = ItemStatus.ACTIVE, None, ""
                if item_type == ItemType.PENALTY and rng.random() < 0.02:
                    # 白银: fine items cancelled or adjusted by one decision across fields.
                    status = ItemStatus.CANCELLED if rng.random() < 0.7 else ItemStatus.ADJUSTED
                    on, document = cancelled_on, cancellation
                empower = (in_team_county and status == ItemStatus.ACTIVE and item_type == ItemType.PENALTY
                           and k < EMPOWERED_PER_DEPARTMENT)
                item = services.create_item(
                    actor=actor, code=f"{abbreviation}-{number:04d}", name=name, item_type=item_type, field=field,
                    legal_basis=basis, body=body, empowered_to_townships=empower, status=status, cancelled_on=on,
                    cancellation_document=document)
                if empower:
                    empowered.append(item)

    # ---- empowerment: one provincial decision per township, listing the county's empowered items ----
    document = f"{city.province.name[:1]}府发〔{decided.year}〕31号"
    for body in townships:
        chosen = [i for i in empowered if rng.random() < 0.8]
        services.create_empowerment(
            actor=team_coordinator, township=body.unit, document_number=document,
            title=f"关于赋予{county.name}乡镇（街道）部分县级行政处罚权的决定", decided_on=decided,
            items=chosen or empowered[:1])

    # ---- the daily job's renewal reminders for certificates expiring or expired ----
    jobs.open_renewals(today)
