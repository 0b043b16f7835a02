"""The shipped demonstration self-assessment template: structure, points, computed leaves that score
from the records, editable copies, the page that creates one, and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.assessment import national, scoring, services
from fazhi.assessment.models import Indicator, IndicatorSystem, Method
from fazhi.assessment.tests.conftest import documents
from fazhi.figures import registry

D = datetime.date


def test_template_structure_points_and_source(tree):
    system = national.create(actor=tree.city_coordinator, unit=tree.city_justice, year=2025)
    top = list(system.indicators.filter(parent__isnull=True).order_by("position"))
    assert len(top) == 10 and all(i.points == Decimal(10) for i in top)
    assert top[0].name.startswith("深入学习贯彻习近平法治思想") and top[9].name.startswith("加强党的领导")
    assert services.weight_problems(system) == []
    leaves = Indicator.objects.filter(system=system, children__isnull=True)
    assert all(leaf.method for leaf in leaves)
    computed = {leaf.figure_key for leaf in leaves if leaf.method == Method.COMPUTED}
    assert {"rulemaking.filing.rate", "cases.legal_review_rate", "tasks.tasks.on_time_rate"} <= computed
    assert computed <= {f.key for f in registry.figures()}
    assert "一级指标10项、二级指标34项、三级指标104项" in system.description and "未公开" in system.description
    assert any("马上办、网上办、就近办、一次办、自助办" in leaf.name for leaf in leaves)
    assert system.categories == ["self"] and not system.is_frozen
    # It is a draft the office edits: an indicator can be changed before freezing, then it freezes.
    leaf = leaves.filter(method=Method.EVIDENCE).first()
    leaf.standard = "按申报指南第1.1.1项"
    services.save_indicator(actor=tree.city_coordinator, indicator=leaf)
    services.freeze_system(actor=tree.city_coordinator, system=system)


def test_a_computed_leaf_without_its_module_becomes_an_evidence_leaf(tree, monkeypatch):
    everything = registry.figures()
    monkeypatch.setattr(national.registry, "figures",
                        lambda *a, **k: [f for f in everything if not f.key.startswith("cases.")])
    system = national.create(actor=tree.city_coordinator, unit=tree.city_justice, year=2025)
    review = system.indicators.get(name="重大执法决定法制审核率")
    assert (review.method, review.figure_key, review.points) == (Method.EVIDENCE, "", Decimal(3))
    assert services.weight_problems(system) == []


def test_the_city_self_assesses_and_computed_scores_follow_the_records(tree, monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: D(2025, 12, 1))
    system = national.create(actor=tree.city_coordinator, unit=tree.city_justice, year=2025)
    services.freeze_system(actor=tree.city_coordinator, system=system)
    round_ = services.create_round(actor=tree.city_coordinator, unit=tree.city_justice, system=system,
                                   title="2025年示范创建自评", year=2025, evidence_due_on=D(2025, 12, 10),
                                   objection_days=5)
    services.add_participants(actor=tree.city_coordinator, round_=round_, units=[tree.city_gov])
    services.take_step(actor=tree.city_coordinator, round_=round_, name="open")
    documents(tree, tree.dept_a, filed=1, unfiled=1)

    def filing_score():
        scored = next(iter(scoring.score_round(round_).values()))
        return next(s for s in scored.values() if s.entry.indicator.figure_key == "rulemaking.filing.rate")

    first = filing_score()
    assert first.display == "50.00%（1/2）" and first.computed == Decimal("2.00")
    documents(tree, tree.dept_b, filed=2, unfiled=0)
    assert filing_score().display == "75.00%（3/4）" and filing_score().computed == Decimal("3.00")


def test_page_creates_a_copy_and_refuses_bad_input(tree, client_as):
    client = client_as(tree.city_coordinator)
    url = reverse("assessment:system_template")
    assert "从示范创建模板新建" in client.get(reverse("assessment:system_list")).content.decode()
    page = client.get(url).content.decode()
    assert "一级指标10项" in page
    response = client.post(url, {"unit": tree.city_justice.pk, "year": "2019"})
    assert response.status_code == 200 and "适用年度不能早于2021年" in response.content.decode()
    # County A's coordinator cannot draw one up in county B's name.
    response = client_as(tree.coordinator_a).post(url, {"unit": tree.justice_b.pk, "year": "2026"})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not IndicatorSystem.objects.exists()
    client = client_as(tree.city_coordinator)
    response = client.post(url, {"unit": tree.city_justice.pk, "year": "2026"})
    system = IndicatorSystem.objects.get()
    assert response.status_code == 302 and response["Location"] == system.get_absolute_url()
    assert system.indicators.count() == 10 + Indicator.objects.filter(system=system, parent__isnull=False).count()
    # Someone without an office unit cannot use it.
    assert client_as(tree.officer_a).get(url).status_code in (403, 404)


@pytest.mark.parametrize("who", ["leader_a"])
def test_read_only_users_cannot_create(tree, client_as, who):
    response = client_as(getattr(tree, who)).post(reverse("assessment:system_template"),
                                                 {"unit": tree.justice_a.pk, "year": "2026"})
    assert response.status_code in (403, 404) and not IndicatorSystem.objects.exists()
