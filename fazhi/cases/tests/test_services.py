import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.cases import services
from fazhi.cases.models import CaseState, EnforcementCase
from fazhi.cases.tests.conftest import D, id_number
from fazhi.procedures.models import Deadline
from fazhi.procedures.services import TransitionRefused

pytestmark = pytest.mark.django_db


def messages(exc):
    return " ".join(exc.messages)


class TestRegister:
    def test_register_starts_the_decision_deadline(self, make_case):
        case = make_case()
        assert case.state == CaseState.REGISTERED
        deadline = Deadline.objects.get(object_id=case.pk, key="cases.decision")
        assert deadline.due_on == D(2026, 2, 2)  # 90 days after 2025-11-03 is a Sunday: next working day
        assert "第六十条" in deadline.basis
        assert case.decision_due_on == D(2026, 2, 2)

    def test_case_number_unique_per_body(self, make_case, body_b, tree):
        make_case(number="X-1")
        with pytest.raises(ValidationError) as exc:
            make_case(number="X-1")
        assert "案件编号不得重复" in messages(exc.value)
        assert EnforcementCase.objects.count() == 1

    def test_expired_certificate_is_refused_and_nothing_changes(self, make_case, make_officer, officers):
        expired = make_officer(name="赵过期", issued_on=D(2019, 1, 1), expires_on=D(2025, 6, 30))
        with pytest.raises(ValidationError) as exc:
            make_case(officer_list=[officers[0], expired])
        text = messages(exc.value)
        assert "赵过期" in text and "没有有效执法证" in text and "第四十二条" in text
        assert EnforcementCase.objects.count() == 0
        assert not Deadline.objects.filter(key="cases.decision").exists()

    def test_fewer_than_two_officers(self, make_case, officers):
        with pytest.raises(ValidationError) as exc:
            make_case(officer_list=officers[:1])
        assert "不得少于两人" in messages(exc.value)
        assert EnforcementCase.objects.count() == 0

    def test_person_party_id_number_validated_and_masked(self, make_case):
        with pytest.raises(ValidationError) as exc:
            make_case(party_kind="person", party_name="王小明", party_credit_code="", party_id_number="123")
        assert "当事人身份证号" in messages(exc.value)
        case = make_case(party_kind="person", party_name="王小明", party_credit_code="",
                         party_id_number=id_number(seq="555"))
        assert case.masked_party.startswith("王**（1101")
        assert id_number(seq="555") not in case.masked_party

    def test_bad_credit_code(self, make_case):
        with pytest.raises(ValidationError) as exc:
            make_case(party_credit_code="91110000XXXXXXXXX1")
        assert "统一社会信用代码" in messages(exc.value)

    def test_reviewer_may_not_be_an_officer(self, make_case, officers):
        with pytest.raises(ValidationError) as exc:
            make_case(reviewer=officers[0])
        assert "不得是本案的承办执法人员" in messages(exc.value)
        assert EnforcementCase.objects.count() == 0

    def test_item_must_fit_the_act_type(self, make_case):
        with pytest.raises(ValidationError) as exc:
            make_case(act_type="licensing", fine_amount=None)
        assert "与本案的行为类别不符" in messages(exc.value)
        assert EnforcementCase.objects.count() == 0

    def test_another_county_cannot_register(self, make_case, tree):
        with pytest.raises(Http404):
            make_case(actor=tree.officer_b)

    def test_leader_cannot_register(self, make_case, tree):
        with pytest.raises(Http404):
            make_case(actor=tree.leader_a)


class TestBenchmark:
    def test_fine_above_maximum_needs_reason(self, make_case, item, tree):
        bench = services.create_benchmark(actor=tree.officer_a, item=item, circumstance="一般",
                                          min_fine=Decimal("5000"), max_fine=Decimal("30000"),
                                          citation="《食品安全法》第一百二十二条；东城区市场监管行政处罚裁量基准",
                                          valid_from=D(2025, 1, 1))
        with pytest.raises(ValidationError) as exc:
            make_case(benchmark=bench, fine_amount=Decimal("50000"))
        text = messages(exc.value)
        assert "超出裁量基准的幅度（5000–30000元" in text and "理由" in text
        assert EnforcementCase.objects.count() == 0
        case = make_case(benchmark=bench, fine_amount=Decimal("50000"), deviation_reason="多次违法，情节严重")
        assert case.fine_outside_benchmark()
        assert not make_case(benchmark=bench, fine_amount=Decimal("20000")).fine_outside_benchmark()

    def test_max_below_min(self, item, tree):
        with pytest.raises(ValidationError) as exc:
            services.create_benchmark(actor=tree.officer_a, item=item, circumstance="轻微", min_fine=10,
                                      max_fine=5, citation="x", valid_from=D(2025, 1, 1))
        assert "罚款上限不得低于罚款下限" in messages(exc.value)


