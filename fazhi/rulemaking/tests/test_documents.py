import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.rulemaking import services
from fazhi.rulemaking.models import NormativeDocument

from .conftest import make_body

D = datetime.date
pytestmark = pytest.mark.django_db


def test_provisional_title_gets_two_years(make_doc):
    assert make_doc(title="东城区网络餐饮服务监督管理暂行办法").validity_years == 2
    assert make_doc(title="东城区小微企业扶持办法（试行）").validity_years == 2
    assert make_doc().validity_years == 5
    assert make_doc(title="另一个暂行办法", validity_years=3).validity_years == 3  # editable


def test_document_number_format_error_in_chinese(make_doc):
    with pytest.raises(ValidationError) as exc:
        make_doc(document_number="东市监规2025-3")
    assert "云府规〔2025〕3号" in exc.value.message_dict["document_number"][0]
    assert make_doc(document_number="东市监规〔2025〕3号").document_number == "东市监规〔2025〕3号"
    assert not NormativeDocument.objects.filter(document_number="东市监规2025-3").exists()


def test_document_number_unique_per_drafting_body(make_doc):
    make_doc(document_number="东市监规〔2025〕7号")
    with pytest.raises(ValidationError, match="已使用此文号"):
        make_doc(title="另一文件", document_number="东市监规〔2025〕7号")


def test_title_too_long(make_doc):
    with pytest.raises(ValidationError) as exc:
        make_doc(title="长" * 201)
    assert "200" in " ".join(exc.value.message_dict["title"])


def test_unconfirmed_drafting_body_refused(tree, make_doc):
    unconfirmed = make_body(tree.street_a, confirmed=False)
    with pytest.raises(ValidationError) as exc:
        make_doc(drafting_body=unconfirmed)
    assert "不是已确认的制定主体" in exc.value.message_dict["drafting_body"][0]


def test_confirming_a_body_needs_date_and_basis(tree):
    from fazhi.rulemaking.models import DraftingBody

    body = DraftingBody(unit=tree.street_a, confirmed=True)
    with pytest.raises(ValidationError, match="确认日期"):
        services.save_drafting_body(actor=tree.coordinator_a, body=body)
    body.confirmed_on, body.basis_document = D(2025, 1, 1), "东府发〔2025〕2号"
    services.save_drafting_body(actor=tree.coordinator_a, body=body)
    assert body.region_id == tree.street_a.region_id


def test_effective_date_thirty_days_after_publication_unless_reason(make_doc):
    with pytest.raises(ValidationError) as exc:
        make_doc(published_on=D(2025, 9, 5), effective_on=D(2025, 10, 4))
    message = exc.value.message_dict["effective_on"][0]
    assert "2025-10-05" in message and "提前施行理由" in message
    assert make_doc(published_on=D(2025, 9, 5), effective_on=D(2025, 10, 5)).pk
    assert make_doc(published_on=D(2025, 9, 5), effective_on=D(2025, 9, 5), early_effect_reason="应对疫情").pk


def test_other_county_cannot_create_or_edit(tree, make_doc):
    with pytest.raises(Http404):
        make_doc(actor=tree.outsider)
    doc = make_doc()
    doc.title = "改"
    with pytest.raises(Http404):
        services.save_document(actor=tree.outsider, document=doc)
