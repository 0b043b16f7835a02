"""The public library pages: anonymous, public material only, no N+1, comments through the service."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.models import AuditEvent
from fazhi.rulemaking.models import (
    CleanupCampaign,
    CleanupItem,
    Deliberation,
    LegalityReview,
    PublicComment,
)

from .conftest import make_body, save

D = datetime.date
pytestmark = pytest.mark.django_db

INTERNAL_STATES = ["drafting", "legality_review", "deliberation", "registered"]


def url(name, *args):
    return reverse(f"library:{name}", args=args)


def page_titles(response):
    return {d.title for d in response.context["page"].object_list}


# ---- the library list --------------------------------------------------------------------------------


@pytest.fixture
def library(tree, body, make_doc):
    body_b = make_body(tree.dept_b, basis="西府发〔2024〕2号")
    return {
        "in_force": make_doc("东城区现行办法", state="in_force", text="第一条 合法性审核。"),
        "filed": make_doc("东城区备案中办法", state="filed", published_on=D(2024, 6, 1)),
        "correction": make_doc("东城区待纠正办法", state="correction"),
        "amended": make_doc("东城区已修改办法", state="amended", ended_on=D(2025, 9, 1)),
        "repealed": make_doc("东城区已废止办法", state="repealed", ended_on=D(2025, 9, 1),
                             text="第一条 合法性审核。"),
        "lapsed": make_doc("东城区已失效办法", state="lapsed", ended_on=D(2025, 9, 1)),
        "county_b": make_doc("西山县现行办法", state="in_force", drafting_body=body_b, published_on=D(2024, 2, 1)),
        "draft": make_doc("东城区征求意见稿", state="public_comment", text="第一条 合法性审核。"),
        **{state: make_doc(f"东城区内部{state}", state=state, text="第一条 合法性审核。")
           for state in INTERNAL_STATES},
    }


def test_default_list_is_currently_valid_documents_with_public_status(client, library):
    response = client.get(url("document_list"))
    assert response.status_code == 200
    assert page_titles(response) == {"东城区现行办法", "东城区备案中办法", "东城区待纠正办法", "西山县现行办法"}
    body = response.content.decode()
    assert "共 4 件" in body
    assert "现行有效" in body
    assert "备案审查不符合" not in body and "待纠正" in body  # the title only; not the internal state
    for field in ("东市监规〔2025〕1号", "东城区市场监督管理局", "2025-03-01", "2025-04-01", "2030-03-31"):
        assert field in body
    assert 'class="table-wrap"' in body and '<label for="id_q">' in body


@pytest.mark.parametrize("status, expected", [
    ("amended", {"东城区已修改办法"}),
    ("repealed", {"东城区已废止办法"}),
    ("lapsed", {"东城区已失效办法"}),
    ("all", {"东城区现行办法", "东城区备案中办法", "东城区待纠正办法", "西山县现行办法", "东城区已修改办法",
             "东城区已废止办法", "东城区已失效办法"}),
    ("nonsense", {"东城区现行办法", "东城区备案中办法", "东城区待纠正办法", "西山县现行办法", "东城区已修改办法",
                  "东城区已废止办法", "东城区已失效办法"}),  # refused filter: still public documents only
])
def test_status_filter(client, library, status, expected):
    response = client.get(url("document_list"), {"status": status})
    assert page_titles(response) == expected


def test_issuer_and_year_filters(client, library, tree):
    body_b = library["county_b"].drafting_body
    assert page_titles(client.get(url("document_list"), {"issuer": body_b.pk})) == {"西山县现行办法"}
    assert page_titles(client.get(url("document_list"), {"year": "2024"})) == {"东城区备案中办法", "西山县现行办法"}
    response = client.get(url("document_list"), {"year": "1999"})
    assert "1999" in response.content.decode() and response.status_code == 200  # refused choice, shown as error
    issuers = [str(b) for b in response.context["filter"].filters["issuer"].queryset]
    assert issuers == ["东城区市场监督管理局", "西山县市场监督管理局"]


def test_search_finds_two_character_words_and_only_public_documents(client, library):
    response = client.get(url("document_list"), {"q": "审核"})
    assert page_titles(response) == {"东城区现行办法"}
    response = client.get(url("document_list"), {"q": "审核", "status": "all"})
    assert page_titles(response) == {"东城区现行办法", "东城区已废止办法"}  # repealed only when asked for
    response = client.get(url("document_list"), {"q": "不存在的词语"})
    assert "没有找到符合条件的文件" in response.content.decode()


@pytest.mark.parametrize("q", ["'", '"', "*", ":", "&", "|", "!", "(", ")", "NEAR", "AND", "OR",
                               '审核" OR "x', "审核' & '", "x" * 500, "\x00"])
def test_special_queries_answer_200(client, library, q):
    assert client.get(url("document_list"), {"q": q, "status": "all"}).status_code == 200


@pytest.mark.parametrize("state", INTERNAL_STATES)
def test_internal_documents_never_appear(client, library, state):
    doc = library[state]
    for params in ({}, {"status": "all"}, {"q": "合法性审核", "status": "all"}, {"q": "内部", "status": "all"}):
        body = client.get(url("document_list"), params).content.decode()
        assert doc.title not in body
    assert client.get(url("document_detail", doc.pk)).status_code == 404
    assert client.get(url("draft_detail", doc.pk)).status_code == 404


def test_drafts_are_not_in_the_library_but_on_their_own_page(client, library):
    draft = library["draft"]
    assert draft.title not in client.get(url("document_list"), {"status": "all"}).content.decode()
    assert client.get(url("document_detail", draft.pk)).status_code == 404
    assert client.get(url("draft_detail", draft.pk)).status_code == 200
    assert page_titles(client.get(url("draft_list"))) == {"东城区征求意见稿"}
    assert page_titles(client.get(url("draft_list"), {"q": "合法性"})) == {"东城区征求意见稿"}
    assert page_titles(client.get(url("draft_list"), {"q": "备案"})) == set()


def test_paging_25_per_page(client, make_doc):
    for i in range(30):
        make_doc(f"东城区第{i}号办法", published_on=D(2025, 1, 1) + datetime.timedelta(days=i))
    first = client.get(url("document_list"))
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].object_list[0].title == "东城区第29号办法"  # newest published first
    assert "共 30 件" in first.content.decode() and "page=2" in first.content.decode()
    second = client.get(url("document_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_pages_do_not_run_a_query_per_row(client, tree, body, make_doc, django_assert_max_num_queries):
    bodies = [body, *(make_body(unit) for unit in (tree.gov_a, tree.dept_b, tree.gov_b, tree.city_gov))]

    def add(n, start):
        for i in range(start, start + n):
            make_doc(f"东城区第{i}号办法 合法性审核", drafting_body=bodies[i % 5], published_on=D(2020 + i % 5, 1, 1))
            draft = make_doc(f"东城区第{i}号草案", state="public_comment", drafting_body=bodies[i % 5],
                             market_related=(i % 5) in (1, 3))  # same (limit, region) pairs
            save(PublicComment(document=draft, content="意见", status="published"))

    def queries(page, **params):
        client.get(url(page), params)  # warm the calendar snapshot
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(page), params)
        return len(ctx.captured_queries), len(response.context["page"].object_list)

    add(5, 0)
    few = {page: queries(page, **params) for page, params in (("document_list", {"q": "审核", "status": "all"}),
                                                               ("draft_list", {}))}
    add(19, 5)
    many = {page: queries(page, **params) for page, params in (("document_list", {"q": "审核", "status": "all"}),
                                                                ("draft_list", {}))}
    for page in few:
        assert (few[page][1], many[page][1]) == (5, 24)
        assert many[page][0] == few[page][0], page  # rows do not add queries
    # The comment limit is resolved once per (limit, region) on the page, not per draft.
    assert many["document_list"][0] <= 6 and many["draft_list"][0] <= 14
    with django_assert_max_num_queries(4):
        response = client.get(url("body_list"))
    assert response.context["count"] == 5


# ---- the document page ---------------------------------------------------------------------------------


@pytest.fixture
def versions(tree, make_doc):
    v1 = make_doc("东城区办法（2020年）", state="amended", published_on=D(2020, 1, 1), ended_on=D(2024, 3, 1))
    v2 = make_doc("东城区办法（2024年修改）", state="in_force", amends=v1, published_on=D(2024, 3, 1),
                  effective_on=D(2024, 4, 1), expires_on=D(2029, 3, 31),
                  text="第一章 总则\n第一条 为了规范管理，制定本办法。\n本条第二款。\n第十二条 本办法自公布之日起施行。",
                  filed_on=D(2024, 3, 20), filing_conclusion="conforming", filing_reviewed_on=D(2024, 4, 15),
                  filing_findings="内部备案审查意见甲")
    v3 = make_doc("东城区办法修改草案", state="public_comment", amends=v2)
    hidden = make_doc("东城区办法内部修改稿", state="drafting", amends=v2)
    with acting_as(SYSTEM):
        LegalityReview(document=v2, reviewer=tree.reviewer_a, outcome="pass_after_changes",
                       reasons="内部审核理由乙", reviewed_on=D(2024, 1, 10)).save()
        Deliberation(document=v2, meeting="区政府常务会议", held_on=D(2024, 2, 1), outcome="adopted",
                     notes="内部审议备注丙").save()
        published = CleanupCampaign(title="2025年东城区文件清理", unit=tree.gov_a, started_on=D(2025, 1, 1),
                                    state="published", published_on=D(2025, 6, 1))
        published.save()
        CleanupItem(campaign=published, document=v2, decision="keep", reason="符合上位法").save()
        pending = CleanupCampaign(title="2026年东城区文件清理", unit=tree.gov_a, started_on=D(2026, 1, 1))
        pending.save()
        CleanupItem(campaign=pending, document=v2, decision="repeal", reason="未公布清理理由丁").save()
    return v1, v2, v3, hidden


def test_document_page_shows_text_dates_versions_and_public_history(client, versions):
    v1, v2, v3, hidden = versions
    response = client.get(url("document_detail", v2.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h3>第一章 总则</h3>" in body
    assert "<strong>第一条</strong>" in body and "<strong>第十二条</strong>" in body
    assert "<p>本条第二款。</p>" in body
    for text in (v2.document_number, "2024-03-01", "2024-04-01", "2029-03-31", "现行有效"):
        assert text in body
    # Versions both ways, public ones only.
    assert url("document_detail", v1.pk) in body and url("draft_detail", v3.pk) in body
    assert hidden.title not in body
    earlier, later = response.context["earlier"], response.context["later"]
    assert [d.pk for d in earlier] == [v1.pk] and [d.pk for d in later] == [v3.pk]
    # History: public facts only.
    labels = [e.label for e in response.context["history"]]
    assert labels == ["公布", "报送备案", "施行", "备案审查：符合", "文件清理结果公布"]  # by date
    assert "2024-04-15" in body and "符合上位法" in body and "2025年东城区文件清理" in body
    for secret in ("内部备案审查意见甲", "内部审核理由乙", "内部审议备注丙", "未公布清理理由丁", "2026年东城区文件清理",
                   "区政府常务会议"):
        assert secret not in body


def test_amended_document_links_forward(client, versions):
    v1, v2, v3, hidden = versions
    response = client.get(url("document_detail", v1.pk))
    body = response.content.decode()
    assert "已修改" in body and "被修改" in body and url("document_detail", v2.pk) in body
    assert [d.pk for d in response.context["later"]] == [v2.pk, v3.pk]


def test_nonconforming_filing_is_not_published(client, make_doc):
    doc = make_doc("东城区待纠正规定", state="correction", filed_on=D(2025, 3, 10), filing_conclusion="not_conforming",
                   filing_reviewed_on=D(2025, 4, 1), filing_findings="违反上位法第五条", nonconforming_on=D(2025, 4, 1))
    response = client.get(url("document_detail", doc.pk))
    body = response.content.decode()
    assert "违反上位法第五条" not in body and "不符合" not in body
    assert [e.label for e in response.context["history"]] == ["公布", "报送备案", "施行"]


def test_repealed_document_page(client, make_doc):
    doc = make_doc("东城区旧规定", state="repealed", ended_on=D(2025, 10, 1))
    response = client.get(url("document_detail", doc.pk))
    assert "已废止" in response.content.decode()
    assert response.context["history"][-1].label == "废止"


def test_document_page_with_long_chain_has_bounded_queries(client, make_doc, django_assert_max_num_queries):
    previous = make_doc("东城区办法第0版", state="amended")
    for i in range(1, 6):
        previous = make_doc(f"东城区办法第{i}版", state="amended" if i < 5 else "in_force", amends=previous)
    with django_assert_max_num_queries(14):
        response = client.get(url("document_detail", previous.pk))
    assert len(response.context["earlier"]) == 5


# ---- drafts and comments ------------------------------------------------------------------------------


@pytest.fixture
def draft(make_doc, today):
    today(D(2026, 11, 10))
    return make_doc("东城区停车管理办法（征求意见稿）", state="public_comment", comment_opened_on=D(2026, 11, 2),
                    text="第一条 为了规范停车管理。", drafting_explanation="起草背景：停车难。")


def test_draft_page_shows_text_explanation_and_minimum_period(client, draft):
    response = client.get(url("draft_detail", draft.pk))
    body = response.content.decode()
    assert "<strong>第一条</strong>" in body and "起草背景：停车难。" in body
    assert "2026-11-02" in body
    assert "不少于7个工作日（法治政府建设示范指标体系第24项）" in body
    assert "不早于2026-11-11结束" in body
    assert "仅起草单位可见" in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_market_draft_has_thirty_days(client, draft):
    draft.market_related = True
    save(draft)
    body = client.get(url("draft_detail", draft.pk)).content.decode()
    assert "不少于30日（优化营商环境条例第六十二条）" in body and "不早于2026-12-02结束" in body


def test_period_beyond_holiday_data_still_renders(client, make_doc):
    late = make_doc("东城区远期草案", state="public_comment", comment_opened_on=D(2031, 1, 6))
    response = client.get(url("draft_detail", late.pk))
    assert response.status_code == 200
    assert response.context["period"].earliest_close is None


def test_comment_is_saved_pending_and_not_shown(client, draft):
    response = client.post(url("draft_detail", draft.pk), {"name": "张三", "contact": "13800000000",
                                                            "content": "建议增加夜间停车条款"}, follow=True)
    assert "意见已提交，经审核后公开" in response.content.decode()
    comment = PublicComment.objects.get()
    assert (comment.document_id, comment.status, comment.contact) == (draft.pk, "pending", "13800000000")
    assert "建议增加夜间停车条款" not in response.content.decode()


def test_published_comment_shown_with_response_but_never_contact(client, draft):
    save(PublicComment(document=draft, name="李四", contact="lisi@example.com", content="公开的意见内容",
                       status="published", adoption="partly", response="已部分采纳"))
    save(PublicComment(document=draft, name="王五", contact="13900000000", content="待审核的意见内容"))
    save(PublicComment(document=draft, name="赵六", content="不予公开的意见内容", status="rejected",
                       moderation_note="含个人信息"))
    body = client.get(url("draft_detail", draft.pk)).content.decode()
    assert "公开的意见内容" in body and "李四" in body and "部分采纳" in body and "已部分采纳" in body
    for secret in ("lisi@example.com", "13900000000", "待审核的意见内容", "不予公开的意见内容", "王五", "含个人信息"):
        assert secret not in body


def test_comment_on_a_closed_draft_is_refused(client, draft, make_doc):
    draft.state = "legality_review"
    save(draft)
    closed = make_doc("东城区已公布办法", state="in_force")
    for pk in (draft.pk, closed.pk, 999999):
        response = client.post(url("draft_detail", pk), {"content": "迟到的意见"})
        assert response.status_code == 400
        assert "该草案不在公开征求意见期内，不能提交意见。" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_bad_comments_get_chinese_field_errors(client, draft):
    response = client.post(url("draft_detail", draft.pk), {"content": "长" * 2001})
    errors = response.context["form"].errors
    assert "意见内容不得超过2000个字（现有2001个字）。" in errors["content"]
    assert "意见内容不得超过2000个字" in response.content.decode()
    response = client.post(url("draft_detail", draft.pk), {"content": "   ", "name": "名" * 51})
    errors = response.context["form"].errors
    assert errors["content"] == ["请填写意见内容。"] and "姓名或单位不得超过50个字。" in errors["name"]
    assert not PublicComment.objects.exists()


def test_honeypot_keeps_nothing(client, draft):
    before = AuditEvent.objects.count()
    response = client.post(url("draft_detail", draft.pk), {"content": "广告", "website": "http://spam.example"},
                           follow=True)
    assert "意见已提交，经审核后公开" in response.content.decode()
    assert not PublicComment.objects.exists()
    assert AuditEvent.objects.count() == before


def test_comment_form_needs_csrf(draft):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(url("draft_detail", draft.pk), {"content": "意见"})
    assert response.status_code == 403
    assert not PublicComment.objects.exists()


def test_draft_list_shows_period_and_published_comment_count(client, draft):
    save(PublicComment(document=draft, content="公开", status="published"))
    save(PublicComment(document=draft, content="待审"))
    response = client.get(url("draft_list"))
    body = response.content.decode()
    assert draft.title in body and "不少于7个工作日" in body and "2026-11-02" in body
    assert response.context["page"].object_list[0].published_comments == 1


# ---- drafting bodies and cleanups -------------------------------------------------------------------


def test_drafting_bodies_confirmed_grouped_by_region_and_filtered(client, tree):
    make_body(tree.dept_a)
    make_body(tree.gov_b, basis="西府发〔2024〕2号")
    make_body(tree.justice_a, confirmed=False)
    response = client.get(url("body_list"))
    body = response.content.decode()
    assert [region.name for region, _ in response.context["groups"]] == ["东城区", "西山县"]
    assert "东城区市场监督管理局" in body and "西山县人民政府" in body and "2025-01-10" in body
    assert "西府发〔2024〕2号" in body and "东城区司法局" not in body
    response = client.get(url("body_list"), {"region": tree.county_b.code})
    assert [b.unit.name for _, rows in response.context["groups"] for b in rows] == ["西山县人民政府"]
    response = client.get(url("body_list"), {"region": "990000"})  # not offered: refused, list unfiltered
    assert response.status_code == 200 and response.context["count"] == 2


@pytest.fixture
def campaigns(tree, make_doc):
    docs = [make_doc(f"东城区清理文件{i}", state="repealed" if i == 0 else "in_force") for i in range(3)]
    with acting_as(SYSTEM):
        published = CleanupCampaign(title="2025年东城区规范性文件集中清理", unit=tree.gov_a, basis="国办发〔2018〕37号",
                                    started_on=D(2025, 1, 1), state="published", published_on=D(2025, 6, 1))
        published.save()
        for doc, decision, reason in zip(docs, ["repeal", "keep", "amend"], ["与上位法不一致", "", "需要修改"],
                                         strict=True):
            CleanupItem(campaign=published, document=doc, decision=decision, reason=reason).save()
        pending = CleanupCampaign(title="2026年东城区规范性文件清理", unit=tree.gov_a, started_on=D(2026, 1, 1))
        pending.save()
        CleanupItem(campaign=pending, document=docs[1], decision="repeal", reason="尚未公布").save()
    return published, pending, docs


def test_cleanup_results_only_published_campaigns(client, campaigns):
    published, pending, docs = campaigns
    body = client.get(url("campaign_list")).content.decode()
    assert published.title in body and pending.title not in body
    assert client.get(url("campaign_detail", pending.pk)).status_code == 404
    response = client.get(url("campaign_detail", published.pk))
    body = response.content.decode()
    for text in ("废止", "继续有效", "修改", "与上位法不一致", "需要修改", "国办发〔2018〕37号"):
        assert text in body
    assert "尚未公布" not in body
    for doc in docs:
        assert url("document_detail", doc.pk) in body


def test_cleanup_item_of_a_document_no_longer_public_is_not_linked(client, campaigns):
    published, pending, docs = campaigns
    docs[2].state = "registered"  # cannot happen through the procedure; the page must still not link it
    save(docs[2])
    body = client.get(url("campaign_detail", published.pk)).content.decode()
    assert url("document_detail", docs[2].pk) not in body


def test_campaign_pages_have_bounded_queries(client, tree, make_doc, django_assert_max_num_queries):
    docs = [make_doc(f"东城区文件{i}") for i in range(22)]
    with acting_as(SYSTEM):
        for n in range(22):
            campaign = CleanupCampaign(title=f"第{n}次清理", unit=tree.gov_a, started_on=D(2025, 1, 1),
                                       state="published", published_on=D(2025, 6, 1))
            campaign.save()
        for doc in docs:
            CleanupItem(campaign=campaign, document=doc, decision="keep").save()
    with django_assert_max_num_queries(3):
        response = client.get(url("campaign_list"))
    assert len(response.context["page"].object_list) == 22
    with django_assert_max_num_queries(3):
        response = client.get(url("campaign_detail", campaign.pk))
    assert len(response.context["items"]) == 22


# ---- every page, anyone -------------------------------------------------------------------------------


def test_anonymous_and_staff_get_every_page(client, client_as, tree, versions, draft, campaigns):
    v1, v2, v3, hidden = versions
    published, pending, docs = campaigns
    make_body(tree.dept_b, basis="西府发〔2024〕2号")
    pages = [url("document_list"), url("document_detail", v2.pk), url("draft_list"), url("draft_detail", draft.pk),
             url("body_list"), url("campaign_list"), url("campaign_detail", published.pk)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "法治政府建设公众门户" in response.content.decode()  # the portal shell
        assert client.head(page).status_code == 200
    staff = client_as(tree.outsider)  # a staff user of another county sees the same public pages
    for page in pages:
        assert staff.get(page).status_code == 200


def test_read_pages_refuse_writes(client, versions):
    v1, v2, v3, hidden = versions
    before = AuditEvent.objects.count()
    for page in (url("document_list"), url("document_detail", v2.pk), url("body_list"), url("campaign_list")):
        assert client.post(page).status_code == 405
    assert AuditEvent.objects.count() == before