class TestMajorCase:
    def test_full_path_to_publication(self, major_to_review, attach, step, tree):
        case = major_to_review()
        assert Deadline.objects.get(object_id=case.pk, key="cases.legal_review").stopped_on is None
        # no decision without a passed review
        with pytest.raises(TransitionRefused):
            step(case, "decide", on=D(2025, 11, 12))
        attach(case, "review_opinion", actor=tree.reviewer_a)
        step(case, "pass_review", on=D(2025, 11, 13), actor=tree.reviewer_a)
        assert case.review_conclusion == "passed" and case.reviewed_on == D(2025, 11, 13)
        with pytest.raises(TransitionRefused):  # major: collective discussion first (art. 57)
            step(case, "decide", on=D(2025, 11, 14))
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="penalty")
        case.refresh_from_db()
        step(case, "discuss", on=D(2025, 11, 17))
        attach(case, "decision")
        step(case, "decide", on=D(2025, 11, 18))
        assert case.state == CaseState.DECIDED and case.decided_on == D(2025, 11, 18)
        assert Deadline.objects.get(object_id=case.pk, key="cases.decision").stopped_on == D(2025, 11, 18)
        publicity = Deadline.objects.get(object_id=case.pk, key="cases.publicity")
        assert publicity.due_on == case.publicity_due_on == D(2025, 11, 27)
        step(case, "serve", on=D(2025, 11, 19))
        step(case, "publish", on=D(2025, 11, 20))
        assert case.published_on == D(2025, 11, 20)
        assert EnforcementCase.objects.public().filter(pk=case.pk).exists()
        assert Deadline.objects.get(object_id=case.pk, key="cases.publicity").stopped_on == D(2025, 11, 20)
        step(case, "revoke", on=D(2025, 11, 24), comment="复议决定撤销")
        assert not EnforcementCase.objects.public().filter(pk=case.pk).exists()
        step(case, "withdraw_publication", on=D(2025, 11, 25))
        assert case.publication_withdrawn_on == D(2025, 11, 25)

    def test_decide_without_review_refused_names_article_58(self, make_case, attach, step):
        case = make_case(major=True, outcome="penalty")
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice", "decision")
        step(case, "notify", on=D(2025, 11, 10))
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide", on=D(2025, 11, 12))
        assert "第五十八条" in messages(exc.value) and "第五十七条" in messages(exc.value)
        case.refresh_from_db()
        assert case.state == CaseState.NOTIFIED and case.decided_on is None

    def test_reviewer_who_is_an_officer_is_refused(self, major_to_review, attach, step, tree, officers):
        case = major_to_review()
        EnforcementCase.objects.filter(pk=case.pk).update(reviewer=officers[0])
        case.refresh_from_db()
        attach(case, "review_opinion", actor=tree.reviewer_a)
        with pytest.raises(TransitionRefused) as exc:
            step(case, "pass_review", on=D(2025, 11, 13), actor=tree.reviewer_a)
        assert "不得是本案的承办执法人员" in messages(exc.value)

    def test_return_sends_back_to_investigation(self, major_to_review, step, tree):
        case = major_to_review()
        step(case, "return_review", on=D(2025, 11, 13), actor=tree.reviewer_a, comment="证据不足")
        assert case.state == CaseState.INVESTIGATING and case.review_conclusion == "returned"

    def test_enforcement_officer_cannot_pass_review(self, major_to_review, attach, step, tree):
        case = major_to_review()
        attach(case, "review_opinion")
        with pytest.raises(TransitionRefused):
            step(case, "pass_review", on=D(2025, 11, 13), actor=tree.enforcer_a)


