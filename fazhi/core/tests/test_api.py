"""The core API: tokens, access (outsiders get 404 / nothing), pagination, filters, errors in Chinese."""

import datetime

import pytest
from django.test import Client

from fazhi.core.models import ApiToken, AuditEvent, Unit, UnitType, User

API = "/api/v1"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["items"]}


def usernames(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["username"] for item in response.json()["items"]}


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


COUNTY_A_UNITS = {"东城区人民政府", "东城区司法局", "东城区市场监督管理局", "东城街道办事处"}


# --- authentication and tokens ------------------------------------------------------------------

def test_token_lifecycle(tree, client_as):
    session = client_as(tree.officer_a)
    response = session.post(f"{API}/tokens", {"name": "数据同步脚本"}, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    key = created["key"]
    assert key.startswith("fz_") and created["key_prefix"] == key[:8] and created["revoked_at"] is None

    # Only the hash is stored, and neither the key nor its hash enters the audit chain.
    token = ApiToken.objects.get(pk=created["id"])
    assert token.user == tree.officer_a and token.key_hash != key and key not in token.key_hash
    event = AuditEvent.objects.filter(object_type="core.apitoken", object_id=str(token.pk)).get()
    assert event.action == "create" and event.actor_id == tree.officer_a.pk
    assert key not in str(event.after) and token.key_hash not in str(event.after)

    listed = session.get(f"{API}/tokens").json()
    assert [t["id"] for t in listed] == [token.pk]
    assert "key" not in listed[0] and "key_hash" not in listed[0]

    api = bearer(key)
    me = api.get(f"{API}/me")
    assert me.status_code == 200 and me.json()["username"] == "officer_a"
    assert names(api.get(f"{API}/units")) == {"东城区市场监督管理局"}
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = api.delete(f"{API}/tokens/{token.pk}")
    assert response.status_code == 200 and response.json()["revoked_at"]
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = AuditEvent.objects.filter(object_type="core.apitoken", action="update").get()
    assert list(revoked.after) == ["revoked_at"] and revoked.actor_id == tree.officer_a.pk

    response = api.get(f"{API}/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "未认证：请提供有效的接口令牌或先登录"}
    # Revoking again is harmless and writes nothing; the session still lists the revoked token.
    assert session.delete(f"{API}/tokens/{token.pk}").status_code == 200
    assert AuditEvent.objects.filter(object_type="core.apitoken").count() == 2
    assert session.get(f"{API}/tokens").json()[0]["revoked_at"]


def test_tokens_are_personal(tree, client_as):
    mine = client_as(tree.officer_a).post(f"{API}/tokens", {"name": "我的"}, content_type="application/json").json()
    other = client_as(tree.admin)  # even a superuser neither lists nor revokes someone else's token
    assert other.get(f"{API}/tokens").json() == []
    response = other.delete(f"{API}/tokens/{mine['id']}")
    assert response.status_code == 404 and response.json() == {"detail": "对象不存在"}
    assert ApiToken.objects.get(pk=mine["id"]).revoked_at is None
    assert bearer(mine["key"]).get(f"{API}/me").status_code == 200


def test_token_cannot_mint_tokens(tree, client_as):
    key = client_as(tree.officer_a).post(f"{API}/tokens", {"name": "脚本"},
                                         content_type="application/json").json()["key"]
    response = bearer(key).post(f"{API}/tokens", {"name": "再来一个"}, content_type="application/json")
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_token_name_required_in_chinese(tree, client_as):
    response = client_as(tree.officer_a).post(f"{API}/tokens", {"name": "  "}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "请填写令牌用途。"}]
    response = client_as(tree.officer_a).post(f"{API}/tokens", {}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"] == [{"field": "name", "message": "缺少此字段"}]
    assert not ApiToken.objects.exists()


def test_inactive_users_token_refused(tree, client_as):
    key = client_as(tree.officer_a).post(f"{API}/tokens", {"name": "脚本"},
                                         content_type="application/json").json()["key"]
    User.objects.filter(pk=tree.officer_a.pk).update(is_active=False)
    assert bearer(key).get(f"{API}/units").status_code == 401


@pytest.mark.parametrize("path", ["/units", "/regions", "/users", "/me", "/tokens", "/units/1"])
def test_anonymous_gets_401_in_chinese(tree, client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 401
    assert response.json() == {"detail": "未认证：请提供有效的接口令牌或先登录"}


def test_unknown_token_gets_401(tree):
    assert bearer("fz_not-a-real-token").get(f"{API}/units").status_code == 401


def test_me_shows_roles_and_scopes(tree, client_as):
    data = client_as(tree.leader_a).get(f"{API}/me").json()
    assert data["username"] == "leader_a" and data["unit"] == tree.gov_a.pk and data["unit_name"] == "东城区人民政府"
    assert data["can_write"] is False and data["is_superuser"] is False
    assert [r["role"] for r in data["roles"]] == ["leader"] and data["roles"][0]["role_label"] == "领导（只读）"
    assert data["scopes"] == [{"role": "leader", "scope": "region_subtree", "unit": tree.gov_a.pk,
                               "region_prefix": "990102"}]
    assert "password" not in data
    admin = client_as(tree.admin).get(f"{API}/me").json()
    assert admin["is_superuser"] is True and admin["can_write"] is True


# --- access -------------------------------------------------------------------------------------

def test_outsider_gets_404_for_county_a(tree, client_as):
    api = client_as(tree.outsider)
    for path in (f"/units/{tree.dept_a.pk}", f"/users/{tree.officer_a.pk}", "/regions/990102",
                 "/regions/990102001", "/units/999999", "/users/999999", "/regions/123456"):
        response = api.get(f"{API}{path}")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "对象不存在"}
    assert api.get(f"{API}/units/{tree.dept_b.pk}").status_code == 200
    assert api.get(f"{API}/regions/990103").json()["name"] == "西山县"


def test_outsider_lists_only_county_b(tree, client_as):
    api = client_as(tree.outsider)
    units = names(api.get(f"{API}/units"))
    assert units == {"西山县人民政府", "西山县司法局", "西山县市场监督管理局"}
    assert not units & COUNTY_A_UNITS
    assert usernames(api.get(f"{API}/users")) == {"coord_b", "officer_b"}
    # Regions: their own subtree, and the regions above it for context.
    regions = {r["code"] for r in api.get(f"{API}/regions").json()["items"]}
    assert regions == {"990000", "990100", "990103", "990103001"}
    assert names(api.get(f"{API}/units", {"region": "990102"})) == set()


def test_scopes_narrow_lists(tree, client_as):
    assert names(client_as(tree.enforcer_a).get(f"{API}/units")) == {"东城区市场监督管理局"}
    assert names(client_as(tree.coordinator_a).get(f"{API}/units")) == COUNTY_A_UNITS
    assert names(client_as(tree.leader_a).get(f"{API}/units")) == COUNTY_A_UNITS  # read-only, but reads
    assert names(client_as(tree.no_role).get(f"{API}/units")) == set()
    assert len(names(client_as(tree.city_coordinator).get(f"{API}/units"))) == 9


def test_users_never_expose_password(tree, client_as):
    for user in (tree.admin, tree.coordinator_a):
        response = client_as(user).get(f"{API}/users")
        text = response.content.decode()
        assert response.status_code == 200 and "password" not in text and "md5$" not in text
        detail = client_as(user).get(f"{API}/users/{tree.officer_a.pk}").content.decode()
        assert "password" not in detail and "md5$" not in detail and "officer_a" in detail


def test_user_roles_are_listed_within_scope(tree, client_as):
    from fazhi.core.models import RoleAssignment

    # officer_b also holds a role in county A: county B's coordinator sees the user but not that role.
    RoleAssignment.objects.create(user=tree.officer_b, role="inspector", unit=tree.justice_a)
    data = client_as(tree.outsider).get(f"{API}/users/{tree.officer_b.pk}").json()
    assert [r["role"] for r in data["roles"]] == ["legal_officer"]
    data = client_as(tree.admin).get(f"{API}/users/{tree.officer_b.pk}").json()
    assert [r["role"] for r in data["roles"]] == ["legal_officer", "inspector"]


# --- lists: pagination and filters ---------------------------------------------------------------

def test_pagination_shape(tree, client_as):
    api = client_as(tree.admin)
    data = api.get(f"{API}/units", {"page_size": 4}).json()
    assert set(data) == {"items", "count"} and data["count"] == 9 and len(data["items"]) == 4
    last = api.get(f"{API}/units", {"page_size": 4, "page": 3}).json()
    assert last["count"] == 9 and len(last["items"]) == 1
    seen = [u["id"] for page in (1, 2, 3) for u in api.get(f"{API}/units", {"page_size": 4, "page": page}).json()["items"]]
    assert sorted(seen) == sorted(Unit.objects.values_list("pk", flat=True))
    item = data["items"][0]
    assert set(item) == {"id", "name", "short_name", "unit_type", "unit_type_label", "region", "region_name",
                         "parent", "parent_name", "credit_code", "is_active", "created_at"}


def test_default_page_size_is_50(tree, client_as):
    Unit.objects.bulk_create(Unit(name=f"测试单位{n:02d}", unit_type=UnitType.OTHER, region=tree.county_a)
                             for n in range(55))
    data = client_as(tree.admin).get(f"{API}/units").json()
    assert data["count"] == 64 and len(data["items"]) == 50
    assert client_as(tree.admin).get(f"{API}/units", {"page": 0}).status_code == 422


def test_unit_filters(tree, client_as):
    api = client_as(tree.admin)
    assert names(api.get(f"{API}/units", {"region": "990102"})) == COUNTY_A_UNITS  # county and its township
    assert names(api.get(f"{API}/units", {"region": "990102001"})) == {"东城街道办事处"}
    assert len(names(api.get(f"{API}/units", {"region": "990100"}))) == 9
    assert names(api.get(f"{API}/units", {"unit_type": "township_government"})) == {"东城街道办事处"}
    assert names(api.get(f"{API}/units", {"q": "司法局"})) == {"示范市司法局", "东城区司法局", "西山县司法局"}
    assert names(api.get(f"{API}/units", {"parent": tree.gov_a.pk})) == {
        "东城区司法局", "东城区市场监督管理局", "东城街道办事处"}
    tree.dept_b.is_active = False
    tree.dept_b.save()
    assert names(api.get(f"{API}/units", {"is_active": "false"})) == {"西山县市场监督管理局"}
    assert len(names(api.get(f"{API}/units", {"is_active": "true"}))) == 8
    assert names(api.get(f"{API}/units", {"region": "990103", "q": "司法"})) == {"西山县司法局"}


def test_region_filters(tree, client_as):
    api = client_as(tree.admin)

    def codes(params):
        response = api.get(f"{API}/regions", params)
        assert response.status_code == 200, response.content
        return {r["code"] for r in response.json()["items"]}

    assert codes({"level": 3}) == {"990102", "990103"}
    assert codes({"parent": "990100"}) == {"990102", "990103"}
    assert codes({"q": "东城"}) == {"990102", "990102001"}
    assert codes({"code": "990103"}) == {"990103", "990103001"}
    region = api.get(f"{API}/regions/990102001").json()
    assert region == {"code": "990102001", "name": "东城街道", "level": 4, "level_label": "乡级", "parent": "990102"}


def test_user_filters(tree, client_as):
    api = client_as(tree.admin)
    assert usernames(api.get(f"{API}/users", {"unit": tree.dept_a.pk})) == {"officer_a", "enforcer_a", "norole"}
    assert usernames(api.get(f"{API}/users", {"role": "legal_officer"})) == {"officer_a", "officer_b"}
    assert usernames(api.get(f"{API}/users", {"q": "西山"})) == {"coord_b", "officer_b"}
    assert usernames(api.get(f"{API}/users", {"region": "990103"})) == {"coord_b", "officer_b"}
    assert usernames(client_as(tree.outsider).get(f"{API}/users", {"role": "legal_officer"})) == {"officer_b"}


@pytest.mark.parametrize("path,params,field,message", [
    ("/units", {"parent": "abc"}, "parent", "应为整数"),
    ("/units", {"unit_type": "bank"}, "unit_type", "不是允许的取值"),
    ("/units", {"is_active": "maybe"}, "is_active", "应为 true 或 false"),
    ("/units", {"region": "9901"}, "region", "区划代码“9901”格式不对：应为6、9或12位数字。"),
    ("/units", {"page": "x"}, "page", "应为整数"),
    ("/regions", {"level": 9}, "level", "数值过大"),
    ("/users", {"role": "boss"}, "role", "不是允许的取值"),
    ("/users", {"unit": "东城"}, "unit", "应为整数"),
    ("/units/abc", {}, "unit_id", "应为整数"),
])
def test_bad_filters_answer_422_in_chinese(tree, client_as, path, params, field, message):
    response = client_as(tree.admin).get(f"{API}{path}", params)
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["errors"] == [{"field": field, "message": message}]
    assert field in data["detail"] and message in data["detail"]


# --- input the schema test (tests/test_api_schema.py) found answering 500 ---------------------------

@pytest.mark.parametrize("path", ["/regions", "/units", "/users"])
def test_huge_page_number_is_422(tree, client_as, path):
    response = client_as(tree.coordinator_a).get(f"{API}{path}", {"page": "28878228492231454490624"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "page", "message": "数值过大"}]


def test_nul_in_region_code_is_404_and_in_filters_422(tree, client_as):
    # PostgreSQL cannot compare text with a NUL byte: the lookup itself failed (500).
    api = client_as(tree.coordinator_a)
    response = api.get(f"{API}/regions/%00")
    assert response.status_code == 404 and response.json() == {"detail": "对象不存在"}
    response = api.get(f"{API}/regions", {"parent": "990100\x00"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "parent"
    assert api.get(f"{API}/regions/990102").json()["name"] == "东城区"


@pytest.mark.parametrize(("path", "param"), [("/units", "parent"), ("/users", "unit")])
def test_huge_id_filters_never_500(tree, client_as, path, param):
    # SQLite cannot bind an integer beyond 64 bits (OverflowError → 422); PostgreSQL finds nothing.
    response = client_as(tree.coordinator_a).get(f"{API}{path}", {param: "9" * 30})
    assert response.status_code in (200, 422), response.content
    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        assert "超出可处理的范围" in response.json()["detail"]


# --- no N+1 ------------------------------------------------------------------------------------

def test_unit_list_query_count_is_bounded(tree, client_as, django_assert_max_num_queries):
    for n in range(20):
        Unit.objects.create(name=f"东城区测试局{n}", unit_type=UnitType.DEPARTMENT, region=tree.county_a,
                            parent=tree.gov_a)
    api = client_as(tree.coordinator_a)
    # session, user, grants, count, page: parents and regions come with the page (select_related).
    with django_assert_max_num_queries(5):
        data = api.get(f"{API}/units").json()
    assert data["count"] == 24 and all(u["region_name"] for u in data["items"])
    with django_assert_max_num_queries(5):
        assert api.get(f"{API}/units/{tree.dept_a.pk}").json()["parent_name"] == "东城区人民政府"


def test_user_list_query_count_is_bounded(tree, client_as, django_assert_max_num_queries):
    for n in range(15):
        user = User.objects.create_user(username=f"staff{n}", password="x", unit=tree.dept_a)
        user.roles.create(role="enforcement_officer", unit=tree.dept_a)
    api = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(6):  # + the roles of the page, in one query
        data = api.get(f"{API}/users").json()
    assert data["count"] == 21 and all(u["roles"] for u in data["items"] if u["username"] != "norole")


# --- OpenAPI ----------------------------------------------------------------------------------

def test_openapi_lists_core_routes(tree, client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    paths = spec["paths"]
    for path, method in [("/regions", "get"), ("/regions/{code}", "get"), ("/units", "get"),
                         ("/units/{unit_id}", "get"), ("/users", "get"), ("/users/{user_id}", "get"),
                         ("/me", "get"), ("/tokens", "get"), ("/tokens", "post"), ("/tokens/{token_id}", "delete")]:
        assert method in paths[f"{API}{path}"], path
    assert paths[f"{API}/units"]["get"]["tags"] == ["core"]
    params = {p["name"] for p in paths[f"{API}/units"]["get"]["parameters"]}
    assert {"region", "unit_type", "q", "parent", "is_active", "page", "page_size"} <= params
    user_schema = spec["components"]["schemas"]["UserOut"]["properties"]
    assert "password" not in user_schema and user_schema["full_name"]["title"] == "姓名"
    assert "key" not in spec["components"]["schemas"]["TokenOut"]["properties"]
    assert spec["components"]["schemas"]["UnitOut"]["properties"]["credit_code"]["title"] == "统一社会信用代码"


def test_timestamps_are_iso(tree, client_as):
    item = client_as(tree.admin).get(f"{API}/units/{tree.dept_a.pk}").json()
    created = datetime.datetime.fromisoformat(item["created_at"].replace("Z", "+00:00"))
    assert abs((created - tree.dept_a.created_at).total_seconds()) < 1
