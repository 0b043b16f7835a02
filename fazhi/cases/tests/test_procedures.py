"""The shorter procedures (licence, compulsory measure, inspection), the hearing right derived from the
intended penalty (行政处罚法第六十三条), and the bulk ledger path."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.cases import services
from fazhi.cases.models import EnforcementCase, HearingThreshold
from fazhi.cases.tests.conftest import CREDIT, D, id_number
from fazhi.core.models import AuditEvent
from fazhi.figures.registry import compute_many
from fazhi.procedures.models import Deadline
from fazhi.procedures.services import TransitionRefused

pytestmark = pytest.mark.django_db


def text(exc):
    return " ".join(exc.messages)


def running(case):
    return {d.key: d.due_on for d in Deadline.objects.filter(object_id=case.pk, stopped_on__isnull=True)}


@pytest.fixture
def typed_case(make_case, make_item):
    def make(act_type, **fields):
        return make_case(act_type=act_type, item=make_item(item_type=act_type), fine_amount=None, **fields)

    return make


class TestLicence:
    def test_decision_limit_publicity_and_close(self, typed_case, attach, step):
        case = typed_case("licensing", registered_on=D(2025, 11, 3), cause="申请食品经营许可")
        assert case.state == "licence_accepted"
        assert running(case) == {"cases.licence.decision": D(2025, 12, 1)}  # 20 working days (第四十二条、第八十二条)
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="granted")
        attach(case, "licence_decision")
        step(case, "decide_licence", on=D(2025, 11, 20))
        assert (case.state, case.decided_late()) == ("licence_decided", False)
        assert running(case) == {"cases.licence.publicity": D(2025, 12, 1)}  # 7 working days
        step(case, "publish_licence", on=D(2025, 11, 25))
        step(case, "close", on=D(2025, 11, 26))
        assert (case.state, case.published_on, case.closed_on) == ("closed", D(2025, 11, 25), D(2025, 11, 26))
        assert running(case) == {}

    def test_refusal_needs_reasons_and_remedies_nothing_changed(self, typed_case, attach, step):
        case = typed_case("licensing")
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="refused")
        attach(case, "licence_decision")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide_licence", on=D(2025, 11, 10))
        assert "行政许可法第三十八条" in text(exc.value) and "复议" in text(exc.value)
        case.refresh_from_db()
        assert (case.state, case.decided_on) == ("licence_accepted", None)
        EnforcementCase.objects.filter(pk=case.pk).update(decision_reasons="不符合法定条件", remedies_notified=True)
        step(case, "decide_licence", on=D(2025, 11, 10))
        assert case.state == "licence_decided"

    def test_decision_after_the_limit_is_flagged_not_refused(self, typed_case, attach, step, tree, client_as):
        case = typed_case("licensing", registered_on=D(2025, 10, 27))
        assert case.decision_due_on == D(2025, 11, 24)
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="granted")
        attach(case, "licence_decision")
        step(case, "decide_licence", on=D(2025, 11, 28))
        assert case.decided_late()
        page = client_as(tree.officer_a).get(f"/cases/{case.pk}/").content.decode()
        assert "超过法定期限作出决定" in page
        year = compute_many(["cases.decided_in_time_rate"], user=tree.admin, region=tree.county_a)[0]
        assert (year.numerator, year.denominator) == (0, 1)

    def test_extension_at_most_ten_working_days(self, typed_case, tree):
        case = typed_case("licensing", registered_on=D(2025, 11, 3))
        with pytest.raises(ValidationError) as exc:
            services.extend_decision_limit(actor=tree.officer_a, case=case, days=11, basis="负责人批准")
        assert "不得超过10日" in text(exc.value)
        case.refresh_from_db()
        assert case.extension_days == 0
        services.extend_decision_limit(actor=tree.officer_a, case=case, days=10, basis="负责人批准")
        case.refresh_from_db()
        assert case.decision_due_on == D(2025, 12, 15)  # 20 + 10 working days
        assert running(case) == {"cases.licence.decision": D(2025, 12, 15)}


class TestCompulsoryMeasure:
    def test_without_approval_refused_then_approved_imposed(self, typed_case, attach, step, tree):
        case = typed_case("coercion", measure_kind="seizure", cause="扣押涉嫌违法物品")
        assert case.state == "coercion_proposed" and running(case) == {}
        attach(case, "measure_decision", "on_site_record", "audio_video")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "impose_measure", on=D(2025, 11, 4))
        assert "行政强制法第十八条第一项" in text(exc.value)
        case.refresh_from_db()
        assert (case.state, case.imposed_on) == ("coercion_proposed", None)
        attach(case, "approval")
        step(case, "approve_measure", on=D(2025, 11, 4))
        step(case, "impose_measure", on=D(2025, 11, 4))
        assert (case.state, case.decision_due_on) == ("coercion_in_force", D(2025, 12, 4))  # 30 days (第二十五条)
        assert running(case) == {"cases.measure.term": D(2025, 12, 4)}
        with pytest.raises(ValidationError) as exc:
            services.extend_decision_limit(actor=tree.officer_a, case=case, days=31, basis="情况复杂")
        assert "不得超过30日" in text(exc.value)

    def test_seizure_without_continuous_recording_refused(self, typed_case, attach, step):
        case = typed_case("coercion", measure_kind="sealing")
        attach(case, "approval", "measure_decision", "on_site_record")
        step(case, "approve_measure", on=D(2025, 11, 4))
        with pytest.raises(TransitionRefused) as exc:
            step(case, "impose_measure", on=D(2025, 11, 4))
        assert "全程不间断音像记录" in text(exc.value)
        case.refresh_from_db()
        assert case.state == "coercion_approved"
        # A freezing of deposits needs no recording.
        frozen = typed_case("coercion", measure_kind="freezing")
        attach(frozen, "approval", "measure_decision", "on_site_record")
        step(frozen, "approve_measure", on=D(2025, 11, 4))
        step(frozen, "impose_measure", on=D(2025, 11, 4))
        assert frozen.state == "coercion_in_force"

    def test_emergency_reports_within_24_hours_then_decision_and_publicity(self, typed_case, attach, step, tree):
        case = typed_case("coercion", measure_kind="seizure", registered_on=D(2025, 10, 17))
        attach(case, "on_site_record", "audio_video")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "impose_emergency", on=D(2025, 10, 20))  # the emergency must be stated
        assert "须说明理由" in text(exc.value)
        step(case, "impose_emergency", on=D(2025, 10, 20), comment="当事人正在转移涉案物品")
        assert running(case) == {"cases.measure.term": D(2025, 11, 19), "cases.measure.emergency": D(2025, 10, 21)}
        attach(case, "approval", "measure_decision")
        step(case, "approve_afterwards", on=D(2025, 10, 21))
        assert (case.state, case.approved_on) == ("coercion_in_force", D(2025, 10, 21))
        assert running(case) == {"cases.measure.term": D(2025, 11, 19)}
        services.extend_decision_limit(actor=tree.officer_a, case=case, days=30, basis="情况复杂，负责人批准")
        case.refresh_from_db()
        assert case.decision_due_on == D(2025, 12, 19)
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="confiscated")
        attach(case, "decision")
        step(case, "decide_measure", on=D(2025, 11, 28))
        assert running(case) == {"cases.publicity.other": D(2025, 12, 26)}  # 20 working days
        assert not case.decided_late()


class TestInspection:
    def test_inspection_to_follow_up_penalty_case(self, typed_case, attach, step, tree, client_as):
        case = typed_case("inspection", inspection_origin="random", cause="双随机抽查")
        assert case.state == "inspection_planned" and running(case) == {}
        with pytest.raises(TransitionRefused) as exc:
            step(case, "inspect", on=D(2025, 11, 5))
        assert "检查记录" in text(exc.value)
        attach(case, "inspection_record")
        step(case, "inspect", on=D(2025, 11, 5))
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="penalty")
        case.refresh_from_db()
        with pytest.raises(TransitionRefused) as exc:
            step(case, "conclude_inspection", on=D(2025, 11, 6))
        assert "可选：未发现违法问题、发现违法问题" in text(exc.value)
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="problem_found")
        step(case, "conclude_inspection", on=D(2025, 11, 6))
        assert running(case) == {"cases.publicity.other": D(2025, 12, 4)}
        response = client_as(tree.officer_a).post(f"/cases/{case.pk}/follow-up/",
                                                  {"number": "东市监罚〔2025〕99号", "registered_on": "2025-11-10"})
        penalty = EnforcementCase.objects.get(number="东市监罚〔2025〕99号")
        assert response.status_code == 302 and response["Location"] == f"/cases/{penalty.pk}/"
        assert (penalty.act_type, penalty.state, penalty.follow_up_of_id) == ("penalty", "registered", case.pk)
        assert set(penalty.officers.all()) == set(case.officers.all())
        # Another county cannot open one from it.
        assert client_as(tree.officer_b).post(f"/cases/{case.pk}/follow-up/", {
            "number": "X", "registered_on": "2025-11-10"}).status_code == 404

    def test_no_problem_cannot_be_followed_up(self, typed_case, tree):
        case = typed_case("inspection")
        with pytest.raises(ValidationError) as exc:
            services.open_penalty_case(actor=tree.officer_a, inspection=case, number="N", registered_on=D(2025, 11, 10))
        assert "发现违法问题" in text(exc.value)


class TestHearingRight:
    def test_derived_from_thresholds_per_party_kind(self, make_case):
        assert make_case(fine_amount=Decimal("99999")).hearing_right is False
        case = make_case(fine_amount=Decimal("100000"))
        assert case.hearing_right is True
        assert "较大数额罚款" in case.hearing_grounds()[0] and "市场监督管理行政处罚听证办法" in case.hearing_grounds()[0]
        person = make_case(party_kind="person", party_name="王某", party_credit_code="", party_id_number=id_number(),
                           fine_amount=Decimal("10000"))
        assert person.hearing_right is True
        assert make_case(fine_amount=Decimal("100"), severe_penalties=",licence_revoked,").hearing_grounds() == [
            "吊销许可证件"]
        assert make_case(fine_amount=None, confiscation_value=Decimal("150000")).hearing_right is True

    def test_local_threshold_row_wins(self, make_case, tree):
        HearingThreshold.objects.create(region=tree.county_a, party_kind="organisation", fine_from=Decimal("50000"),
                                        confiscation_from=Decimal("50000"), source="东城区听证标准第二条",
                                        valid_from=D(2025, 1, 1))
        case = make_case(fine_amount=Decimal("50000"))
        assert case.hearing_right and "东城区听证标准第二条" in case.hearing_grounds()[0]
        # Not yet in force on an earlier registration date.
        HearingThreshold.objects.filter(region=tree.county_a).update(valid_from=D(2025, 12, 1))
        assert make_case(fine_amount=Decimal("50000")).hearing_right is False

    def test_notice_needs_the_intended_penalty(self, make_case, attach, step):
        case = make_case(fine_amount=None)
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "notify", on=D(2025, 11, 10))
        assert "第四十四条" in text(exc.value) and "第六十三条" in text(exc.value)
        case.refresh_from_db()
        assert (case.state, case.notified_on) == ("investigating", None)

    def test_penalty_raised_after_notice_needs_a_new_notice(self, make_case, attach, step, tree):
        case = make_case(fine_amount=Decimal("20000"))
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice")
        step(case, "notify", on=D(2025, 11, 10))
        assert case.hearing_right is False
        case.fine_amount, case.outcome = Decimal("200000"), "penalty"
        services.save_case(actor=tree.officer_a, case=case)
        case.refresh_from_db()
        assert case.hearing_right is False  # fixed by the notice
        attach(case, "decision")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide", on=D(2025, 11, 20))
        assert "须重新告知" in text(exc.value) and "200000元" in text(exc.value)


# ---------------------------------------------------------------- the bulk path


def _rows(body, officers, item, n=3, over=None):
    rows = []
    for i in range(1, n + 1):
        fields = {"body": body, "number": f"批{i}", "item": item, "party_name": f"某公司{i}",
                  "party_credit_code": CREDIT, "cause": "无证经营", "registered_on": D(2025, 3, 3),
                  "decided_on": D(2025, 4, 1), "outcome": "penalty", "fine_amount": Decimal(1000 * i),
                  "published_on": D(2025, 4, 3 + i * 4)}
        fields.update((over or {}).get(i, {}))
        rows.append((EnforcementCase(**fields), officers))
    return rows


class TestBulk:
    def test_bad_row_names_row_and_field_nothing_created(self, tree, body_a, officers, item):
        rows = _rows(body_a, officers, item, 3, {2: {"decided_on": D(2025, 3, 1)}})
        before = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as exc:
            services.bulk_save_imported_cases(actor=tree.officer_a, rows=rows, source="测试")
        assert exc.value.message_dict == {"decided_on": ["第2行：决定日期（2025-03-01）不得早于立案日期（2025-03-03）。"]}
        assert not EnforcementCase.objects.exists() and AuditEvent.objects.count() == before

    def test_one_officer_and_duplicate_number_refused(self, tree, body_a, officers, item):
        with pytest.raises(ValidationError) as exc:
            services.bulk_save_imported_cases(actor=tree.officer_a, rows=_rows(body_a, officers[:1], item, 1),
                                              source="测试")
        assert "第1行：承办执法人员不得少于两人" in text(exc.value)
        rows = _rows(body_a, officers, item, 2, {2: {"number": "批1"}})
        with pytest.raises(ValidationError) as exc:
            services.bulk_save_imported_cases(actor=tree.officer_a, rows=rows, source="测试")
        assert exc.value.message_dict["number"] == ["第2行：案件编号“批1”与第1行重复：同一执法主体的案件编号不得重复。"]
        assert not EnforcementCase.objects.exists()

    def test_another_county_body_is_404(self, tree, body_a, officers, item):
        from django.http import Http404

        with pytest.raises(Http404):
            services.bulk_save_imported_cases(actor=tree.officer_b, rows=_rows(body_a, officers, item, 1), source="测试")

    def test_same_records_and_figures_as_one_by_one_and_one_audit_event(self, tree, body_a, body_b, officers, item):
        from fazhi.enforcement import services as enforcement

        officers_b = [enforcement.create_officer(
            actor=tree.outsider, name=f"西{n}", id_number=id_number(seq=str(700 + n)), body=body_b,
            certificate_number=f"99010300{n:04d}", field="market", issued_on=D(2021, 1, 1), expires_on=D(2026, 12, 31))
            for n in (1, 2)]
        over = {2: {"published_on": None}, 3: {"fine_amount": Decimal("300000"), "published_on": D(2025, 4, 30)}}
        for case, team in _rows(body_a, officers, item, 3, over):
            services.save_imported_case(actor=tree.officer_a, case=case, officers=team)
        events = AuditEvent.objects.count()
        created = services.bulk_save_imported_cases(actor=tree.outsider, rows=_rows(body_b, officers_b, None, 3, over),
                                                    source="测试台账")
        assert len(created) == 3 and EnforcementCase.objects.filter(body=body_b).count() == 3
        bulk = AuditEvent.objects.filter(action="bulk_create").get()
        assert bulk.after["count"] == 3 and bulk.after["by_act_type"] == {"penalty": 3}
        assert bulk.after["rows_sha256"] == services.batch_digest([c.pk for c in created])
        # One event for the batch, plus one per started deadline (case 2's publicity is running).
        assert AuditEvent.objects.count() - events == 2
        assert EnforcementCase.objects.get(body=body_b, number="批3").hearing_right is True
        b2 = EnforcementCase.objects.get(body=body_b, number="批2")
        assert running(b2) == {"cases.publicity": D(2025, 4, 11)}
        keys = ["cases.registered", "cases.penalties", "cases.fines", "cases.publicity_on_time_rate",
                "cases.publicity_on_time_rate.penalty", "cases.decided_in_time_rate"]

        def numbers(region):
            return {v.key: (v.value, v.numerator, v.denominator) for v in
                    compute_many(keys, user=tree.admin, region=region)}

        assert numbers(tree.county_a) == numbers(tree.county_b)
        assert numbers(tree.county_b)["cases.publicity_on_time_rate"][1:] == (1, 3)  # 3 late, 2 never published
