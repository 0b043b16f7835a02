import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from fazhi.assessment import services
from fazhi.assessment.models import Demonstration, DemonstrationVillage
from fazhi.core.models import Region
from fazhi.core.regions import Level
from fazhi.figures.registry import compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def village_a(tree):
    return Region.objects.create(code="990102001001", name="东城村", level=Level.VILLAGE, parent=tree.township_a)


def test_register_demonstrations_and_villages(tree, village_a):
    area = services.save_demonstration(actor=tree.coordinator_a, demonstration=Demonstration(
        kind="area", name="省级法治政府建设示范地区", level="provincial", year=2024, unit=tree.gov_a))
    assert area.region == tree.county_a
    services.save_village(actor=tree.coordinator_a, village=DemonstrationVillage(
        village=village_a, unit=tree.justice_a, level="national", year=2020))
    assert compute("assessment.demonstrations.area.provincial", user=tree.city_coordinator).value == 1
    assert compute("assessment.villages.national", user=tree.city_coordinator, region=tree.county_a).value == 1
    assert compute("assessment.villages.national", user=tree.outsider).value == 0


def test_bad_input_is_refused_in_chinese(tree, village_a):
    with pytest.raises(ValidationError) as exc:
        services.save_demonstration(actor=tree.coordinator_a, demonstration=Demonstration(
            kind="area", name="示范地区", level="city", year=2030, unit=tree.dept_a))
    assert "命名年度应在2003年至2025年之间" in str(exc.value)
    assert "示范地区的创建单位应为本级人民政府" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.save_village(actor=tree.city_coordinator, village=DemonstrationVillage(
            village=village_a, unit=tree.justice_b, level="county", year=2020))
    assert "不在管理单位“西山县司法局”所属区划内" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.save_village(actor=tree.outsider, village=DemonstrationVillage(
            village=village_a, unit=tree.justice_a, level="county", year=2020))
    assert "您无权以该单位名义登记示范创建" in str(exc.value)
    assert not Demonstration.objects.exists() and not DemonstrationVillage.objects.exists()


def test_pages(tree, client_as, village_a, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("assessment:village_create"), {
        "village": village_a.code, "unit": tree.justice_a.pk, "level": "city", "year": 2021,
        "naming_document": "市司法局、市民政局命名"})
    record = DemonstrationVillage.objects.get()
    assert response["Location"] == record.get_absolute_url()
    with django_assert_max_num_queries(15):
        assert "东城村" in client.get(reverse("assessment:village_list")).content.decode()
    assert "东城村" in client.get(record.get_absolute_url()).content.decode()
    assert client_as(tree.outsider).get(record.get_absolute_url()).status_code == 404
    with pytest.raises(Http404):
        services.save_village(actor=tree.outsider, village=record)


def test_api_lists(tree, client_as, village_a):
    services.save_village(actor=tree.coordinator_a, village=DemonstrationVillage(
        village=village_a, unit=tree.justice_a, level="county", year=2022))
    data = client_as(tree.coordinator_a).get("/api/v1/assessment/villages?level=county").json()
    assert data["count"] == 1 and data["items"][0]["village"] == "东城村"
    assert client_as(tree.outsider).get("/api/v1/assessment/villages").json()["count"] == 0
    response = client_as(tree.coordinator_a).get("/api/v1/assessment/demonstrations?level=nope")
    assert response.status_code == 422
