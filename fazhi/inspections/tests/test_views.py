"""Staff pages: lists with filters and export, forms with Chinese errors, the item page's steps, evidence and
escalation, access (another county, anonymous, leader), query counts."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.inspections import services
from fazhi.inspections.models import (
    Escalation,
    Finding,
    Inspection,
    InterferenceRecord,
    ItemState,
    RectificationItem,
)
from fazhi.procedures.models import Attachment

from .conftest import D, docx_text, pdf


@pytest.fixture
def items(tree, make_item, finding_a):
    # One overdue, one due far ahead, one closed.
    late = make_item(requirement="逐件补录处罚决定公示信息。")
    ahead = make_item(requirement="修订执法公示工作制度。", due_on=D(2026, 9, 30))
    done = make_item(requirement="开展执法公示专项自查。", due_on=D(2026, 4, 30))
    services.add_evidence(actor=tree.officer_a, item=done, file=pdf())
    services.take_step(actor=tree.officer_a, item=done, name="submit")
    services.take_step(actor=tree.coordinator_a, item=done, name="close", on=D(2026, 4, 28))
    return late, ahead, done


def test_ledger_filters_overdue_and_exports(tree, client_as, items):
    late, ahead, done = items
    client = client_as(tree.coordinator_a)
    page = client.get(reverse("inspections:item_list"), {"deadline": "overdue"}).content.decode()
    assert "逐件补录处罚决定公示信息" in page and "修订执法公示工作制度" not in page
    page = client.get(reverse("inspections:item_list"), {"state": "closed"}).content.decode()
    assert "开展执法公示专项自查" in page and "逐件补录" not in page
    response = client.get(reverse("inspections:item_list"), {"export": "xlsx", "sort": "due_on"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "问题来源", "督察")
    assert len(rows) == 4
    late_row = next(r for r in rows if r[0] == late.pk)
    assert late_row[2] == "东城区2026年法治政府建设督察"
    assert late_row[5] == "行政执法公示信息更新不及时，部分处罚决定未在7日内公示。"
    assert late_row[6:10] == ("逐件补录处罚决定公示信息。", "明确专人负责，每周核对一次。", "东城区市场监督管理局",
                              "李四（副局长）")
    assert (late_row[12], late_row[14]) == ("已交办", 15)


def test_ledger_query_count_does_not_grow_with_rows(tree, client_as, items, make_item, django_assert_max_num_queries):
    for n in range(15):
        make_item(requirement=f"整改要求{n}")
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("inspections:item_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("inspections:finding_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("inspections:inspection_list")).status_code == 200


def test_another_county_sees_nothing(tree, client_as, items, inspection_a, finding_a):
    late = items[0]
    client = client_as(tree.outsider)
    for url in (reverse("inspections:item_detail", args=[late.pk]),
                reverse("inspections:finding_detail", args=[finding_a.pk]),
                reverse("inspections:inspection_detail", args=[inspection_a.pk]),
                reverse("inspections:item_edit", args=[late.pk])):
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("inspections:item_list")).content.decode()
    assert "逐件补录" not in page
    assert client.post(reverse("inspections:item_evidence", args=[late.pk]),
                       {"file": pdf()}).status_code == 404
    assert client.post(reverse("inspections:item_escalate", args=[late.pk]),
                       {"kind": "reminder_letter"}).status_code == 404
    assert not Attachment.objects.filter(object_id=late.pk, kind="evidence").exists()


def test_anonymous_is_sent_to_login(client, items):
    response = client.get(reverse("inspections:item_detail", args=[items[0].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_leader_reads_but_cannot_write(tree, client_as, items):
    late = items[0]
    client = client_as(tree.leader_a)
    page = client.get(reverse("inspections:item_detail", args=[late.pk])).content.decode()
    assert "逐件补录" in page and "上传佐证材料" not in page and "记录督办" not in page
    assert client.post(reverse("inspections:item_escalate", args=[late.pk]),
                       {"kind": "reminder_letter"}).status_code == 404
    assert client.get(reverse("inspections:item_create")).status_code == 404
    assert not Escalation.objects.exists()


def test_unit_officer_uploads_evidence_and_office_escalates(tree, client_as, items):
    late = items[0]
    client = client_as(tree.officer_a)
    page = client.get(reverse("inspections:item_detail", args=[late.pk])).content.decode()
    assert "已逾期 15 天" in page and "上传佐证材料" in page and "记录督办" not in page
    response = client.post(reverse("inspections:item_evidence", args=[late.pk]),
                           {"file": SimpleUploadedFile("病毒.exe", b"MZ")}, follow=True)
    assert "类型不允许上传" in response.content.decode()
    assert not Attachment.objects.filter(object_id=late.pk, kind="evidence").exists()
    client.post(reverse("inspections:item_evidence", args=[late.pk]), {"file": pdf("公示截图.pdf")})
    assert Attachment.objects.filter(object_id=late.pk, kind="evidence").count() == 1

    client = client_as(tree.coordinator_a)
    response = client.post(reverse("inspections:item_escalate", args=[late.pk]), {"kind": "reminder_letter"},
                           follow=True)
    assert "已记录督办函" in response.content.decode()
    escalation = Escalation.objects.get()
    response = client.get(reverse("inspections:letter_download", args=[escalation.pk]))
    content = b"".join(response.streaming_content)
    assert "逐件补录处罚决定公示信息" in docx_text(content)
    # Another county cannot download it.
    assert client_as(tree.outsider).get(reverse("inspections:letter_download", args=[escalation.pk])).status_code == 404


def test_escalation_of_an_item_not_overdue_shows_the_reason(tree, client_as, items):
    ahead = items[1]
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("inspections:item_escalate", args=[ahead.pk]), {"kind": "reminder_letter"},
                           follow=True)
    assert "该整改事项尚未逾期" in response.content.decode()
    assert not Escalation.objects.exists()


def test_item_form_refuses_bad_dates_and_missing_unit_in_chinese(tree, client_as, finding_a):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("inspections:item_create"), {
        "finding": finding_a.pk, "requirement": "整改", "responsible_unit": "", "responsible_leader": "李四",
        "issued_on": "2026-03-20", "due_on": "2026-06-30"})
    assert "请选择责任单位。" in response.content.decode()
    response = client.post(reverse("inspections:item_create"), {
        "finding": finding_a.pk, "requirement": "整改", "responsible_unit": tree.dept_a.pk,
        "responsible_leader": "李四", "issued_on": "2026-03-20", "due_on": "2026-03-01"})
    assert "不得早于发现问题日期" in response.content.decode()
    assert not RectificationItem.objects.exists()
    response = client.post(reverse("inspections:item_create"), {
        "finding": finding_a.pk, "requirement": "整改", "responsible_unit": tree.dept_a.pk,
        "responsible_leader": "李四", "issued_on": "2026-03-20", "due_on": "2026-06-30"})
    item = RectificationItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.state == ItemState.ISSUED


def test_inspection_and_finding_forms(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("inspections:inspection_create"), {
        "organizer": tree.justice_a.pk, "title": "东城区2026年法治督察", "level": "county",
        "inspected_units": [tree.dept_a.pk, tree.street_a.pk], "start_on": "2026-03-02", "by_files": "on"})
    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    assert set(inspection.inspected_units.all()) == {tree.dept_a, tree.street_a}
    response = client.post(reverse("inspections:finding_create") + f"?inspection={inspection.pk}", {
        "source": "local", "inspection": inspection.pk, "unit": tree.dept_a.pk, "category": "enforcement",
        "found_on": "2026-03-01", "description": "问题"})
    assert "发现日期不得早于督察开始日期" in response.content.decode()
    client.post(reverse("inspections:finding_create"), {
        "source": "higher", "higher_inspection": "省委依法治省办实地督察", "unit": tree.dept_a.pk,
        "category": "decision", "found_on": "2026-03-01", "description": "重大行政决策目录未公开"})
    assert Finding.objects.get().source == "higher"
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert "东城区市场监督管理局" in page and "调阅资料" in page


def test_interference_pages(tree, client_as):
    client = client_as(tree.enforcer_a)
    assert client.get(reverse("inspections:interference_create")).status_code == 200
    response = client.post(reverse("inspections:interference_create"), {
        "unit": tree.dept_a.pk, "occurred_on": "2026-05-08", "person_name": "王五", "person_post": "某局副局长",
        "case": "东市监处罚〔2026〕12号", "manner": "asking", "handling": "recorded"})
    record = InterferenceRecord.objects.get()
    assert response["Location"] == record.get_absolute_url()
    assert "王五" in client_as(tree.coordinator_a).get(reverse("inspections:interference_list")).content.decode()
    assert client_as(tree.outsider).get(record.get_absolute_url()).status_code == 404


def test_navigation_entries_by_role(tree, client_as):
    page = client_as(tree.coordinator_a).get(reverse("home")).content.decode()
    assert reverse("inspections:inspection_list") in page and reverse("inspections:item_list") in page
    page = client_as(tree.officer_a).get(reverse("home")).content.decode()
    assert reverse("inspections:item_list") in page
    assert f'href="{reverse("inspections:inspection_list")}"' not in page


def test_item_detail_query_count_and_the_units_officer_cannot_edit(tree, client_as, items,
                                                                   django_assert_max_num_queries):
    late = items[0]
    client = client_as(tree.coordinator_a)
    services.escalate(actor=tree.coordinator_a, item=late, kind="reminder_letter")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("inspections:item_detail", args=[late.pk])).status_code == 200
    client = client_as(tree.officer_a)
    assert client.get(reverse("inspections:item_edit", args=[late.pk])).status_code == 404
    assert client.get(reverse("inspections:item_create")).status_code == 404
    assert client.get(reverse("inspections:inspection_create")).status_code == 404


def test_overdue_items_show_on_the_units_home_page(tree, client_as, items):
    page = client_as(tree.officer_a).get(reverse("home")).content.decode()
    assert "逐件补录处罚决定公示信息" in page and "整改时限" in page
    assert "修订执法公示工作制度" not in page  # due on 2026-09-30: neither due soon nor overdue
    assert "逐件补录" not in client_as(tree.officer_b).get(reverse("home")).content.decode()


def test_the_generic_attachment_route_obeys_the_procedure(tree, client_as, make_item):
    """No reminder letter can be uploaded by hand, and no evidence once an item is closed out — not even
    through the shared upload route that every record page uses."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.inspections.models import RectificationItem

    item = make_item()
    url = reverse("procedures:attachment_upload", args=[ContentType.objects.get_for_model(RectificationItem).pk,
                                                         item.pk])
    client = client_as(tree.coordinator_a)
    client.post(url, {"kind": "reminder_letter", "file": pdf("伪造督办函.pdf")})
    assert not Attachment.objects.filter(kind="reminder_letter").exists()
    from fazhi.procedures.engine import get_procedure
    from fazhi.procedures.forms import AttachmentForm

    assert [k for k, _ in AttachmentForm(procedure=get_procedure(item)).fields["kind"].choices] == ["evidence"]

    services.take_step(actor=tree.officer_a, item=item, name="start")
    services.add_evidence(actor=tree.officer_a, item=item, file=pdf())
    services.take_step(actor=tree.officer_a, item=item, name="submit")
    services.take_step(actor=tree.coordinator_a, item=item, name="close")
    response = client_as(tree.officer_a).post(url, {"kind": "evidence", "file": pdf("补交材料.pdf")}, follow=True)
    assert "已销号的整改事项不能再上传佐证材料" in response.content.decode()
    assert Attachment.objects.filter(kind="evidence").count() == 1
    page = client_as(tree.officer_a).get(reverse("inspections:item_detail", args=[item.pk])).content.decode()
    assert 'type="file"' not in page