class TestGates:
    def test_audio_video_required_for_named_acts(self, make_case, attach, step):
        case = make_case(recorded_acts=",seizure,")
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "notify", on=D(2025, 11, 10))
        assert "第四十七条" in messages(exc.value)
        attach(case, "audio_video")
        step(case, "notify", on=D(2025, 11, 10))
        assert case.notified_on == D(2025, 11, 10)

    def test_hearing_request_within_five_days(self, make_case, attach, step):
        case = make_case(fine_amount=Decimal("200000"))  # 较大数额 for an organisation: hearing right
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice")
        step(case, "notify", on=D(2025, 11, 10))
        with pytest.raises(TransitionRefused) as exc:
            step(case, "request_hearing", on=D(2025, 11, 18))  # 11-15 is a Saturday: period ends 11-17
        assert "五日" in messages(exc.value) or "5日" in messages(exc.value)
        # Nor may the case be decided before the request period is over.
        EnforcementCase.objects.filter(pk=case.pk).update(outcome="penalty")
        attach(case, "decision")
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide", on=D(2025, 11, 12))
        assert "第六十四条" in messages(exc.value)
        step(case, "request_hearing", on=D(2025, 11, 14))
        attach(case, "hearing_record")
        step(case, "hold_hearing", on=D(2025, 11, 20))
        step(case, "decide", on=D(2025, 11, 21))
        assert case.hearing_held_on == D(2025, 11, 20)

    def _ready(self, make_case, attach, step, **fields):
        case = make_case(outcome="penalty", **fields)
        step(case, "investigate", on=fields.get("registered_on", D(2025, 11, 3)))
        attach(case, "evidence", "notice", "decision")
        step(case, "notify", on=fields.get("registered_on", D(2025, 11, 3)))
        return case

    def test_decision_before_registration_refused(self, make_case, attach, step):
        case = self._ready(make_case, attach, step, registered_on=D(2025, 11, 20))
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide", on=D(2025, 11, 19))
        assert "不得早于立案日期" in messages(exc.value)
        case.refresh_from_db()
        assert case.decided_on is None and case.state == CaseState.NOTIFIED

    def test_decision_after_ninety_days_needs_an_extension(self, make_case, attach, step, tree):
        case = self._ready(make_case, attach, step, registered_on=D(2025, 8, 1))
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide", on=D(2025, 11, 28))
        assert "第六十条" in messages(exc.value)
        with pytest.raises(ValidationError) as exc:
            services.extend_decision_limit(actor=tree.officer_a, case=case, days=30, basis="")
        assert "延长决定期限的依据" in messages(exc.value)
        services.extend_decision_limit(actor=tree.officer_a, case=case, days=30,
                                       basis="经本机关负责人批准延长30日（东市监延〔2025〕3号）")
        deadline = Deadline.objects.get(object_id=case.pk, key="cases.decision", stopped_on__isnull=True)
        assert deadline.due_on == D(2025, 10, 30) + datetime.timedelta(days=30)
        step(case, "decide", on=D(2025, 11, 28))
        assert case.state == CaseState.DECIDED

    def test_officer_certificate_expired_before_decision(self, make_case, make_officer, officers, attach, step):
        short = make_officer(name="钱短期", expires_on=D(2025, 11, 5))
        case = make_case(officer_list=[officers[0], short], outcome="penalty")
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice", "decision")
        step(case, "notify", on=D(2025, 11, 5))
        with pytest.raises(TransitionRefused) as exc:
            step(case, "decide", on=D(2025, 11, 20))
        assert "第四十二条" in messages(exc.value)

    def test_decided_case_is_locked(self, make_case, attach, step, tree):
        case = self._ready(make_case, attach, step)
        step(case, "decide", on=D(2025, 11, 20))
        case.cause = "改"
        with pytest.raises(ValidationError):
            services.save_case(actor=tree.officer_a, case=case)

    def test_other_county_cannot_step(self, make_case, step, tree):
        case = make_case()
        with pytest.raises(Http404):
            step(case, "investigate", actor=tree.officer_b)


def test_a_deadline_in_a_year_without_holiday_data_is_a_clear_error(make_case):
    """In December the next year's holiday notice may not be entered yet: the due date cannot be known,
    so the field says why (not a crash, not a weekend-only guess)."""
    from django.core.exceptions import ValidationError

    case = make_case()
    case.registered_on = datetime.date(2099, 11, 20)
    with pytest.raises(ValidationError) as exc:
        case.compute_decision_due_on()
    assert "registered_on" in exc.value.message_dict and "2100" in exc.value.message_dict["registered_on"][0]
