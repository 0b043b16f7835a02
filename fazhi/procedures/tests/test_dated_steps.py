"""Dated steps: the user enters the date a step really took place (paper work recorded afterwards)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.procedures import services
from fazhi.procedures.models import Deadline, TransitionLog
from fazhi.procedures.services import TransitionRefused
from fazhi.procedures.tests.testapp.models import Widget

D = datetime.date


@pytest.fixture
def in_review(tree, make_widget, today):
    today(D(2025, 9, 1))
    widget = make_widget(received_on=D(2025, 9, 1))
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    services.add_attachment(actor=tree.reviewer_a, record=widget, kind="opinion",
                            file=SimpleUploadedFile("意见.pdf", b"%PDF-1.4 test"))
    today(D(2025, 9, 30))
    return widget


def test_a_dated_step_stops_its_deadlines_on_the_date_entered(tree, in_review):
    log = services.transition(actor=tree.reviewer_a, record=in_review, name="approve", data={"on": "2025-09-05"})
    assert log.data == {"on": "2025-09-05"}
    review = Deadline.objects.get(key="widget.review")
    assert review.stopped_on == D(2025, 9, 5)
    assert review.due_on == D(2025, 9, 8)  # 5 working days from 1 September: stopped in time


def test_without_a_date_the_step_is_dated_today(tree, in_review):
    services.transition(actor=tree.reviewer_a, record=in_review, name="approve")
    assert Deadline.objects.get(key="widget.review").stopped_on == D(2025, 9, 30)


def test_a_future_or_malformed_date_is_refused_and_nothing_changes(tree, in_review):
    for value, message in (("2025-10-01", "办理日期不得晚于今天（2025-09-30）"),
                           ("2025-13-01", "办理日期“2025-13-01”不是有效日期（应为YYYY-MM-DD）")):
        with pytest.raises(TransitionRefused) as info:
            services.transition(actor=tree.reviewer_a, record=in_review, name="approve", data={"on": value})
        assert info.value.reasons == [message]
    assert Widget.objects.get(pk=in_review.pk).state == "review"
    assert not TransitionLog.objects.filter(transition="approve").exists()


def test_gates_see_the_date_entered(tree, in_review):
    with pytest.raises(TransitionRefused) as info:
        services.transition(actor=tree.reviewer_a, record=in_review, name="approve", data={"on": D(2025, 8, 31)})
    assert info.value.reasons == ["决定日期不得早于收件日期（测试规则第七条）"]


def test_an_undated_step_ignores_a_date(tree, make_widget, today):
    widget = make_widget()
    services.transition(actor=tree.officer_a, record=widget, name="submit", data={"on": "2025-09-01"})
    assert Deadline.objects.get(key="widget.review").started_on == D(2025, 9, 30)


def test_the_transition_form_passes_the_date(tree, client_as, in_review):
    client = client_as(tree.reviewer_a)
    ct = ContentType.objects.get_for_model(Widget)
    url = reverse("procedures:transition", args=[ct.pk, in_review.pk, "approve"])
    response = client.post(url, {"comment": "", "on": "2025-09-04", "next": "/"})
    assert response.status_code == 302
    assert Deadline.objects.get(key="widget.review").stopped_on == D(2025, 9, 4)
