"""Import kind `normative_documents`: a register (登记簿) migrated into the platform.

The key test (test_figures_of_imported_register_equal_those_of_the_procedure) builds the same
documents twice: once through the real procedure in county A, once by importing a register that
describes them into county B; every figure of the module on NormativeDocument must agree.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.access import SYSTEM
from fazhi.core.models import AuditEvent
from fazhi.figures.registry import compute_many, figures
from fazhi.imports.registry import get_kind, get_kind_for
from fazhi.imports.services import import_file
from fazhi.imports.spreadsheets import write_template
from fazhi.procedures.services import transition
from fazhi.rulemaking import services
from fazhi.rulemaking.models import DocumentState, NormativeDocument

from .conftest import make_body

D = datetime.date
pytestmark = pytest.mark.django_db

KIND = "normative_documents"
TODAY = D(2026, 1, 15)
HEADERS = ["文件名称", "制定机关", "文号", "公布日期", "施行日期", "有效期至", "报送备案日期", "备案审查结论", "状态",
           "备案审查日期", "备案材料齐全", "纠正日期", "失效日期", "提前施行理由", "起草单位", "主题领域", "涉及市场主体",
           "统一登记号", "有效期（年）"]


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    return buffer.getvalue().encode(encoding)


def line(**cells):
    """One register row by header (missing cells empty); the defaults describe a valid document of dept_a."""
    values = {"文件名称": "东城区市场监管领域信用分级分类管理办法", "制定机关": "东城区市场监督管理局",
              "文号": "东市监规〔2025〕3号", "公布日期": D(2025, 9, 5), "施行日期": D(2025, 10, 5), "状态": "有效"}
    values.update(cells)
    return [values.get(h) for h in HEADERS]


def run(rows, actor, name="登记簿.xlsx", encoding="utf-8-sig", headers=HEADERS):
    data = xlsx(headers, rows) if name.endswith(".xlsx") else csv_bytes(headers, rows, encoding)
    return import_file(kind=get_kind(KIND), data=data, file_name=name, actor=actor)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.fixture
def fixed_today(today):
    return today(TODAY)


# ---------------------------------------------------------------- good files


def test_register_creates_documents_with_the_states_and_dates_the_procedure_records(tree, body, fixed_today):
    events = AuditEvent.objects.count()
    result = run([
        # Filed on the 30th day, moved off the 2025 National Day holiday; reviewed and conforming.
        line(报送备案日期=D(2025, 10, 9), 备案审查结论="符合", 备案审查日期=D(2025, 10, 20), 统一登记号="DCQ-2025-003",
             主题领域="市场监管", 涉及市场主体="是"),
        # Filed late, no conclusion yet; takes effect early, with the reason.
        line(文件名称="乙", 文号="东市监规〔2025〕4号", 施行日期=D(2025, 9, 10), 提前施行理由="配合专项整治行动",
             报送备案日期=D(2025, 10, 10)),
        # Not conforming, not yet corrected.
        line(文件名称="丙", 文号="东市监规〔2025〕5号", 公布日期=D(2025, 6, 2), 施行日期=D(2025, 7, 2),
             报送备案日期=D(2025, 6, 20), 备案审查结论="不符合", 备案审查日期=D(2025, 7, 1)),
        # Not conforming, corrected and filed again.
        line(文件名称="丁", 文号="东市监规〔2025〕6号", 公布日期=D(2025, 3, 3), 施行日期=D(2025, 4, 3),
             报送备案日期=D(2025, 3, 20), 备案审查结论="不符合", 备案审查日期=D(2025, 4, 1), 纠正日期=D(2025, 4, 20)),
        # Materials found incomplete, no conclusion yet.
        line(文件名称="戊", 文号="东市监规〔2025〕7号", 公布日期=D(2025, 8, 1), 施行日期=D(2025, 9, 1),
             报送备案日期=D(2025, 8, 10), 备案材料齐全="否", 备案审查日期=D(2025, 8, 15)),
        # Published, not filed; led by another unit than the issuer.
        line(文件名称="己", 文号="东市监规〔2025〕8号", 公布日期=D(2025, 10, 15), 施行日期=D(2025, 11, 15),
             起草单位="东城区司法局"),
        line(文件名称="庚", 文号="东市监规〔2025〕9号", 公布日期=D(2025, 2, 10), 施行日期=D(2025, 3, 12),
             报送备案日期=D(2025, 2, 20), 备案审查结论="符合", 状态="已废止", 失效日期=D(2025, 11, 1)),
        # Provisional: two years, lapsed the day after the last day of validity.
        line(文件名称="东城区某某暂行办法", 文号="东市监规〔2023〕1号", 公布日期=D(2023, 6, 1), 施行日期=D(2023, 7, 1),
             报送备案日期=D(2023, 6, 15), 备案审查结论="符合", 状态="已失效"),
        line(文件名称="壬", 文号="东市监规〔2024〕2号", 公布日期=D(2024, 5, 6), 施行日期=D(2024, 6, 6),
             状态="已修改", 失效日期=D(2025, 5, 6), **{"有效期（年）": 3}),
    ], tree.coordinator_a)
    assert result.ok, errors_of(result)
    assert result.rows == 9
    docs = {d.title: d for d in NormativeDocument.objects.all()}
    a = docs["东城区市场监管领域信用分级分类管理办法"]
    assert (a.state, a.registered_on, a.filing_due_on, a.filed_on) == (
        DocumentState.IN_FORCE, D(2025, 9, 5), D(2025, 10, 9), D(2025, 10, 9))
    assert (a.validity_years, a.expires_on, a.filing_conclusion, a.filing_reviewed_on, a.filing_materials_complete) == (
        5, D(2030, 10, 4), "conforming", D(2025, 10, 20), True)
    assert (a.drafting_body, a.leading_unit, a.registration_number, a.topic, a.market_related) == (
        body, tree.dept_a, "DCQ-2025-003", "市场监管", True)
    b = docs["乙"]
    assert (b.state, b.filed_on, b.filing_conclusion, b.filing_materials_complete, b.filing_reviewed_on) == (
        DocumentState.FILED, D(2025, 10, 10), "", None, None)
    assert b.early_effect_reason == "配合专项整治行动" and b.filed_on > b.filing_due_on
    c = docs["丙"]
    assert (c.state, c.nonconforming_on, c.corrected_on, c.filing_materials_complete) == (
        DocumentState.CORRECTION, D(2025, 7, 1), None, True)
    d = docs["丁"]
    assert (d.state, d.nonconforming_on, d.corrected_on, d.filing_conclusion) == (
        DocumentState.FILED, D(2025, 4, 1), D(2025, 4, 20), "not_conforming")
    e = docs["戊"]
    assert (e.state, e.filing_materials_complete, e.filing_reviewed_on, e.filing_conclusion) == (
        DocumentState.MATERIALS, False, D(2025, 8, 15), "")
    f = docs["己"]
    assert (f.state, f.filed_on, f.filing_due_on, f.leading_unit) == (
        DocumentState.PUBLISHED, None, D(2025, 11, 14), tree.justice_a)
    g = docs["庚"]
    assert (g.state, g.ended_on, g.filing_conclusion) == (DocumentState.REPEALED, D(2025, 11, 1), "conforming")
    h = docs["东城区某某暂行办法"]
    assert (h.state, h.validity_years, h.expires_on, h.ended_on) == (
        DocumentState.LAPSED, 2, D(2025, 6, 30), D(2025, 7, 1))
    i = docs["壬"]
    assert (i.state, i.validity_years, i.expires_on, i.ended_on) == (
        DocumentState.AMENDED, 3, D(2027, 6, 5), D(2025, 5, 6))
    # One audit event per document, attributed to the importer.
    assert AuditEvent.objects.count() == events + 9
    assert set(AuditEvent.objects.filter(object_type="rulemaking.normativedocument")
               .values_list("actor_label", flat=True)) == {tree.coordinator_a.username}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_and_gb18030_with_dates_written_as_text(tree, body, fixed_today, encoding):
    result = run([
        line(公布日期="2025/9/5", 施行日期="2025年10月5日", 报送备案日期="2025.10.9", 备案审查结论="符合",
             有效期至="20301004", 制定机关=tree.dept_a.credit_code),
        line(文件名称="乙", 文号="东市监规〔2025〕4号", 公布日期="2025-09-05", 施行日期="2025-10-05",
             状态="已废止", 失效日期="2025-12-01"),
    ], tree.coordinator_a, name="登记簿.csv", encoding=encoding)
    assert result.ok, errors_of(result)
    a = NormativeDocument.objects.get(document_number="东市监规〔2025〕3号")
    assert (a.published_on, a.effective_on, a.filed_on, a.expires_on, a.state) == (
        D(2025, 9, 5), D(2025, 10, 5), D(2025, 10, 9), D(2030, 10, 4), DocumentState.IN_FORCE)
    assert NormativeDocument.objects.get(title="乙").ended_on == D(2025, 12, 1)


def test_only_the_required_columns(tree, body, fixed_today):
    headers = ["文件名称", "制定机关", "文号", "公布日期", "施行日期", "状态"]
    result = run([line()[:5] + ["有效"]], tree.coordinator_a, headers=headers)
    assert result.ok, errors_of(result)
    assert NormativeDocument.objects.get().state == DocumentState.PUBLISHED


def test_template_has_every_column_and_its_example_row_imports(tree, fixed_today):
    kind = get_kind(KIND)
    workbook = load_workbook(io.BytesIO(write_template(kind)))
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert headers[:9] == ["文件名称", "制定机关", "文号", "公布日期", "施行日期", "有效期至", "报送备案日期",
                           "备案审查结论", "状态"]
    notes = [[c.value for c in row] for row in workbook["说明"].iter_rows()]
    examples = {row[0]: row[3] for row in notes if row and row[0] in headers}
    assert examples["文号"] == "示司规〔2025〕3号" and examples["状态"] == "有效"
    # The example row of the template is itself a valid row (for an issuer of that name).
    make_body(tree.city_justice)
    result = run([[examples[h] for h in headers]], tree.city_coordinator, headers=headers)
    assert result.ok, errors_of(result)
    assert NormativeDocument.objects.get().state == DocumentState.IN_FORCE


# ---------------------------------------------------------------- bad input


BAD_ROWS = {
    "unknown issuer": (dict(制定机关="东城区不存在局"), "制定机关",
                       "找不到名为“东城区不存在局”的单位，或您无权管理该单位。"),
    "issuer without drafting body": (dict(制定机关="东城区人民政府"), "制定机关",
                                     "“东城区人民政府”不是已确认的制定主体，不能制定行政规范性文件（国办发〔2018〕37号）。"),
    "bad document number": (dict(文号="东市监规2025-3"), "文号",
                            "文号格式不正确，应为“机关代字〔年份〕序号号”，如：云府规〔2025〕3号。"),
    "filing before publication": (dict(报送备案日期=D(2025, 9, 4)), "报送备案日期",
                                  "报送备案日期不得早于公布日期（法规规章备案审查条例第四条）。"),
    "early effect without reason": (dict(施行日期=D(2025, 10, 4)), "施行日期",
                                    "施行日期不得早于2025-10-05（公布之日起30日），确需提前施行的请填写提前施行理由"),
    "unknown state": (dict(状态="现行有效"), "状态", "“现行有效”不是允许的取值，应为：有效、已修改、已废止、已失效。"),
    "unknown conclusion": (dict(报送备案日期=D(2025, 10, 9), 备案审查结论="合格"), "备案审查结论",
                           "“合格”不是允许的取值，应为：符合、不符合。"),
    "bad date": (dict(公布日期="2025-13-01"), "公布日期", "“2025-13-01”不是有效日期，请写成 2025-09-05 这样的格式。"),
    "date that is no date": (dict(报送备案日期="十月"), "报送备案日期", "“十月”不是有效日期"),
    "overlong title": (dict(文件名称="关" * 201), "文件名称", "文件名称不得超过200个字。"),
    "valid but expired": (dict(公布日期=D(2020, 9, 1), 施行日期=D(2020, 10, 1)), "状态",
                          "有效期已届满（有效期至2025-09-30），状态应为“已失效”"),
    "future publication": (dict(公布日期=D(2026, 2, 1), 施行日期=D(2026, 3, 3)), "公布日期",
                           "公布日期不得晚于今天（2026-01-15）。"),
    "conclusion without filing": (dict(备案审查结论="符合"), "备案审查结论", "未填写报送备案日期的，不能填写备案审查结论。"),
    "correction without nonconformity": (dict(报送备案日期=D(2025, 10, 9), 备案审查结论="符合", 纠正日期=D(2025, 11, 1)),
                                         "纠正日期", "只有备案审查结论为“不符合”的，才填写纠正日期。"),
    "review before filing": (dict(报送备案日期=D(2025, 10, 9), 备案审查结论="符合", 备案审查日期=D(2025, 10, 1)),
                             "备案审查日期", "备案审查日期不得早于报送备案日期。"),
    "complete materials without conclusion": (dict(报送备案日期=D(2025, 10, 9), 备案材料齐全="是"), "备案材料齐全",
                                              "尚无备案审查结论的，“备案材料齐全”只能填“否”"),
    "repealed without end date": (dict(状态="已废止"), "失效日期",
                                  "状态为“已废止”的，须填写失效日期（修改、废止或失效之日）。"),
    "lapsed before expiry without date": (dict(状态="已失效"), "失效日期",
                                          "有效期至2030-10-04尚未届满：宣布失效的，须填写失效日期。"),
    "end before publication": (dict(状态="已废止", 失效日期=D(2025, 9, 1)), "失效日期", "失效日期不得早于公布日期。"),
    "valid with end date": (dict(失效日期=D(2025, 12, 1)), "失效日期", "状态为“有效”的，不能填写失效日期。"),
    "expiry before effect": (dict(有效期至=D(2025, 10, 1)), "有效期至", "有效期至不得早于施行日期（2025-10-05）。"),
    "missing title": (dict(文件名称=None), "文件名称", "“文件名称”不能为空。"),
    "bad validity years": (dict(**{"有效期（年）": "五"}), "有效期", "有效期（年）应为整数年数，如 5。"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_gives_its_chinese_message_with_row_and_column_and_changes_nothing(tree, body, fixed_today, case):
    cells, column, message = BAD_ROWS[case]
    documents, events = NormativeDocument.objects.count(), AuditEvent.objects.count()
    good = line(文件名称="前一行正确的文件", 文号="东市监规〔2025〕1号")
    result = run([good, line(**cells)], tree.coordinator_a)
    found = errors_of(result)
    assert any(row == 3 and col == column and message in text for row, col, text in found), found
    assert all(row == 3 for row, _col, _text in found), found  # the good row is fine…
    assert result.rows == 0  # …and not written either: all or nothing
    assert NormativeDocument.objects.count() == documents and AuditEvent.objects.count() == events


def test_early_effect_is_accepted_with_its_reason(tree, body, fixed_today):
    result = run([line(施行日期=D(2025, 10, 4), 提前施行理由="防汛需要")], tree.coordinator_a)
    assert result.ok, errors_of(result)


def test_unconfirmed_drafting_body(tree, body, fixed_today):
    make_body(tree.justice_a, confirmed=False)
    result = run([line(制定机关="东城区司法局")], tree.coordinator_a)
    assert errors_of(result) == [(2, "制定机关", "“东城区司法局”不是已确认的制定主体，不能制定行政规范性文件（国办发〔2018〕37号）。")]
    assert not NormativeDocument.objects.exists()


def test_duplicate_document_number_within_the_file(tree, body, fixed_today):
    result = run([line(), line(文件名称="另一件"), line(文件名称="第三件", 文号="东市监规〔2025〕4号")], tree.coordinator_a)
    assert errors_of(result) == [(3, "文号", "文号“东市监规〔2025〕3号”与第 2 行重复：同一制定机关的文号不得重复。")]
    assert not NormativeDocument.objects.exists()


def test_duplicate_document_number_against_the_database(tree, body, make_doc, fixed_today):
    make_doc(document_number="东市监规〔2025〕3号")
    result = run([line()], tree.coordinator_a)
    assert errors_of(result) == [(2, "文号", "该制定主体已使用此文号。")]
    assert NormativeDocument.objects.count() == 1
    # The same number of another drafting body is no clash.
    make_body(tree.dept_b)
    assert run([line(制定机关="西山县市场监督管理局")], tree.outsider).ok


def test_coordinator_of_another_county_cannot_import_for_county_a(tree, body, fixed_today):
    make_body(tree.dept_b)
    events = AuditEvent.objects.count()
    result = run([
        line(),  # by name
        line(文件名称="乙", 文号="东市监规〔2025〕4号", 制定机关=tree.dept_a.credit_code),  # by credit code
        line(文件名称="丙", 文号="西市监规〔2025〕1号", 制定机关="西山县市场监督管理局", 起草单位="东城区司法局"),
    ], tree.outsider)
    assert errors_of(result) == [
        (2, "制定机关", "找不到名为“东城区市场监督管理局”的单位，或您无权管理该单位。"),
        (3, "制定机关", f"找不到统一社会信用代码为“{tree.dept_a.credit_code}”的单位，或您无权管理该单位。"),
        (4, "起草单位", "找不到名为“东城区司法局”的单位，或您无权管理该单位。"),
    ]
    assert not NormativeDocument.objects.exists() and AuditEvent.objects.count() == events


def test_every_bad_row_is_reported_at_once(tree, body, fixed_today):
    result = run([
        line(),
        line(文件名称="乙", 文号="错误文号", 公布日期="昨天", 状态="作废"),
        line(文件名称="丙", 文号="东市监规〔2025〕5号", 制定机关="不存在的局"),
    ], tree.coordinator_a)
    assert sorted((row, column) for row, column, _m in errors_of(result)) == [
        (3, "公布日期"), (3, "文号"), (3, "状态"), (4, "制定机关")]
    assert not NormativeDocument.objects.exists()


def test_only_importers_may_import_documents(tree, client_as):
    assert get_kind_for(tree.coordinator_a, KIND) is not None and get_kind_for(tree.admin, KIND) is not None
    for user in (tree.leader_a, tree.officer_a, tree.reviewer_a, tree.no_role):
        assert get_kind_for(user, KIND) is None
    url = reverse("imports:template") + f"?kind={KIND}"
    assert client_as(tree.coordinator_a).get(url).status_code == 200
    assert client_as(tree.leader_a).get(url).status_code == 404


def test_upload_through_the_staff_page(tree, body, fixed_today, client_as, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.imports.models import Job, JobStatus

    settings.VAR_DIR = tmp_path  # progress files of SQLite jobs
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("imports:upload"), {"kind": KIND, "file": SimpleUploadedFile(
        "登记簿.xlsx", xlsx(HEADERS, [line(), line(文件名称="乙", 文号="东市监规〔2025〕4号", 制定机关="不存在的局")]))})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "<td class=\"num\">3</td><td>制定机关</td><td>找不到名为“不存在的局”的单位" in page
    assert not NormativeDocument.objects.exists()
    client.post(reverse("imports:upload"), {"kind": KIND, "file": SimpleUploadedFile("登记簿.xlsx", xlsx(HEADERS, [line()]))})
    assert Job.objects.order_by("-pk").first().status == JobStatus.SUCCEEDED
    assert NormativeDocument.objects.get().state == DocumentState.PUBLISHED
    # A leader cannot upload.
    leader = client_as(tree.leader_a).post(reverse("imports:upload"), {"kind": KIND, "file": SimpleUploadedFile(
        "登记簿.xlsx", xlsx(HEADERS, [line(文号="东市监规〔2025〕9号")]))})
    assert leader.status_code == 404 and NormativeDocument.objects.count() == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("imports:template") + f"?kind={KIND}")
    assert response.status_code == 302 and "login" in response["Location"]


def test_lookups_are_cached_not_repeated_per_row(tree, body, fixed_today, django_assert_max_num_queries):
    rows = [line(文件名称=f"文件{i}", 文号=f"东市监规〔2025〕{i + 1}号", 报送备案日期=D(2025, 10, 9), 备案审查结论="符合")
            for i in range(30)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert run(rows, tree.coordinator_a).ok
    issuer = [q for q in queries.captured_queries if "东城区市场监督管理局" in q["sql"]]
    # (full_clean checks each foreign key by its id: that is per row, the lookup by unit is not.)
    bodies = [q for q in queries.captured_queries
              if 'FROM "rulemaking_draftingbody"' in q["sql"] and '"unit_id" =' in q["sql"]]
    assert len(issuer) == 1 and len(bodies) == 1
    rows = [line(文件名称=f"文件{i}", 文号=f"东市监规〔2026〕{i + 1}号", 报送备案日期=D(2025, 10, 9))
            for i in range(30)]
    with django_assert_max_num_queries(30 * 20):
        assert run(rows, tree.coordinator_a).ok


# ---------------------------------------------------------------- the same figures as the procedure


@dataclass
class Spec:
    """One document: its register row and the procedure steps that produce the same history."""

    title: str
    number: str
    published: datetime.date
    effective: datetime.date
    register: dict
    steps: list = field(default_factory=list)  # (step, date) after publication
    fields: dict = field(default_factory=dict)  # extra document fields at creation
    amends: str = ""  # title of the document this one amends


SPECS = [
    # Filed on the 30th day: 5 September + 30 = 5 October, in the National Day holiday, moved to the 9th.
    Spec("市场监管领域信用分级分类管理办法", "市监规〔2025〕1号", D(2025, 9, 5), D(2025, 10, 5),
         dict(有效期至=D(2030, 10, 4), 报送备案日期=D(2025, 10, 9), 备案审查结论="符合", 备案审查日期=D(2025, 10, 20),
              状态="有效"),
         [("file", D(2025, 10, 9)), ("conform", D(2025, 10, 20))]),
    # Filed one day late, not yet reviewed; early effect with a reason.
    Spec("食品摊贩登记管理办法", "市监规〔2025〕2号", D(2025, 9, 5), D(2025, 9, 10),
         dict(报送备案日期=D(2025, 10, 10), 状态="有效", 提前施行理由="配合专项整治行动"),
         [("file", D(2025, 10, 10))], fields={"early_effect_reason": "配合专项整治行动"}),
    Spec("广告牌匾设置管理规定", "市监规〔2025〕3号", D(2025, 6, 2), D(2025, 7, 2),
         dict(报送备案日期=D(2025, 6, 20), 备案审查结论="不符合", 备案审查日期=D(2025, 7, 1), 状态="有效"),
         [("file", D(2025, 6, 20)), ("not_conform", D(2025, 7, 1))]),
    Spec("小微企业名录管理办法", "市监规〔2025〕4号", D(2025, 3, 3), D(2025, 4, 3),
         dict(报送备案日期=D(2025, 3, 20), 备案审查结论="不符合", 备案审查日期=D(2025, 4, 1), 纠正日期=D(2025, 4, 20),
              状态="有效"),
         [("file", D(2025, 3, 20)), ("not_conform", D(2025, 4, 1)), ("refile", D(2025, 4, 20))]),
    Spec("计量器具强制检定管理办法", "市监规〔2025〕5号", D(2025, 8, 1), D(2025, 9, 1),
         dict(报送备案日期=D(2025, 8, 10), 备案审查结论="符合", 备案审查日期=D(2025, 8, 25), 备案材料齐全="否", 状态="有效"),
         [("file", D(2025, 8, 10)), ("request_materials", D(2025, 8, 15)), ("supplement", D(2025, 8, 20)),
          ("conform", D(2025, 8, 25))]),
    Spec("个体工商户扶持办法", "市监规〔2025〕6号", D(2025, 10, 15), D(2025, 11, 15),
         dict(状态="有效", 涉及市场主体="是"), fields={"market_related": True}),
    Spec("农贸市场管理办法", "市监规〔2025〕7号", D(2025, 2, 10), D(2025, 3, 12),
         dict(报送备案日期=D(2025, 2, 20), 备案审查结论="符合", 备案审查日期=D(2025, 3, 1), 状态="已废止",
              失效日期=D(2025, 11, 1)),
         [("file", D(2025, 2, 20)), ("conform", D(2025, 3, 1)), ("repeal", D(2025, 11, 1))]),
    Spec("电动自行车销售管理暂行办法", "市监规〔2023〕1号", D(2023, 6, 1), D(2023, 7, 1),
         dict(报送备案日期=D(2023, 6, 15), 备案审查结论="符合", 备案审查日期=D(2023, 6, 20), 状态="已失效"),
         [("file", D(2023, 6, 15)), ("conform", D(2023, 6, 20)), ("lapse", D(2025, 7, 1))]),
    Spec("价格监督检查办法", "市监规〔2024〕1号", D(2024, 5, 6), D(2024, 6, 6),
         dict(报送备案日期=D(2024, 5, 20), 备案审查结论="符合", 备案审查日期=D(2024, 6, 1), 状态="已修改",
              失效日期=D(2025, 5, 6), **{"有效期（年）": 3}),
         [("file", D(2024, 5, 20)), ("conform", D(2024, 6, 1))], fields={"validity_years": 3}),
    # Amends the previous one (which the procedure supersedes on this one's publication); filed late.
    Spec("价格监督检查办法（2025年修订）", "市监规〔2025〕8号", D(2025, 5, 6), D(2025, 6, 6),
         dict(报送备案日期=D(2025, 6, 10), 备案材料齐全="否", 备案审查日期=D(2025, 6, 15), 状态="有效"),
         [("file", D(2025, 6, 10)), ("request_materials", D(2025, 6, 15))], amends="价格监督检查办法"),
    Spec("网络交易监督管理办法", "市监规〔2024〕2号", D(2024, 2, 1), D(2024, 3, 5),
         dict(报送备案日期=D(2024, 2, 5), 备案审查结论="符合", 备案审查日期=D(2024, 2, 10), 状态="已失效",
              失效日期=D(2025, 12, 1)),
         [("file", D(2024, 2, 5)), ("conform", D(2024, 2, 10)), ("declare_lapsed", D(2025, 12, 1))]),
    # Expires within six months of today.
    Spec("特种设备安全监察办法", "市监规〔2021〕1号", D(2021, 3, 1), D(2021, 4, 1),
         dict(报送备案日期=D(2021, 3, 10), 备案审查结论="符合", 备案审查日期=D(2021, 3, 15), 状态="有效"),
         [("file", D(2021, 3, 10)), ("conform", D(2021, 3, 15))]),
]

REVIEWER_STEPS = {"conform", "not_conform", "request_materials"}
COMMENTED_STEPS = {"not_conform", "request_materials", "repeal", "declare_lapsed"}


def through_procedure(tree, make_doc, attach, spec, done):
    """The document of `spec` taken through every step of the procedure in county A, with dated steps."""
    officer, reviewer = tree.officer_a, tree.reviewer_a
    doc = make_doc(title=spec.title, document_number=spec.number, registration_number=f"R-{spec.number}",
                   amends=done.get(spec.amends), **spec.fields)

    def step(name, on=None, actor=officer):
        data = {"on": on.isoformat()} if on else None
        transition(actor=actor, record=doc, name=name, data=data,
                   comment="理由：见审查意见" if name in COMMENTED_STEPS else "")
        doc.refresh_from_db()

    published = spec.published
    step("open_comment", published - datetime.timedelta(days=70))
    step("close_comment", published - datetime.timedelta(days=30))
    services.record_review(actor=reviewer, document=doc, outcome="pass", reviewed_on=published - datetime.timedelta(days=20),
                           fair_competition_checked=doc.market_related)
    step("to_deliberation")
    services.record_deliberation(actor=officer, document=doc, meeting="常务会议",
                                 held_on=published - datetime.timedelta(days=10), outcome="adopted")
    step("register", published)
    doc.published_on, doc.effective_on = published, spec.effective
    services.save_document(actor=officer, document=doc)
    step("publish")
    attach(officer, doc)
    for name, on in spec.steps:
        actor = SYSTEM if name == "lapse" else reviewer if name in REVIEWER_STEPS else officer
        step(name, on, actor)
    done[spec.title] = doc
    return doc


COMPARED_FIELDS = ["state", "published_on", "effective_on", "early_effect_reason", "registered_on", "validity_years",
                   "expires_on", "filing_due_on", "filed_on", "filing_materials_complete", "filing_conclusion",
                   "filing_reviewed_on", "nonconforming_on", "corrected_on", "ended_on", "market_related",
                   "document_number"]


def document_figure_keys():
    return [f.key for f in figures(prefix="rulemaking.") if f.model_label == "rulemaking.NormativeDocument"]


def test_figures_of_imported_register_equal_those_of_the_procedure(tree, body, fixed_today, make_doc, attach):
    done: dict = {}
    for spec in SPECS:
        through_procedure(tree, make_doc, attach, spec, done)
    make_body(tree.dept_b)
    result = run([line(文件名称=spec.title, 制定机关="西山县市场监督管理局", 文号=spec.number, 公布日期=spec.published,
                       施行日期=spec.effective, 统一登记号=f"R-{spec.number}", **spec.register) for spec in SPECS],
                 tree.outsider)
    assert result.ok, errors_of(result)

    # The import records the same history as the procedure, field by field.
    by_title = {region: {d.title: d for d in NormativeDocument.objects.filter(leading_unit__region=region)}
                for region in (tree.county_a, tree.county_b)}
    assert set(by_title[tree.county_a]) == set(by_title[tree.county_b]) == {s.title for s in SPECS}
    for title, procedural in by_title[tree.county_a].items():
        imported = by_title[tree.county_b][title]
        assert ({f: getattr(imported, f) for f in COMPARED_FIELDS}
                == {f: getattr(procedural, f) for f in COMPARED_FIELDS}), title

    keys = document_figure_keys()
    # The figures this test was written against (more may be registered: all of them are compared).
    assert {"rulemaking.documents.published", "rulemaking.documents.filed", "rulemaking.filing.rate",
            "rulemaking.filing.on_time_rate", "rulemaking.filing.conformity_rate", "rulemaking.publication.rate",
            "rulemaking.filing.nonconforming", "rulemaking.filing.correction_rate", "rulemaking.documents.valid",
            "rulemaking.documents.expiring", "rulemaking.documents.repealed", "rulemaking.documents.lapsed",
            "rulemaking.documents.amended"} <= set(keys)
    periods = [(None, None), (D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 10, 1), D(2025, 12, 31)),
               (D(2024, 1, 1), D(2024, 12, 31)), (D(2023, 1, 1), D(2023, 12, 31)), (D(2021, 1, 1), D(2021, 12, 31))]

    def numbers(values):
        return {v.key: (v.value, v.numerator, v.denominator, v.reason) for v in values}

    for start, end in periods:
        procedural = numbers(compute_many(keys, user=tree.admin, region=tree.county_a, start=start, end=end))
        imported = numbers(compute_many(keys, user=tree.admin, region=tree.county_b, start=start, end=end))
        assert imported == procedural, (start, end)
        # Each county's own coordinator sees the same figures as well.
        assert numbers(compute_many(keys, user=tree.outsider, start=start, end=end)) == numbers(
            compute_many(keys, user=tree.coordinator_a, start=start, end=end)), (start, end)

    # Not vacuous: the 2025 rates of both counties.
    in_2025 = numbers(compute_many(keys, user=tree.admin, region=tree.county_b, start=D(2025, 1, 1),
                                   end=D(2025, 12, 31)))
    assert in_2025["rulemaking.filing.on_time_rate"][1:3] == (5, 7)  # 食品摊贩 and the 2025 revision are late
    assert in_2025["rulemaking.filing.rate"][1:3] == (7, 8)
    assert in_2025["rulemaking.filing.conformity_rate"][1:3] == (4, 6)
    assert in_2025["rulemaking.filing.correction_rate"][1:3] == (1, 2)
    assert in_2025["rulemaking.documents.valid"][0] == 8
    assert in_2025["rulemaking.documents.expiring"][0] == 1
