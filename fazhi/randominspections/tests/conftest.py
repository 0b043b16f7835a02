import datetime

import pytest

from fazhi.core.validators import credit_code_check_char
from fazhi.enforcement.tests import conftest as enforcement

# The enforcement app's fixtures (a fixed today, county A's and B's market bodies, officers).
_today, body_a, body_b, make_officer = enforcement._today, enforcement.body_a, enforcement.body_b, enforcement.make_officer

D = datetime.date


def credit_code(n: int, region: str = "990102") -> str:
    first17 = f"91{region}{n:09d}"
    return first17 + credit_code_check_char(first17)


@pytest.fixture
def item_a(tree, body_a):
    from fazhi.randominspections import services

    return services.create_item(actor=tree.officer_a, body=body_a, code="SJ-001", name="食品经营许可情况检查",
                                field="market", legal_basis="《中华人民共和国食品安全法》第一百一十条")


@pytest.fixture
def entities_a(tree, body_a):
    """20 entities: 4 high-risk, 6 medium, 10 low; industry 餐饮 for the first 12."""
    from fazhi.randominspections import services

    levels = ["high"] * 4 + ["medium"] * 6 + ["low"] * 10
    return [services.create_entity(actor=tree.officer_a, body=body_a, credit_code=credit_code(i), name=f"东城商户{i}",
                                   industry="餐饮" if i < 12 else "零售", risk_level=level)
            for i, level in enumerate(levels)]


@pytest.fixture
def inspectors_a(make_officer):
    return [make_officer(name=f"检查员{i}") for i in range(4)]


@pytest.fixture
def plan_a(tree, body_a, item_a, entities_a, inspectors_a):
    from fazhi.randominspections import services

    return services.create_plan(actor=tree.officer_a, body=body_a, title="2025年食品经营者双随机抽查", year=2025,
                                items=[item_a], ratio_low_bp=1000, ratio_medium_bp=3400, ratio_high_bp=5000,
                                inspectors_per_entity=2)
