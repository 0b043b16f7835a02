"""Staff pages, the portal page, the API: access, bad input in Chinese, query counts."""

from decimal import Decimal

import pytest

from fazhi.cases.models import EnforcementCase
from fazhi.cases.tests.conftest import CREDIT, D

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def _published(major_to_review, attach, step, tree, **fields):
    case = major_to_review(**fields)
    attach(case, "review_opinion", actor=tree.reviewer_a)
    step(case, "pass_review", on=D(2025, 11, 13), actor=tree.reviewer_a)
    EnforcementCase.objects.filter(pk=case.pk).update(outcome="penalty")
    case.refresh_from_db()
    step(case, "discuss", on=D(2025, 11, 17))
    attach(case, "decision")
    step(case, "decide", on=D(2025, 11, 18))
    step(case, "serve", on=D(2025, 11, 19))
    step(case, "publish", on=D(2025, 11, 20))
    return case


class TestStaffPages:
    def test_list_scoped_filtered_and_bounded(self, tree, client_as, make_case, django_assert_max_num_queries):
        for n in range(5):
            make_case(major=n % 2 == 0)
        client = client_as(tree.officer_a)
        with django_assert_max_num_queries(15):
            response = client.get("/cases/")
        assert response.status_code == 200 and "东市监罚〔2025〕1号" in response.content.decode()
        assert client.get("/cases/", {"major": "true"}).context["page"].paginator.count == 3
        assert client.get("/cases/", {"export": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")
        other = client_as(tree.officer_b).get("/cases/")
        assert other.context["page"].paginator.count == 0

    def test_detail_404_for_other_county_and_anonymous_redirect(self, tree, client, client_as, make_case):
        case = make_case()
        assert client.get(f"/cases/{case.pk}/").status_code == 302
        assert client_as(tree.officer_b).get(f"/cases/{case.pk}/").status_code == 404
        page = client_as(tree.officer_a).get(f"/cases/{case.pk}/").content.decode()
        assert "开始调查取证" in page and "作出决定期限" in page

    def test_leader_cannot_register(self, tree, client_as, make_case):
        case = make_case()
        client = client_as(tree.leader_a)
        assert client.get(f"/cases/{case.pk}/").status_code == 200
        assert client.post("/cases/new/", {}).status_code in (403, 404)

    def test_form_errors_in_chinese_and_nothing_saved(self, tree, client_as, body_a, officers, make_officer, item):
        expired = make_officer(name="赵过期", issued_on=D(2019, 1, 1), expires_on=D(2025, 6, 30))
        data = {"body": body_a.pk, "number": "东市监罚〔2025〕9号", "item": item.pk, "act_type": "penalty",
                "officer_choices": [officers[0].pk, expired.pk], "party_kind": "organisation",
                "party_name": "某公司", "party_credit_code": CREDIT, "cause": "无证经营", "registered_on": "2025-11-03"}
        response = client_as(tree.officer_a).post("/cases/new/", data)
        assert response.status_code == 200
        assert "赵过期" in response.content.decode() and "没有有效执法证" in response.content.decode()
        assert not EnforcementCase.objects.exists()
        data["officer_choices"] = [o.pk for o in officers]
        response = client_as(tree.officer_a).post("/cases/new/", data)
        assert response.status_code == 302
        assert EnforcementCase.objects.get().officers.count() == 2

    def test_extension_needs_basis(self, tree, client_as, make_case):
        case = make_case()
        client = client_as(tree.officer_a)
        client.post(f"/cases/{case.pk}/extend/", {"days": 30, "basis": ""})
        case.refresh_from_db()
        assert case.extension_days == 0
        client.post(f"/cases/{case.pk}/extend/", {"days": 30, "basis": "负责人批准"})
        case.refresh_from_db()
        assert case.extension_days == 30


    def test_lenient_list_flags_may_not_be_penalised(self, tree, client_as, make_case, item):
        from fazhi.cases import services

        bench = services.create_benchmark(actor=tree.officer_a, item=item, circumstance="轻微", min_fine=0,
                                          max_fine=500, lenient=True, citation="东城区首违不罚清单第2项",
                                          valid_from=D(2025, 1, 1))
        case = make_case(benchmark=bench, fine_amount=None)
        page = client_as(tree.officer_a).get(f"/cases/{case.pk}/").content.decode()
        assert "可以不予行政处罚（行政处罚法第三十三条）" in page and "0–500" in page
        form = client_as(tree.officer_a).get(f"/cases/{case.pk}/edit/").content.decode()
        assert "轻微（0–500元）（首违不罚清单）" in form


class TestPortal:
    def test_published_decision_masked_and_withdrawn(self, tree, client, major_to_review, attach, step):
        from fazhi.cases.tests.conftest import id_number

        number = id_number(seq="321")
        # 5000 yuan: below the 10000 yuan 较大数额 for a person, so no hearing period to wait for.
        case = _published(major_to_review, attach, step, tree, party_kind="person", party_name="王小明",
                          party_credit_code="", party_id_number=number, fine_amount=Decimal("5000"))
        page = client.get("/cases/public/decisions/").content.decode()
        assert case.number in page and "王**" in page
        assert "王小明" not in page and number not in page
        step(case, "revoke", on=D(2025, 11, 24), comment="复议撤销")
        assert case.number not in client.get("/cases/public/decisions/").content.decode()

    def test_unpublished_decision_absent(self, client, make_case):
        case = make_case()
        assert case.number not in client.get("/cases/public/decisions/").content.decode()


class TestApi:
    def test_list_detail_scoped(self, tree, client, client_as, make_case):
        case = make_case(party_kind="person", party_name="王小明", party_credit_code="",
                         party_id_number=__import__("fazhi.cases.tests.conftest", fromlist=["id_number"]).id_number())
        assert client.get(API + "/").status_code == 401
        body = client_as(tree.officer_a).get(API + "/").json()
        assert body["count"] == 1 and "party_id_number" not in body["items"][0]
        assert body["items"][0]["party_id_number_masked"].startswith("1101")
        assert client_as(tree.officer_b).get(f"{API}/{case.pk}").status_code == 404
        assert client_as(tree.officer_b).get(API + "/").json()["count"] == 0

    def test_create_422_in_chinese_and_step(self, tree, client_as, body_a, officers, item, make_officer):
        expired = make_officer(name="赵过期", issued_on=D(2019, 1, 1), expires_on=D(2025, 6, 30))
        payload = {"body_id": body_a.pk, "number": "API-1", "item_id": item.pk, "party_name": "某公司",
                   "party_credit_code": CREDIT, "cause": "无证经营", "officer_ids": [officers[0].pk, expired.pk],
                   "registered_on": "2025-11-03"}
        client = client_as(tree.officer_a)
        response = client.post(API + "/", payload, content_type="application/json")
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert errors[0]["field"] == "officer_ids" and "没有有效执法证" in errors[0]["message"]
        assert not EnforcementCase.objects.exists()
        payload["officer_ids"] = [o.pk for o in officers]
        response = client.post(API + "/", payload, content_type="application/json")
        assert response.status_code == 201
        case_id = response.json()["id"]
        response = client.post(f"{API}/{case_id}/steps", {"transition": "investigate", "on": "2025-11-04"},
                               content_type="application/json")
        assert response.status_code == 200 and response.json()["state"] == "investigating"
        response = client.post(f"{API}/{case_id}/steps", {"transition": "decide"}, content_type="application/json")
        assert response.status_code == 422
        assert client_as(tree.officer_b).post(f"{API}/{case_id}/steps", {"transition": "notify"},
                                              content_type="application/json").status_code == 404


class TestBenchmarkRangeLive:
    @pytest.fixture
    def bench(self, tree, item):
        from fazhi.cases import services

        return services.create_benchmark(actor=tree.officer_a, item=item, circumstance="轻微", min_fine=0,
                                         max_fine=Decimal("1234.50"), citation="东城区裁量基准第1项", lenient=True,
                                         valid_from=D(2025, 1, 1))

    def test_form_asks_for_the_range_without_reload(self, tree, client_as, bench):
        page = client_as(tree.officer_a).get("/cases/new/").content.decode()
        assert 'hx-get="/cases/benchmarks/range/"' in page and 'id="benchmark-range"' in page

    def test_fragment_shows_range_citation_and_lenient_flag(self, tree, client_as, bench, django_assert_max_num_queries):
        client = client_as(tree.officer_a)
        with django_assert_max_num_queries(6):
            body = client.get("/cases/benchmarks/range/", {"benchmark": bench.pk}).content.decode()
        assert "0–1234.50" in body and "东城区裁量基准第1项" in body and "首违不罚清单" in body
        assert client.get("/cases/benchmarks/range/", {"benchmark": ""}).content.decode().strip() == ""
        assert client.get("/cases/benchmarks/range/", {"benchmark": "x"}).status_code == 404

    def test_other_county_404_anonymous_redirect(self, tree, client, client_as, bench):
        assert client.get("/cases/benchmarks/range/", {"benchmark": bench.pk}).status_code == 302
        assert client_as(tree.officer_b).get("/cases/benchmarks/range/", {"benchmark": bench.pk}).status_code == 404

    def test_edit_page_shows_the_chosen_range(self, tree, client_as, make_case, bench):
        case = make_case(benchmark=bench, fine_amount=Decimal("1000"))
        page = client_as(tree.officer_a).get(f"/cases/{case.pk}/edit/").content.decode()
        assert "0–1234.50" in page


class TestOtherActTypesOnTheForm:
    def test_licence_registered_through_the_form(self, tree, client_as, body_a, officers, make_item):
        licence_item = make_item(item_type="licensing", name="食品经营许可")
        data = {"body": body_a.pk, "number": "东市监许〔2025〕1号", "item": licence_item.pk, "act_type": "licensing",
                "officer_choices": [o.pk for o in officers], "party_kind": "organisation", "party_name": "某公司",
                "party_credit_code": CREDIT, "cause": "申请食品经营许可", "registered_on": "2025-11-03"}
        response = client_as(tree.officer_a).post("/cases/new/", data)
        case = EnforcementCase.objects.get()
        assert response.status_code == 302 and case.state == "licence_accepted"
        page = client_as(tree.officer_a).get(f"/cases/{case.pk}/").content.decode()
        assert "作出行政许可决定" in page and "开始调查取证" not in page

    def test_coercion_needs_its_measure_kind(self, tree, client_as, body_a, officers):
        data = {"body": body_a.pk, "number": "东强1", "act_type": "coercion", "officer_choices": [o.pk for o in officers],
                "party_kind": "organisation", "party_name": "某公司", "party_credit_code": CREDIT,
                "cause": "扣押涉嫌违法物品", "registered_on": "2025-11-03"}
        response = client_as(tree.officer_a).post("/cases/new/", data)
        assert "请选择强制措施种类（行政强制法第九条）。" in response.content.decode()
        assert not EnforcementCase.objects.exists()


class TestBenchmarkApi:
    def test_list_detail_create_scoped(self, tree, client, client_as, item):
        assert client.get(API + "/benchmarks/").status_code == 401
        api = client_as(tree.officer_a)
        payload = {"item_id": item.pk, "circumstance": "一般", "min_fine": "1000", "max_fine": "500",
                   "citation": "东城区裁量基准第2项", "valid_from": "2025-01-01"}
        bad = api.post(API + "/benchmarks/", payload, content_type="application/json")
        assert bad.status_code == 422 and "罚款上限不得低于罚款下限（1000元）" in str(bad.json())
        payload["max_fine"] = "5000"
        created = api.post(API + "/benchmarks/", payload, content_type="application/json")
        assert created.status_code == 201
        bench_id = created.json()["id"]
        assert api.get(API + "/benchmarks/").json()["count"] == 1
        assert api.get(f"{API}/benchmarks/{bench_id}").json()["max_fine"] in ("5000", "5000.00", 5000)
        other = client_as(tree.officer_b)
        assert other.get(f"{API}/benchmarks/{bench_id}").status_code == 404
        assert other.get(API + "/benchmarks/").json()["count"] == 0
        assert other.post(API + "/benchmarks/", {**payload, "circumstance": "严重"},
                          content_type="application/json").status_code == 404
