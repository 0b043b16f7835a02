"""After publication: evaluation before expiry, lapse by the daily job, repeal, supersession by an amendment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.imports import jobs
from fazhi.procedures.models import Deadline, TransitionLog
from fazhi.procedures.services import TransitionRefused, transition
from fazhi.rulemaking import services
from fazhi.rulemaking.jobs import lapse_expired, open_evaluations
from fazhi.rulemaking.models import Deliberation, DocumentState, EvaluationConclusion, NormativeDocument

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def in_force(make_doc):
    """A document in force from 2021-03-01, valid five years: until 2026-02-28."""

    def make(**fields):
        doc = make_doc(**fields)
        values = dict(state=DocumentState.IN_FORCE, published_on=D(2021, 1, 29), effective_on=D(2021, 3, 1),
                      validity_years=5, expires_on=D(2026, 2, 28), filed_on=D(2021, 2, 20),
                      filing_due_on=D(2021, 3, 1), registered_on=D(2021, 1, 28))
        values.update({k: v for k, v in fields.items() if k in values})
        for name, value in values.items():
            setattr(doc, name, value)
        with acting_as(SYSTEM):
            doc.save()
        return doc

    return make


def test_evaluation_opens_six_months_before_expiry_and_is_met_by_the_evaluation(tree, today, in_force):
    doc = in_force()
    today(D(2025, 8, 27))
    assert open_evaluations(D(2025, 8, 27)) == (0, [])  # the window opens on 28 August
    assert open_evaluations(D(2025, 8, 28)) == (1, [])
    deadline = Deadline.objects.get(object_id=doc.pk, key="rulemaking.evaluation")
    assert (deadline.started_on, deadline.due_on, deadline.stopped_on) == (D(2025, 8, 28), D(2026, 2, 28), None)
    assert open_evaluations(D(2025, 8, 29)) == (0, [])  # started once only
    today(D(2025, 12, 1))
    with pytest.raises(Http404):
        services.record_evaluation(actor=tree.outsider, document=doc, conclusion="continue", findings="执行良好")
    with pytest.raises(ValidationError) as exc:
        services.record_evaluation(actor=tree.officer_a, document=doc, conclusion="continue", findings=" ")
    assert "findings" in exc.value.message_dict
    services.record_evaluation(actor=tree.officer_a, document=doc, conclusion=EvaluationConclusion.AMEND,
                               findings="第五条与新修订的上位法不一致，建议修改", evaluated_on=D(2025, 11, 30))
    deadline.refresh_from_db()
    assert deadline.stopped_on == D(2025, 11, 30) and deadline.stopped_by_transition == "evaluation"


def test_the_daily_job_lapses_expired_documents_through_the_procedure(tree, today, in_force):
    expired = in_force()
    valid = in_force(title="东城区城市管理若干规定", expires_on=D(2026, 3, 31))
    today(D(2026, 3, 2))
    job = jobs.enqueue_daily(D(2026, 3, 2))
    job = next(j for j in job if j.kind == "rulemaking.daily")
    jobs.run_now(job)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result["lapsed"] == 1
    expired.refresh_from_db()
    valid.refresh_from_db()
    assert (expired.state, expired.ended_on) == (DocumentState.LAPSED, D(2026, 3, 1))
    assert valid.state == DocumentState.IN_FORCE
    log = TransitionLog.objects.get(object_id=expired.pk, transition="lapse")
    assert log.actor is None and log.data == {"on": "2026-03-01"}
    assert lapse_expired(D(2026, 3, 3)) == 0


def test_nobody_lapses_a_document_by_hand_or_before_expiry(tree, today, in_force):
    doc = in_force()
    today(D(2026, 2, 28))
    with pytest.raises(TransitionRefused, match="由系统自动办理"):
        transition(actor=tree.coordinator_a, record=doc, name="lapse")
    with pytest.raises(TransitionRefused, match="有效期尚未届满"):
        transition(actor=SYSTEM, record=doc, name="lapse")


def test_repeal_needs_reasons_and_ends_the_document(tree, today, in_force):
    doc = in_force()
    today(D(2025, 6, 30))
    with pytest.raises(TransitionRefused, match="须说明理由"):
        transition(actor=tree.officer_a, record=doc, name="repeal", comment="")
    with pytest.raises(TransitionRefused, match="无权"):
        transition(actor=tree.leader_a, record=doc, name="repeal", comment="上位法已废止")
    transition(actor=tree.officer_a, record=doc, name="repeal", comment="上位法已废止", data={"on": "2025-06-20"})
    doc.refresh_from_db()
    assert (doc.state, doc.ended_on) == (DocumentState.REPEALED, D(2025, 6, 20))


def test_an_amendment_supersedes_the_version_it_amends_when_published(tree, today, make_doc, in_force):
    old = in_force(document_number="东市监规〔2021〕1号")
    new = make_doc(title="东城区市场监管领域信用分级分类管理办法（2025年修订）", amends=old,
                   document_number="东市监规〔2025〕8号", registration_number="R8")
    NormativeDocument.objects.filter(pk=new.pk).update(state=DocumentState.REGISTERED, published_on=D(2025, 9, 1),
                                                      effective_on=D(2025, 10, 1))
    with acting_as(SYSTEM):
        Deliberation(document=new, meeting="区市场监管局局务会议", held_on=D(2025, 8, 20), outcome="adopted").save()
    today(D(2025, 9, 1))
    transition(actor=tree.officer_a, record=NormativeDocument.objects.get(pk=new.pk), name="publish")
    old.refresh_from_db()
    assert (old.state, old.ended_on) == (DocumentState.AMENDED, D(2025, 9, 1))
    log = TransitionLog.objects.get(object_id=old.pk, transition="supersede")
    assert "2025年修订" in log.comment
