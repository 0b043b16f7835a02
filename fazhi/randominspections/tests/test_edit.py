"""Editing inspection items and draft plans: services and pages, access, and the frozen committed plan."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.models import AuditEvent
from fazhi.randominspections import services
from fazhi.randominspections.models import InspectionItem, InspectionPlan

pytestmark = pytest.mark.django_db


def _item_post(item, **changes):
    data = {"body": item.body_id, "code": item.code, "name": item.name, "field": item.field,
            "legal_basis": item.legal_basis, "active": "on"}
    data.update(changes)
    return data


def _plan_post(plan, **changes):
    data = {"body": plan.body_id, "title": plan.title, "year": plan.year, "items": [i.pk for i in plan.items.all()],
            "scope_industry": plan.scope_industry, "ratio_high_bp": plan.ratio_high_bp,
            "ratio_medium_bp": plan.ratio_medium_bp, "ratio_low_bp": plan.ratio_low_bp,
            "inspectors_per_entity": plan.inspectors_per_entity}
    data.update(changes)
    return data


# ---- services ---------------------------------------------------------------------------------------


def test_save_item_changes_and_validates(tree, item_a):
    item_a.name = " 食品经营许可及日常监督检查 "
    services.save_item(actor=tree.officer_a, item=item_a)
    item_a.refresh_from_db()
    assert item_a.name == "食品经营许可及日常监督检查"
    item_a.legal_basis = " "
    with pytest.raises(ValidationError) as exc:
        services.save_item(actor=tree.officer_a, item=item_a)
    assert "请填写检查依据" in exc.value.message_dict["legal_basis"][0]
    item_a.refresh_from_db()
    assert item_a.legal_basis.startswith("《中华人民共和国食品安全法》")


def test_save_item_access(tree, item_a, body_b):
    item = InspectionItem.objects.get(pk=item_a.pk)
    item.name = "西山改"
    with pytest.raises(Http404):
        services.save_item(actor=tree.officer_b, item=item)
    item.body_id = body_b.pk  # moving the item to a body the actor does not keep
    with pytest.raises(Http404):
        services.save_item(actor=tree.officer_a, item=item)
    assert InspectionItem.objects.get(pk=item_a.pk).name == "食品经营许可情况检查"


def test_item_in_a_plan_keeps_its_body(tree, plan_a, item_a, body_a):
    from fazhi.enforcement.models import EnforcementBody

    other = EnforcementBody.objects.create(unit=tree.street_a, region_id=tree.street_a.region_id,
                                           legal_basis="东城街道执法依据", enforcement_fields=",market,")
    item = InspectionItem.objects.get(pk=item_a.pk)
    item.body = other
    with pytest.raises(ValidationError) as exc:
        services.save_item(actor=tree.coordinator_a, item=item)
    assert "不能改变执法主体" in exc.value.message_dict["body"][0]
    assert InspectionItem.objects.get(pk=item_a.pk).body_id == body_a.pk


def test_save_plan_on_a_draft(tree, plan_a, item_a, body_a):
    second = services.create_item(actor=tree.officer_a, body=body_a, code="SJ-002", name="食品标签检查",
                                  field="market", legal_basis="《中华人民共和国食品安全法》第六十七条")
    plan = InspectionPlan.objects.get(pk=plan_a.pk)
    plan.title, plan.ratio_high_bp, plan.scope_industry = "2025年餐饮服务双随机抽查", 8000, "餐饮"
    saved = services.save_plan(actor=tree.officer_a, plan=plan, items=[item_a, second])
    plan_a.refresh_from_db()
    assert (plan_a.title, plan_a.ratio_high_bp, plan_a.scope_industry, plan_a.state) == (
        "2025年餐饮服务双随机抽查", 8000, "餐饮", "draft")
    assert set(plan_a.items.all()) == {item_a, second} and saved.pk == plan_a.pk
    event = AuditEvent.objects.filter(object_type="randominspections.inspectionplan", object_id=str(plan_a.pk)).first()
    assert event.after["title"] == "2025年餐饮服务双随机抽查" and event.actor_id == tree.officer_a.pk


def test_save_plan_validates_and_changes_nothing(tree, plan_a):
    plan = InspectionPlan.objects.get(pk=plan_a.pk)
    plan.title, plan.ratio_low_bp = "新名称", 12000
    with pytest.raises(ValidationError) as exc:
        services.save_plan(actor=tree.officer_a, plan=plan, items=[])
    assert set(exc.value.message_dict) == {"ratio_low_bp", "items"}
    plan_a.refresh_from_db()
    assert plan_a.title == "2025年食品经营者双随机抽查" and plan_a.items.count() == 1


def test_committed_plan_is_frozen(tree, plan_a, item_a):
    services.commit_draw(actor=tree.officer_a, plan=plan_a)
    before = InspectionPlan.objects.get(pk=plan_a.pk)
    plan = InspectionPlan.objects.get(pk=plan_a.pk)
    plan.title, plan.ratio_high_bp = "改过的名称", 10000
    with pytest.raises(ValidationError) as exc:
        services.save_plan(actor=tree.officer_a, plan=plan, items=[item_a])
    assert "已于" in exc.value.messages[0] and "不能再修改" in exc.value.messages[0]
    after = InspectionPlan.objects.get(pk=plan_a.pk)
    assert (after.title, after.ratio_high_bp, after.inputs_hash, after.seed_hash, after.state) == (
        before.title, before.ratio_high_bp, before.inputs_hash, before.seed_hash, "committed")


def test_save_plan_access(tree, plan_a, item_a):
    plan = InspectionPlan.objects.get(pk=plan_a.pk)
    plan.title = "西山改"
    with pytest.raises(Http404):
        services.save_plan(actor=tree.officer_b, plan=plan, items=[item_a])
    assert InspectionPlan.objects.get(pk=plan_a.pk).title == "2025年食品经营者双随机抽查"


# ---- pages ------------------------------------------------------------------------------------------


def test_item_edit_page(tree, client_as, item_a):
    url = f"/randominspections/items/{item_a.pk}/edit/"
    client = client_as(tree.officer_a)
    assert url in client.get("/randominspections/items/").content.decode()  # the list links the edit page
    assert client.get(url).status_code == 200
    response = client.post(url, _item_post(item_a, legal_basis=""))
    assert response.status_code == 200 and "检查依据" in response.content.decode()
    response = client.post(url, _item_post(item_a, name="食品经营许可事项检查"))
    assert response.status_code == 302
    item_a.refresh_from_db()
    assert item_a.name == "食品经营许可事项检查"
    client = client_as(tree.officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, _item_post(item_a, name="西山改")).status_code == 404
    client = client_as(tree.leader_a)
    assert client.get(url).status_code == 404
    assert client.post(url, _item_post(item_a, name="领导改")).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    item_a.refresh_from_db()
    assert item_a.name == "食品经营许可事项检查"


def test_plan_edit_page(tree, client_as, plan_a):
    url = f"/randominspections/plans/{plan_a.pk}/edit/"
    client = client_as(tree.officer_a)
    assert url in client.get(plan_a.get_absolute_url()).content.decode()  # the 编辑 button on a draft
    assert client.get(url).status_code == 200
    response = client.post(url, _plan_post(plan_a, title="2025年食品经营者双随机抽查（修订）", inspectors_per_entity=3))
    assert response.status_code == 302 and response["Location"] == plan_a.get_absolute_url()
    plan_a.refresh_from_db()
    assert plan_a.title == "2025年食品经营者双随机抽查（修订）" and plan_a.inspectors_per_entity == 3
    response = client.post(url, _plan_post(plan_a, inspectors_per_entity=0))
    assert "每个检查对象至少选派1名检查人员" in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.inspectors_per_entity == 3

    client = client_as(tree.officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, _plan_post(plan_a, title="西山改")).status_code == 404
    client = client_as(tree.leader_a)
    assert "/edit/" not in client.get(plan_a.get_absolute_url()).content.decode()
    assert client.post(url, _plan_post(plan_a, title="领导改")).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    plan_a.refresh_from_db()
    assert plan_a.title == "2025年食品经营者双随机抽查（修订）"


def test_plan_edit_page_refuses_a_committed_plan(tree, client_as, plan_a):
    services.commit_draw(actor=tree.officer_a, plan=plan_a)
    plan_a.refresh_from_db()
    url = f"/randominspections/plans/{plan_a.pk}/edit/"
    client = client_as(tree.officer_a)
    detail = client.get(plan_a.get_absolute_url()).content.decode()
    assert url not in detail  # no 编辑 button once committed
    response = client.post(url, _plan_post(plan_a, title="公布后改名", ratio_high_bp=10000), follow=True)
    page = response.content.decode()
    assert "不能再修改" in page and "以便公众验证" in page
    after = InspectionPlan.objects.get(pk=plan_a.pk)
    assert (after.title, after.ratio_high_bp, after.inputs_hash, after.seed_hash) == (
        plan_a.title, plan_a.ratio_high_bp, plan_a.inputs_hash, plan_a.seed_hash)


def test_inspector_directory_in_navigation(tree, client_as):
    page = client_as(tree.officer_a).get("/").content.decode()
    assert "/randominspections/inspectors/" in page
