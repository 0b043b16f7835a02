"""Services: validation with Chinese messages (nothing changed on refusal), access, certificate validity."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.models import AuditEvent, Unit, UnitType
from fazhi.enforcement import services
from fazhi.enforcement.models import (
    Empowerment,
    EnforcementBody,
    EnforcementItem,
    EnforcementOfficer,
    TownshipTeam,
    join_fields,
    mask_id_number,
)
from fazhi.enforcement.tests.conftest import id_number

D = datetime.date
pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> dict:
    """Run a refused service call; assert it wrote nothing; return its errors by field."""
    before = (AuditEvent.objects.count(), EnforcementBody.objects.count(), EnforcementOfficer.objects.count(),
              EnforcementItem.objects.count())
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    after = (AuditEvent.objects.count(), EnforcementBody.objects.count(), EnforcementOfficer.objects.count(),
             EnforcementItem.objects.count())
    assert after == before
    return exc.value.message_dict


def test_body_is_registered_with_its_region_and_audited(tree, body_a):
    assert body_a.region_id == tree.county_a.code and body_a.field_list == ["market"]
    assert body_a.get_fields_display() == "市场监管" and body_a.is_public
    assert AuditEvent.objects.filter(object_type="enforcement.enforcementbody", object_id=str(body_a.pk)).exists()


def test_body_needs_legal_basis_and_a_field(tree):
    errors = refused(services.create_body, actor=tree.coordinator_a, unit=tree.dept_a, legal_basis="  ",
                     enforcement_fields="")
    assert "行政处罚法第十七条" in errors["legal_basis"][0]
    assert errors["enforcement_fields"] == ["请至少选择一个执法领域。"]


def test_entrusted_organisation_records_entrusting_body_and_document(tree, body_a):
    unit = Unit.objects.create(name="东城区市场监管综合服务中心", unit_type=UnitType.OTHER, region=tree.county_a,
                               parent=tree.dept_a)
    errors = refused(services.create_body, actor=tree.coordinator_a, unit=unit, kind="entrusted",
                     legal_basis="委托执法", enforcement_fields=join_fields(["market"]))
    assert "委托机关" in errors["entrusting_body"][0] and "第二十条" in errors["entrusting_body"][0]
    assert "委托书" in errors["entrustment_document"][0]
    entrusted = services.create_body(
        actor=tree.coordinator_a, unit=unit, kind="entrusted", legal_basis="《东城区市场监督管理局行政处罚委托书》",
        enforcement_fields=join_fields(["market"]), entrusting_body=body_a,
        entrustment_document="东市监委〔2025〕1号", entrusted_on=D(2025, 5, 1))
    assert entrusted.entrusting_body == body_a
    # An entrusted organisation cannot entrust again.
    other = Unit.objects.create(name="东城区某协会", unit_type=UnitType.OTHER, region=tree.county_a, parent=tree.dept_a)
    errors = refused(services.create_body, actor=tree.coordinator_a, unit=other, kind="entrusted",
                     legal_basis="x", enforcement_fields=join_fields(["market"]), entrusting_body=entrusted,
                     entrustment_document="x", entrusted_on=D(2025, 5, 1))
    assert "不得再委托" in errors["entrusting_body"][0]


def test_body_is_for_managers_of_the_region(tree, body_a):
    with pytest.raises(Http404):
        services.create_body(actor=tree.outsider, unit=tree.justice_a, legal_basis="x",
                             enforcement_fields=join_fields(["market"]))
    with pytest.raises(Http404):  # a legal officer keeps officers and items, not the body
        body_a.notes = "x"
        services.save_body(actor=tree.officer_a, body=body_a)
    errors = refused(services.create_body, actor=tree.coordinator_a, unit=tree.dept_a, legal_basis="x",
                     enforcement_fields=join_fields(["market"]))
    assert "已登记为执法主体" in errors["unit"][0]


def test_officer_registered_by_own_legal_officer_and_masked(tree, make_officer):
    officer = make_officer()
    assert officer.id_number.endswith(officer.id_number[-1]) and len(officer.masked_id_number) == 18
    assert officer.masked_id_number.startswith(officer.id_number[:4]) and "**********" in officer.masked_id_number
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    make_officer(actor=tree.enforcer_a)  # the department's enforcement officer keeps its officers too


@pytest.mark.parametrize("fields, field, text", [
    ({"id_number": "110105198001011234"}, "id_number", "校验位错误"),
    ({"id_number": "12345"}, "id_number", "应为18位"),
    ({"issued_on": D(2025, 6, 1), "expires_on": D(2025, 5, 31)}, "expires_on", "有效期至不得早于发证日期（2025-06-01）"),
    ({"issued_on": D(2026, 1, 1)}, "issued_on", "不得晚于今天"),
    ({"name": "张" * 51}, "name", "不得超过50个字"),
    ({"field": "ecology"}, "field", "不在执法主体"),
])
def test_officer_bad_input(tree, make_officer, fields, field, text):
    with pytest.raises(ValidationError) as exc:
        make_officer(**fields)
    assert text in " ".join(exc.value.message_dict[field])
    assert not EnforcementOfficer.objects.exists() and not AuditEvent.objects.filter(
        object_type="enforcement.enforcementofficer").exists()


def test_duplicate_certificate_number_is_refused(tree, make_officer):
    make_officer(certificate_number="990102000001")
    with pytest.raises(ValidationError) as exc:
        make_officer(certificate_number="990102000001")
    assert exc.value.message_dict["certificate_number"] == ["执法证号已被其他执法人员使用：执法证号不得重复。"]
    assert EnforcementOfficer.objects.count() == 1


def test_officer_access(tree, body_a, body_b, make_officer):
    with pytest.raises(Http404):  # another county's body
        make_officer(actor=tree.officer_a, body=body_b)
    with pytest.raises(Http404):
        make_officer(actor=tree.outsider)
    with pytest.raises(Http404):  # a read-only leader
        make_officer(actor=tree.leader_a)
    officer = make_officer()
    assert EnforcementOfficer.objects.visible_to(tree.outsider).count() == 0
    assert EnforcementOfficer.objects.visible_to(tree.coordinator_a).get() == officer
    assert EnforcementOfficer.objects.visible_to(tree.leader_a).count() == 1
    assert EnforcementOfficer.objects.visible_to(tree.leader_a, "change").count() == 0
    with pytest.raises(Http404):
        officer.name = "改名"
        services.save_officer(actor=tree.outsider, officer=officer)


def test_valid_certificate_on_a_day(tree, make_officer):
    valid = make_officer(issued_on=D(2021, 1, 1), expires_on=D(2025, 12, 31))
    expired = make_officer(issued_on=D(2020, 1, 1), expires_on=D(2024, 12, 31))
    suspended = make_officer(status="suspended")
    qs = EnforcementOfficer.objects.all()
    assert list(qs.with_valid_certificate(D(2025, 12, 1))) == [valid]
    assert set(qs.with_valid_certificate(D(2024, 12, 31))) == {valid, expired}
    assert list(qs.with_valid_certificate(D(2026, 1, 1))) == []
    assert list(qs.expiring(D(2025, 12, 1), 90)) == [valid]
    assert not suspended.certificate_valid and valid.certificate_valid and not expired.certificate_valid


def test_item_needs_legal_basis_and_cancellation_document(tree, make_item):
    with pytest.raises(ValidationError) as exc:
        make_item(legal_basis="")
    assert "请填写实施依据" in exc.value.message_dict["legal_basis"][0]
    with pytest.raises(ValidationError) as exc:
        make_item(status="cancelled")
    errors = exc.value.message_dict
    assert errors["cancellation_document"] == ["已取消或已调整的事项须填写取消（调整）文件。"]
    assert errors["cancelled_on"] == ["已取消或已调整的事项须填写取消（调整）日期。"]
    with pytest.raises(ValidationError) as exc:
        make_item(name="罚" * 201)
    assert "不得超过200个字" in exc.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as exc:
        make_item(legal_basis="条" * 5001)
    assert "实施依据不得超过5000个字" in exc.value.message_dict["legal_basis"][0]
    assert not EnforcementItem.objects.exists()
    item = make_item(status="cancelled", cancelled_on=D(2025, 6, 1), cancellation_document="示府发〔2025〕7号")
    assert item.status == "cancelled"
    with pytest.raises(ValidationError) as exc:
        make_item(code=item.code)
    assert exc.value.message_dict["__all__"] == ["该执法主体已有相同事项编码的执法事项。"]


def test_only_county_department_items_may_be_empowered(tree, make_item):
    make_item(empowered_to_townships=True)  # 东城区市场监督管理局: a county department
    city_body = services.create_body(actor=tree.city_coordinator, unit=tree.city_justice, legal_basis="x",
                                     enforcement_fields=join_fields(["other"]))
    with pytest.raises(ValidationError) as exc:
        make_item(actor=tree.city_coordinator, body=city_body, field="other", empowered_to_townships=True)
    assert "第二十四条" in exc.value.message_dict["empowered_to_townships"][0]


def test_team_and_empowerment(tree, body_a, make_item, make_officer):
    township_body = services.create_body(actor=tree.coordinator_a, unit=tree.street_a, legal_basis="行政处罚法第二十四条",
                                         enforcement_fields=join_fields(["integrated"]))
    team = services.create_team(actor=tree.coordinator_a, township=tree.street_a, name="东城街道综合行政执法队",
                                 posts=10)
    with pytest.raises(ValidationError) as exc:
        services.create_team(actor=tree.coordinator_a, township=tree.dept_a, name="x", posts=1)
    assert "不是乡镇人民政府" in exc.value.message_dict["township"][0]
    with pytest.raises(ValidationError) as exc:  # a team officer belongs to the township's body
        make_officer(actor=tree.coordinator_a, team=team)
    assert "须是该乡镇" in exc.value.message_dict["team"][0]
    make_officer(actor=tree.coordinator_a, body=township_body, field="integrated", team=team)
    assert team.officers.count() == 1

    empowered = make_item(empowered_to_townships=True)
    plain = make_item()
    with pytest.raises(ValidationError) as exc:
        services.create_empowerment(actor=tree.coordinator_a, township=tree.street_a, document_number="示府发〔2025〕31号",
                                    title="关于赋权的决定", decided_on=D(2025, 3, 1), items=[empowered, plain])
    assert "第二十四条" in exc.value.message_dict["items"][0]
    assert not Empowerment.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.create_empowerment(actor=tree.coordinator_a, township=tree.street_a, document_number="x",
                                    title="x", decided_on=D(2025, 3, 1), items=[])
    assert exc.value.message_dict["items"] == ["请选择赋权事项。"]
    empowerment = services.create_empowerment(
        actor=tree.coordinator_a, township=tree.street_a, document_number="示府发〔2025〕31号", title="关于赋权的决定",
        decided_on=D(2025, 3, 1), items=[empowered])
    assert list(empowerment.items.all()) == [empowered]
    event = AuditEvent.objects.filter(object_type="enforcement.empowerment").latest("id")
    assert event.after["item_codes"] == empowered.code
    with pytest.raises(Http404):
        services.create_empowerment(actor=tree.outsider, township=tree.street_a, document_number="y", title="y",
                                    decided_on=D(2025, 3, 1), items=[empowered])
    # An item listed in an empowerment keeps its flag until the document is adjusted.
    empowered.empowered_to_townships = False
    with pytest.raises(ValidationError):
        services.save_item(actor=tree.officer_a, item=empowered)
    assert TownshipTeam.objects.visible_to(tree.outsider).count() == 0


def test_id_number_helper_is_valid():
    from fazhi.core.validators import validate_id_number

    validate_id_number(id_number())
