"""Demo data: the 双随机一公开 of 云川市's market-supervision bureau (as 湘潭市 reports it).

An inspection item list with legal basis, an entity directory of about 500 entities in three risk
groups, one plan with higher ratios for riskier groups, its committed and revealed draw (recomputable
with `fazhi inspections verify-draw ID`), and results: most published within 20 working days, some
late, a few not yet published. Everything goes through the services and the engine; random choices
come from `city.rng` only (the draw's seed is the platform's own secret, as in production).
"""

from __future__ import annotations

import datetime

from fazhi.core.validators import make_credit_code
from fazhi.enforcement.demo import _actor
from fazhi.enforcement.models import EnforcementBody, EnforcementField
from fazhi.procedures import clock
from fazhi.randominspections import services
from fazhi.randominspections.models import EntityKind, InspectionResult, Outcome, RiskLevel

ENTITIES = 500
ITEMS = [
    ("SJ-SCJG-001", "食品经营许可情况检查", "《中华人民共和国食品安全法》第三十五条、第一百一十条"),
    ("SJ-SCJG-002", "企业公示信息情况检查", "《企业信息公示暂行条例》第十四条"),
    ("SJ-SCJG-003", "产品质量监督抽查", "《中华人民共和国产品质量法》第十五条"),
    ("SJ-SCJG-004", "计量器具使用情况检查", "《中华人民共和国计量法》第九条"),
]
INDUSTRIES = ["餐饮服务", "食品销售", "批发零售", "住宿", "加油站", "农贸市场"]
PREFIXES = ["湘", "云川", "鸿", "瑞丰", "嘉禾", "顺达", "华", "新", "金", "永"]
SUFFIXES = {"餐饮服务": "餐饮", "食品销售": "食品商行", "批发零售": "商贸", "住宿": "宾馆", "加油站": "石油",
            "农贸市场": "农贸市场"}
RISK_WEIGHTS = ((RiskLevel.HIGH, 0.1), (RiskLevel.MEDIUM, 0.3), (RiskLevel.LOW, 0.6))


def _market_body(city) -> EnforcementBody | None:
    bodies = EnforcementBody.objects.filter(enforcement_fields__contains=f",{EnforcementField.MARKET},",
                                            unit__region_id=city.city.code).select_related("unit")
    return bodies.first()


def build(city) -> None:
    body = _market_body(city)
    if body is None:
        return
    rng, today = city.rng, clock.today()
    actor = _actor(city, body.unit)
    items = [services.create_item(actor=actor, body=body, code=code, name=name, field=EnforcementField.MARKET,
                                  legal_basis=basis) for code, name, basis in ITEMS]
    for n in range(ENTITIES):
        industry = rng.choice(INDUSTRIES)
        draw = rng.random()
        risk = next(level for level, cum in ((RiskLevel.HIGH, 0.1), (RiskLevel.MEDIUM, 0.4), (RiskLevel.LOW, 1.0))
                    if draw < cum)
        kind = EntityKind.INDIVIDUAL if industry in ("餐饮服务", "食品销售") and rng.random() < 0.4 else EntityKind.ENTERPRISE
        name = f"{city.city.name[:2]}{rng.choice(PREFIXES)}{n + 1:03d}{SUFFIXES[industry]}" + (
            "店" if kind == EntityKind.INDIVIDUAL else "有限公司")
        services.create_entity(actor=actor, body=body, credit_code=make_credit_code(city.city.code, 700000 + n, "91"),
                               name=name, kind=kind, industry=industry, risk_level=risk,
                               address=f"{city.city.name}{rng.choice(['雨湖路', '建设路', '人民路', '滨江路'])}"
                                       f"{rng.randrange(1, 300)}号")

    # One plan, drawn about three months ago; its results entered over the following weeks.
    committed_on = today - datetime.timedelta(days=95)
    plan = services.create_plan(
        actor=actor, body=body, title=f"{committed_on.year}年度市场监管领域双随机抽查计划（第二批）",
        year=committed_on.year, items=items[:3], ratio_high_bp=1000, ratio_medium_bp=500, ratio_low_bp=300,
        inspectors_per_entity=2)
    services.commit_draw(actor=actor, plan=plan, on=committed_on)
    plan = services.perform_draw(actor=actor, plan=plan, on=committed_on + datetime.timedelta(days=2))
    results = list(InspectionResult.objects.filter(plan=plan).order_by("pk"))
    for i, result in enumerate(results):
        if i % 9 == 8:
            continue  # not yet inspected
        inspected = plan.drawn_on + datetime.timedelta(days=rng.randrange(5, 60))
        roll = rng.random()
        outcome = (Outcome.NO_PROBLEM if roll < 0.75 else Outcome.RECTIFIED if roll < 0.92
                   else Outcome.CASE_OPENED if roll < 0.97 else Outcome.ABSENT)
        problems = handling = ""
        if outcome == Outcome.RECTIFIED:
            problems, handling = "未按规定公示食品经营许可证；进货查验记录不全", "当场责令改正，已复查"
        elif outcome == Outcome.CASE_OPENED:
            problems, handling = "销售超过保质期的食品", "已立案调查"
        result = services.enter_result(actor=actor, result=result, inspected_on=inspected, outcome=outcome,
                                       problems=problems, handling=handling)
        if i % 7 == 6:
            continue  # inspected, not yet published (overdue ones show red on the home page)
        # Most within the limit; about one in six late.
        late = rng.random() < 0.17
        published = result.publication_due_on + datetime.timedelta(days=rng.randrange(3, 15)) if late else \
            inspected + datetime.timedelta(days=rng.randrange(2, 20))
        published = min(published, today)
        if published >= inspected:
            services.publish_result(actor=actor, result=result, on=published)
