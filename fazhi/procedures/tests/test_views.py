"""The generic POST endpoints, the template tags a detail page uses, notifications pages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from fazhi.core.models import Unit
from fazhi.procedures import services
from fazhi.procedures.models import Attachment, Notification
from fazhi.procedures.tests.testapp.models import Widget

NEXT = "/procedures/deadlines/"


def transition_url(widget, name):
    ct = ContentType.objects.get_for_model(Widget)
    return reverse("procedures:transition", args=[ct.pk, widget.pk, name])


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_transition_post_succeeds_and_redirects_back(tree, make_widget, today, client_as):
    widget = make_widget()
    response = client_as(tree.officer_a).post(transition_url(widget, "submit"), {"comment": "请审核", "next": NEXT})
    assert response.status_code == 302 and response["Location"] == NEXT
    assert Widget.objects.get(pk=widget.pk).state == "review"
    assert message_texts(response) == ["已执行“提交审核”，当前状态：审核中。"]


def test_transition_post_shows_every_reason(tree, make_widget, today, client_as):
    widget = make_widget(title="", amount=0)
    response = client_as(tree.officer_a).post(transition_url(widget, "submit"))
    assert response.status_code == 302 and response["Location"] == widget.get_absolute_url()
    assert message_texts(response) == [
        "无法执行“提交审核”：缺少“标题”（测试规则第二条）；金额必须大于零（测试规则第一条）"]
    assert Widget.objects.get(pk=widget.pk).state == "draft"


@pytest.mark.parametrize("who", ["outsider", "officer_b", "leader_a", "no_role"])
def test_transition_post_is_404_for_outsiders_and_leaders(tree, make_widget, today, client_as, who):
    widget = make_widget()
    response = client_as(getattr(tree, who)).post(transition_url(widget, "submit"))
    assert response.status_code == 404
    assert Widget.objects.get(pk=widget.pk).state == "draft"


def test_transition_post_needs_login_and_post(tree, make_widget, today, client, client_as):
    widget = make_widget()
    response = client.post(transition_url(widget, "submit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_as(tree.officer_a).get(transition_url(widget, "submit")).status_code == 405


def test_transition_post_only_for_records_with_a_procedure(tree, make_widget, client_as):
    client = client_as(tree.admin)
    unit_ct = ContentType.objects.get_for_model(Unit)
    assert client.post(reverse("procedures:transition", args=[unit_ct.pk, tree.dept_a.pk, "submit"])
                       ).status_code == 404
    assert client.post(reverse("procedures:transition", args=[99999, 1, "submit"])).status_code == 404
    widget_ct = ContentType.objects.get_for_model(Widget)
    assert client.post(reverse("procedures:transition", args=[widget_ct.pk, 99999, "submit"])
                       ).status_code == 404


def test_transition_post_ignores_a_foreign_next(tree, make_widget, today, client_as):
    widget = make_widget()
    response = client_as(tree.officer_a).post(transition_url(widget, "submit"), {"next": "https://evil.example/"})
    assert response["Location"] == widget.get_absolute_url()


def render_tag(source, user, widget):
    request = RequestFactory().get("/widgets/1/")
    request.user = user
    return Template("{% load procedure_tags %}" + source).render(
        Context({"user": user, "request": request, "record": widget, "csrf_token": "t"}))


def test_transition_buttons_show_reasons_for_disabled_ones(tree, make_widget, today):
    widget = make_widget(title="")
    html = render_tag("{% transition_buttons record %}", tree.officer_a, widget)
    assert "当前状态" in html and "起草" in html
    assert "disabled" in html and "缺少“标题”（测试规则第二条）" in html
    widget.title = "有标题"
    widget.save()
    html = render_tag("{% transition_buttons record %}", tree.officer_a, widget)
    assert transition_url(widget, "submit") in html and "disabled" not in html
    assert 'name="next" value="/widgets/1/"' in html
    # a leader sees the state but no buttons
    html = render_tag("{% transition_buttons record %}", tree.leader_a, widget)
    assert "起草" in html and "<button" not in html


def test_history_deadlines_and_state_tags(tree, make_widget, today):
    widget = make_widget()
    services.transition(actor=tree.officer_a, record=widget, name="submit", comment="请审核")
    html = render_tag("{% transition_history record %}{% record_deadlines record %}{{ record|state_label }}",
                      tree.officer_a, widget)
    for text in ("提交审核", "起草 → 审核中", "东城法制员", "请审核", "审核期限", "测试规则第三条", "2025-10-14",
                 "5个工作日", "审核中"):
        assert text in html


def test_attachment_upload_and_download(tree, make_widget, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    widget = make_widget()
    ct = ContentType.objects.get_for_model(Widget)
    url = reverse("procedures:attachment_upload", args=[ct.pk, widget.pk])
    client = client_as(tree.officer_a)
    response = client.post(url, {"kind": "opinion", "file": SimpleUploadedFile("意见书.pdf", b"%PDF-1.4"),
                                 "next": NEXT})
    assert response.status_code == 302 and response["Location"] == NEXT
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.name, attachment.unit, attachment.uploaded_by) == (
        "opinion", "意见书.pdf", tree.dept_a, tree.officer_a)
    download = client.get(reverse("procedures:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    assert client_as(tree.outsider).get(reverse("procedures:attachment", args=[attachment.pk])).status_code == 404
    bad = client_as(tree.officer_a).post(url, {"kind": "photo", "file": SimpleUploadedFile("a.txt", b"x")})
    assert "附件类型" in message_texts(bad)[-1] and Attachment.objects.count() == 1
    assert client_as(tree.leader_a).post(url, {"kind": "opinion"}).status_code == 404
    assert client_as(tree.outsider).post(url, {"kind": "opinion"}).status_code == 404
    html = render_tag("{% record_attachments record %}", tree.officer_a, widget)
    assert "意见书.pdf" in html and "审核意见书" in html and 'type="file"' in html
    assert 'type="file"' not in render_tag("{% record_attachments record %}", tree.leader_a, widget)


def test_notifications_page_and_mark_read(tree, client_as):
    mine = Notification.objects.create(user=tree.officer_a, text="事项甲已提交", url="/widgets/1/")
    other = Notification.objects.create(user=tree.officer_a, text="事项乙已退回")
    theirs = Notification.objects.create(user=tree.outsider, text="西山的通知")
    client = client_as(tree.officer_a)
    html = client.get(reverse("procedures:notifications")).content.decode()
    assert "事项甲已提交" in html and "西山的通知" not in html
    response = client.post(reverse("procedures:notifications"), {"id": [mine.pk, theirs.pk], "open": "1"})
    # two ids: just marked read (the outsider's id is ignored), back to the list
    assert response["Location"] == reverse("procedures:notifications")
    mine.refresh_from_db(), theirs.refresh_from_db(), other.refresh_from_db()
    assert mine.read_at and not theirs.read_at and not other.read_at
    response = client.post(reverse("procedures:notifications"), {"id": other.pk, "open": "1"})
    assert response["Location"] == reverse("procedures:notifications")  # no url: back to the list
    opened = client.post(reverse("procedures:notifications"), {"id": mine.pk, "open": "1"})
    assert opened["Location"] == "/widgets/1/"
    client.post(reverse("procedures:notifications"))
    assert not Notification.objects.for_user(tree.officer_a).unread().exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    unread_only = client.get(reverse("procedures:notifications"), {"unread": "1"}).content.decode()
    assert "没有通知" in unread_only


def test_home_panel_lists_unread_notifications(tree):
    from fazhi.procedures.selectors import home_context

    Notification.objects.create(user=tree.officer_a, text="请办理事项甲")
    Notification.objects.create(user=tree.officer_a, text="已读的", read_at="2025-01-01T00:00:00Z")
    Notification.objects.create(user=tree.outsider, text="别人的")
    context = home_context(tree.officer_a)
    assert [n.text for n in context["notifications"]] == ["请办理事项甲"] and context["unread_count"] == 1
