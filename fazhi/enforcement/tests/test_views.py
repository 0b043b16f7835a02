"""Staff pages and the portal's publicity pages."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent
from fazhi.enforcement import services
from fazhi.enforcement.models import Empowerment, EnforcementBody, EnforcementOfficer, join_fields

D = datetime.date
pytestmark = pytest.mark.django_db


def test_lists_page_filter_and_export(tree, client_as, make_officer, make_item, django_assert_max_num_queries):
    for n in range(30):
        make_officer(name=f"执法员{n:02d}")
    make_officer(name="过期员", issued_on=D(2019, 1, 1), expires_on=D(2024, 1, 1))
    for _n in range(30):
        make_item()
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("enforcement:officer_list"))
    assert response.status_code == 200 and "共 31 条" in response.content.decode()
    body = response.content.decode()
    assert "1101**********" in body  # masked ID numbers only
    assert EnforcementOfficer.objects.first().id_number not in body
    response = client.get(reverse("enforcement:officer_list"), {"certificate": "expired"})
    assert "过期员" in response.content.decode() and "共 1 条" in response.content.decode()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("enforcement:item_list"), {"item_type": "penalty", "sort": "-code"})
    assert "共 30 条" in response.content.decode()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("enforcement:body_list"))
    assert "东城区市场监督管理局" in response.content.decode()
    response = client.get(reverse("enforcement:officer_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("姓名", "身份证号", "执法证号") and len(rows) == 32
    assert all("*" in r[1] for r in rows[1:])


def test_other_county_and_anonymous_see_nothing(tree, client_as, client, body_a, make_officer, make_item):
    officer, item = make_officer(), make_item()
    routes = (("body_detail", body_a.pk), ("officer_detail", officer.pk), ("item_detail", item.pk),
              ("officer_edit", officer.pk))
    for name, pk in routes:
        assert client.get(reverse(f"enforcement:{name}", args=[pk])).status_code == 302
    for name, pk in routes:  # the same client, now logged in as the other county's coordinator
        assert client_as(tree.outsider).get(reverse(f"enforcement:{name}", args=[pk])).status_code == 404
    response = client_as(tree.outsider).get(reverse("enforcement:officer_list"))
    assert "东城" not in response.content.decode()
    assert client_as(tree.officer_a).get(reverse("enforcement:officer_detail", args=[officer.pk])).status_code == 200


def test_officer_form_errors_in_chinese_and_nothing_saved(tree, client_as, body_a):
    client = client_as(tree.officer_a)
    data = {"name": "李执法", "id_number": "110105198001011234", "body": body_a.pk, "certificate_number": "X1",
            "field": "market", "issued_on": "2025-06-01", "expires_on": "2025-05-01", "status": "active"}
    response = client.post(reverse("enforcement:officer_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "校验位错误" in body
    before = AuditEvent.objects.count()
    data["id_number"] = "11010519491231002X"
    response = client.post(reverse("enforcement:officer_create"), data)
    assert "有效期至不得早于发证日期（2025-06-01）" in response.content.decode()
    assert not EnforcementOfficer.objects.exists() and AuditEvent.objects.count() == before
    data["expires_on"] = "2030-05-31"
    response = client.post(reverse("enforcement:officer_create"), data)
    assert response.status_code == 302
    officer = EnforcementOfficer.objects.get()
    assert officer.id_number == "11010519491231002X" and officer.body == body_a


def test_body_form_sets_fields(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("enforcement:body_create"), {
        "unit": tree.dept_a.pk, "kind": "organ", "field_choices": ["market", "health"], "legal_basis": "",
        "active": "on"})
    assert "请填写执法依据" in response.content.decode()
    response = client.post(reverse("enforcement:body_create"), {
        "unit": tree.dept_a.pk, "kind": "organ", "field_choices": ["market", "health"],
        "legal_basis": "《中华人民共和国行政处罚法》第十七条", "active": "on"})
    assert response.status_code == 302
    body = EnforcementBody.objects.get()
    assert body.field_list == ["market", "health"]
    response = client.get(reverse("enforcement:body_edit", args=[body.pk]))
    assert response.content.decode().count("checked") == 3  # two fields and 有效


def test_leader_cannot_write(tree, client_as, body_a):
    client = client_as(tree.leader_a)
    assert client.get(reverse("enforcement:officer_list")).status_code == 200
    assert client.get(reverse("enforcement:officer_create")).status_code == 404
    assert client.post(reverse("enforcement:body_edit", args=[body_a.pk]), {}).status_code == 404


def test_public_pages_show_published_bodies_without_id_numbers(tree, client, body_a, make_officer, make_item):
    officer = make_officer(name="王公示")
    hidden_body = services.create_body(actor=tree.outsider, unit=tree.dept_b, legal_basis="x",
                                       enforcement_fields=join_fields(["market"]))  # not yet published
    services.create_officer(actor=tree.outsider, name="赵未公告", id_number="11010519491231002X", body=hidden_body,
                            certificate_number="B1", field="market", issued_on=D(2024, 1, 1), expires_on=D(2029, 1, 1))
    make_item(name="对无证经营的处罚")
    response = client.get(reverse("enforcement:public_officers"))
    body = response.content.decode()
    assert response.status_code == 200 and "王公示" in body and officer.certificate_number in body
    assert officer.id_number not in body and "1101**" not in body and "赵未公告" not in body
    response = client.get(reverse("enforcement:public_officers"), {"q": "不存在"})
    assert "王公示" not in response.content.decode()
    response = client.get(reverse("enforcement:public_items"), {"item_type": "penalty"})
    assert "对无证经营的处罚" in response.content.decode() and "食品安全法" in response.content.decode()
    response = client.get(reverse("enforcement:public_bodies"))
    assert "东城区市场监督管理局" in response.content.decode() and "西山县" not in response.content.decode()
    assert "行政执法公示" in client.get(reverse("portal:home")).content.decode()


def test_navigation_entries_follow_roles(tree, client_as):
    body = client_as(tree.officer_a).get(reverse("home")).content.decode()
    assert reverse("enforcement:officer_list") in body and reverse("enforcement:team_list") not in body
    body = client_as(tree.coordinator_a).get(reverse("home")).content.decode()
    assert reverse("enforcement:team_list") in body


def test_every_page_renders_for_the_county_coordinator(tree, client_as, body_a, make_officer, make_item):
    township_body = services.create_body(actor=tree.coordinator_a, unit=tree.street_a, legal_basis="行政处罚法第二十四条",
                                         enforcement_fields=join_fields(["integrated"]))
    team = services.create_team(actor=tree.coordinator_a, township=tree.street_a, name="东城街道综合行政执法队", posts=9)
    officer = make_officer(actor=tree.coordinator_a, body=township_body, field="integrated", team=team)
    item = make_item(empowered_to_townships=True)
    empowerment = services.create_empowerment(actor=tree.coordinator_a, township=tree.street_a,
                                              document_number="示府发〔2025〕31号", title="关于赋权的决定",
                                              decided_on=D(2025, 3, 1), items=[item])
    client = client_as(tree.coordinator_a)
    pages = {
        reverse("enforcement:body_detail", args=[body_a.pk]): "行政处罚",
        reverse("enforcement:officer_detail", args=[officer.pk]): "东城街道综合行政执法队",
        reverse("enforcement:item_detail", args=[item.pk]): "示府发〔2025〕31号",
        reverse("enforcement:team_detail", args=[team.pk]): officer.certificate_number,
        reverse("enforcement:empowerment_detail", args=[empowerment.pk]): item.code,
        reverse("enforcement:team_list"): "东城街道综合行政执法队",
        reverse("enforcement:empowerment_list"): "示府发〔2025〕31号",
    }
    for name in ("body", "officer", "item", "team", "empowerment"):
        pages[reverse(f"enforcement:{name}_create")] = "保存"
    for name, pk in (("body", body_a.pk), ("officer", officer.pk), ("item", item.pk), ("team", team.pk),
                     ("empowerment", empowerment.pk)):
        pages[reverse(f"enforcement:{name}_edit", args=[pk])] = "保存"
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_empowerment_form(tree, client_as, make_item):
    item = make_item(empowered_to_townships=True)
    plain = make_item()
    client = client_as(tree.coordinator_a)
    data = {"township": tree.street_a.pk, "document_number": "示府发〔2025〕31号", "title": "关于赋权的决定",
            "decided_on": "2025-03-01", "items": [plain.pk]}
    response = client.post(reverse("enforcement:empowerment_create"), data)
    assert "所选事项不存在，或不是可以赋权的事项。" in response.content.decode()
    data["items"] = [item.pk]
    response = client.post(reverse("enforcement:empowerment_create"), data)
    assert response.status_code == 302
    assert list(Empowerment.objects.get().items.all()) == [item]


def test_public_pages_query_counts(tree, client, make_officer, make_item, django_assert_max_num_queries):
    for _n in range(30):
        make_officer()
        make_item()
    for name in ("public_bodies", "public_officers", "public_items"):
        with django_assert_max_num_queries(6):
            response = client.get(reverse(f"enforcement:{name}"))
        assert response.status_code == 200
