"""Staff pages for the tree: create and edit through the forms, with the access layer's limits."""

from fazhi.core.access import Role
from fazhi.core.forms import StaffForm
from fazhi.core.models import AuditEvent, Unit, User


def staff_data(**overrides):
    data = {"username": "new_officer", "full_name": "新法制员", "unit": "", "phone": "", "is_active": "on",
            "role": Role.LEGAL_OFFICER, "scope": "", "password": "Another-pass-456"}
    data.update(overrides)
    return data


def test_coordinator_cannot_grant_admin_role(tree):
    form = StaffForm(data=staff_data(unit=tree.dept_a.pk, role=Role.ADMIN), user=tree.coordinator_a)
    assert not form.is_valid()
    assert "role" in form.errors
    form = StaffForm(data=staff_data(unit=tree.dept_a.pk), user=tree.coordinator_a)
    assert form.is_valid(), form.errors


def test_coordinator_creates_staff_in_own_county_only(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post("/users/new/", staff_data(unit=tree.dept_b.pk))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode() or "有效" in response.content.decode()
    assert not User.objects.filter(username="new_officer").exists()
    response = client.post("/users/new/", staff_data(unit=tree.dept_a.pk))
    assert response.status_code == 302
    created = User.objects.get(username="new_officer")
    assert created.check_password("Another-pass-456")
    assert created.roles.get().role == Role.LEGAL_OFFICER
    assert AuditEvent.objects.filter(object_type="core.user", object_id=str(created.pk), action="create").exists()


def test_unit_create_and_edit_pages(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post("/units/new/", {"name": "东城区水利局", "short_name": "", "unit_type": "department",
                                           "region": "990102", "parent": tree.gov_a.pk, "credit_code": "",
                                           "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(name="东城区水利局")
    assert unit.path == f"{tree.gov_a.path}{unit.pk}/"
    response = client.post(f"/units/{unit.pk}/edit/", {"name": "东城区水务局", "unit_type": "department",
                                                       "region": "990102", "parent": tree.gov_a.pk,
                                                       "credit_code": "91110000X", "is_active": "on"})
    assert response.status_code == 200
    assert "统一社会信用代码应为18位" in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "东城区水利局"


def test_leader_gets_404_on_edit_pages(tree, client_as):
    client = client_as(tree.leader_a)
    assert client.get(f"/units/{tree.dept_a.pk}/edit/").status_code == 404
    assert client.get("/units/new/").status_code == 404
    assert client.get(f"/units/{tree.dept_a.pk}/").status_code == 200


def test_unit_list_filters_sorts_pages_and_exports(tree, client_as, django_assert_max_num_queries):
    client = client_as(tree.city_coordinator)
    with django_assert_max_num_queries(12):
        response = client.get("/units/?unit_type=department&sort=-name")
    body = response.content.decode()
    assert body.index("西山县市场监督管理局") < body.index("东城区市场监督管理局")
    assert f">{tree.gov_a.name}</a>" not in body  # governments are filtered out
    response = client.get("/units/?unit_type=department&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "单位名称"
    assert {r[0] for r in rows[1:]} == {"示范市司法局", "东城区司法局", "东城区市场监督管理局", "西山县司法局",
                                        "西山县市场监督管理局"}


def test_object_history_page(tree, client_as):
    tree.dept_a.short_name = "东城市监"
    tree.dept_a.save()
    response = client_as(tree.coordinator_a).get(f"/history/core.unit/{tree.dept_a.pk}/")
    assert response.status_code == 200
    assert "东城市监" in response.content.decode()
    assert client_as(tree.outsider).get(f"/history/core.unit/{tree.dept_a.pk}/").status_code == 404


def test_chinese_unless_the_user_switches(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"


def test_yes_no_filter_in_chinese(tree, client_as):
    tree.dept_b.is_active = False
    tree.dept_b.save()
    client = client_as(tree.city_coordinator)
    body = client.get("/units/").content.decode()
    assert "Unknown" not in body and "全部" in body
    body = client.get("/units/?is_active=false").content.decode()
    assert ">西山县市场监督管理局</a>" in body and ">东城区司法局</a>" not in body
