"""Import kind `enforcement_cases`; the key test builds the same cases twice — through the procedure
in county A and by importing a ledger that describes them into county B — and compares every figure."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from openpyxl import Workbook

from fazhi.cases import services
from fazhi.cases.models import EnforcementCase
from fazhi.cases.tests.conftest import CREDIT, D, id_number
from fazhi.core.validators import make_credit_code
from fazhi.figures.registry import compute_many, figures
from fazhi.imports.registry import get_kind
from fazhi.imports.services import import_file

pytestmark = pytest.mark.django_db
KIND = "enforcement_cases"
HEADERS = [c.header for c in get_kind(KIND).columns]
CREDIT_B = make_credit_code("990103", 78)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(rows, actor):
    return import_file(kind=get_kind(KIND), data=xlsx(rows), file_name="台账.xlsx", actor=actor)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.fixture
def officers_b(tree, body_b):
    from fazhi.enforcement import services as enforcement

    return [enforcement.create_officer(actor=tree.outsider, name=name, id_number=id_number(seq=str(600 + n)),
                                       body=body_b, certificate_number=f"99010300{n:04d}", field="market",
                                       issued_on=D(2021, 1, 1), expires_on=D(2026, 12, 31),
                                       legal_qualification=n == 3)
            for n, name in enumerate(["赵西山", "钱西山", "孙西山", "李审核"], start=1)]


def row(**cells):
    values = {"案件编号": "西市监罚〔2025〕1号", "执法主体": "西山县市场监督管理局", "案由": "无证经营",
              "立案日期": D(2025, 11, 3), "承办人员执法证号": "990103000001、990103000002", "当事人": "西山某公司",
              "统一社会信用代码": CREDIT_B}
    values.update(cells)
    return values


class TestBadInput:
    def test_unknown_body(self, tree, body_b, officers_b):
        result = run([row(执法主体="不存在的局")], tree.outsider)
        assert errors_of(result) == [(2, "执法主体", "找不到执法主体“不存在的局”：请填写已登记执法主体的单位全称或统一社会信用代码，"
                                                   "且须是您可办理案件的主体。")]
        assert not EnforcementCase.objects.exists()

    def test_other_county_body_is_unknown(self, tree, body_a, body_b, officers_b):
        result = run([row(执法主体="东城区市场监督管理局")], tree.outsider)
        assert [e[1] for e in errors_of(result)] == ["执法主体"]

    def test_decision_before_registration_and_nothing_saved(self, tree, body_b, officers_b):
        result = run([row(), row(案件编号="西2", 决定日期=D(2025, 11, 1), 处理结果="给予行政处罚", 罚款金额=100)],
                     tree.outsider)
        assert errors_of(result) == [(3, "决定日期", "决定日期（2025-11-01）不得早于立案日期（2025-11-03）。")]
        assert not EnforcementCase.objects.exists()

    def test_expired_officer(self, tree, body_b, officers_b):
        from fazhi.enforcement.models import EnforcementOfficer

        EnforcementOfficer.objects.filter(pk=officers_b[1].pk).update(expires_on=D(2025, 6, 30))
        result = run([row()], tree.outsider)
        (line, column, message), = errors_of(result)
        assert (line, column) == (2, "承办人员执法证号") and "钱西山" in message and "没有有效执法证" in message
        assert not EnforcementCase.objects.exists()

    def test_fine_above_benchmark_without_reason_is_refused_on_the_form(self, tree, client_as, body_a, officers,
                                                                         item):
        bench = services.create_benchmark(actor=tree.officer_a, item=item, circumstance="一般", min_fine=1000,
                                          max_fine=5000, citation="东城区裁量基准第3项", valid_from=D(2025, 1, 1))
        data = {"body": body_a.pk, "number": "N-1", "item": item.pk, "act_type": "penalty",
                "officer_choices": [o.pk for o in officers], "party_kind": "organisation", "party_name": "某公司",
                "party_credit_code": CREDIT, "cause": "无证经营", "registered_on": "2025-11-03",
                "benchmark": bench.pk, "fine_amount": "8000"}
        response = client_as(tree.officer_a).post("/cases/new/", data)
        assert "超出裁量基准的幅度（1000–5000元，东城区裁量基准第3项）" in response.content.decode()
        assert not EnforcementCase.objects.exists()

    def test_template_example_row_imports(self, tree, body_b, officers_b):
        example = {c.header: c.example for c in get_kind(KIND).columns}
        example.update({"执法主体": "西山县市场监督管理局", "承办人员执法证号": "990103000001、990103000002",
                        "统一社会信用代码": CREDIT_B})
        result = run([example], tree.outsider)
        assert result.ok, errors_of(result)
        assert EnforcementCase.objects.get().state == "closed"


def test_each_act_type_gets_its_publicity_limit(tree, body_b, officers_b):
    """国办发〔2018〕118号: licence (and penalty) decisions 7 working days, other decisions 20."""
    result = run([
        row(案件编号="许1", 行为类别="行政许可", 决定日期=D(2025, 11, 10), 处理结果="准予行政许可"),
        row(案件编号="检1", 行为类别="行政检查", 检查日期=D(2025, 11, 7), 决定日期=D(2025, 11, 10),
            处理结果="未发现违法问题"),
        row(案件编号="强1", 行为类别="行政强制", 强制措施种类="扣押财物", 批准日期=D(2025, 11, 3),
            实施强制措施日期=D(2025, 11, 4), 决定日期=D(2025, 11, 10), 处理结果="解除强制措施"),
    ], tree.outsider)
    assert result.ok, errors_of(result)
    cases = {c.number: c for c in EnforcementCase.objects.all()}
    assert cases["许1"].publicity_due_on == D(2025, 11, 19)  # 7 working days after 10 November
    assert cases["检1"].publicity_due_on == D(2025, 12, 8)  # 20 working days
    assert cases["强1"].publicity_due_on == D(2025, 12, 8)
    assert (cases["许1"].state, cases["检1"].state, cases["强1"].state) == (
        "licence_decided", "inspection_concluded", "coercion_decided")
    # The limit to decide: a licence 20 working days from acceptance, a seizure 30 days from imposition.
    assert cases["许1"].decision_due_on == D(2025, 12, 1)
    assert cases["强1"].decision_due_on == D(2025, 12, 4)
    assert cases["检1"].decision_due_on is None


def test_outcome_must_fit_the_act_type(tree, body_b, officers_b):
    result = run([row(行为类别="行政许可", 决定日期=D(2025, 11, 10), 处理结果="给予行政处罚", 罚款金额=0)], tree.outsider)
    assert errors_of(result) == [(2, "处理结果", "处理结果“给予行政处罚”不适用于行政许可（可选：准予行政许可、不予行政许可）。")]
    assert not EnforcementCase.objects.exists()


# ---------------------------------------------------------------- the same figures as the procedure


@dataclass
class Spec:
    number: str
    registered: datetime.date
    steps: list  # (step, date)
    fields: dict = field(default_factory=dict)
    extension: int = 0
    audio_video: bool = False


SPECS = [
    Spec("1", D(2025, 3, 3), [("investigate", D(2025, 3, 4)), ("notify", D(2025, 3, 20)), ("decide", D(2025, 3, 31)),
                              ("serve", D(2025, 4, 1)), ("publish", D(2025, 4, 3)), ("execute", D(2025, 4, 20)),
                              ("close", D(2025, 4, 25))],
         {"outcome": "penalty", "fine_amount": Decimal("20000")}),
    # Major, hearing, legal review, collective discussion; published late (more than 7 working days).
    Spec("2", D(2025, 5, 6), [("investigate", D(2025, 5, 7)), ("notify", D(2025, 6, 2)),
                              ("request_hearing", D(2025, 6, 4)), ("hold_hearing", D(2025, 6, 16)),
                              ("submit_review", D(2025, 6, 17)), ("pass_review", D(2025, 6, 20)),
                              ("discuss", D(2025, 6, 24)), ("decide", D(2025, 6, 25)), ("serve", D(2025, 6, 26)),
                              ("publish", D(2025, 7, 15))],
         {"outcome": "penalty", "fine_amount": Decimal("300000"), "major": True, "hearing_right": True,
          "other_penalties": "责令停产停业"}),
    # Decided after 90 days, within a recorded extension of 30 days.
    Spec("3", D(2025, 6, 2), [("investigate", D(2025, 6, 3)), ("notify", D(2025, 9, 1)), ("decide", D(2025, 9, 15)),
                              ("serve", D(2025, 9, 16)), ("publish", D(2025, 9, 17))],
         {"outcome": "penalty", "fine_amount": Decimal("5000")}, extension=30),
    # Seizure recorded on video; first minor offence not penalised (no publicity due).
    Spec("4", D(2025, 8, 1), [("investigate", D(2025, 8, 1)), ("notify", D(2025, 8, 11)), ("decide", D(2025, 8, 18)),
                              ("serve", D(2025, 8, 19)), ("close", D(2025, 8, 20))],
         {"outcome": "no_penalty", "recorded_acts": ",seizure,"}, audio_video=True),
    # Major, still open.
    Spec("5", D(2025, 11, 3), [("investigate", D(2025, 11, 4))], {"major": True}),
    # Published, then revoked and withdrawn.
    Spec("6", D(2025, 2, 3), [("investigate", D(2025, 2, 4)), ("notify", D(2025, 2, 17)), ("decide", D(2025, 2, 24)),
                              ("serve", D(2025, 2, 25)), ("publish", D(2025, 2, 26)),
                              ("revoke", D(2025, 4, 1)), ("withdraw_publication", D(2025, 4, 2))],
         {"outcome": "penalty", "fine_amount": Decimal("1000")}),
    # Needs audio-video (on-site), none recorded: registered and investigating only.
    Spec("7", D(2025, 10, 9), [("investigate", D(2025, 10, 10))], {"recorded_acts": ",on_site,"}),
]
NEEDS = {"notify": ["evidence", "notice"], "hold_hearing": ["hearing_record"], "pass_review": ["review_opinion"],
         "decide": ["decision"]}
COLUMN_OF = {"notify": "告知日期", "hold_hearing": "听证日期", "pass_review": "法制审核日期", "discuss": "集体讨论日期",
             "decide": "决定日期", "serve": "送达日期", "publish": "公示日期", "execute": "执行日期", "close": "结案日期",
             "withdraw_publication": "撤下公示日期"}
LABELS = {"penalty": "给予行政处罚", "no_penalty": "不予行政处罚", ",seizure,": "查封扣押（全程不间断记录）",
          ",on_site,": "现场执法"}


def through_procedure(tree, make_case, attach, step, reviewer, spec):
    case = make_case(number=f"东{spec.number}", registered_on=spec.registered, reviewer=reviewer,
                     **{"fine_amount": None, **spec.fields})
    if spec.extension:
        services.extend_decision_limit(actor=tree.officer_a, case=case, days=spec.extension, basis="负责人批准延长")
    if spec.audio_video:
        attach(case, "audio_video")
    for name, on in spec.steps:
        actor = tree.reviewer_a if name == "pass_review" else tree.officer_a
        attach(case, *NEEDS.get(name, []), actor=actor)
        step(case, name, on=on, actor=actor, comment="依法撤销" if name == "revoke" else "")
    return case


def ledger_row(spec):
    f = spec.fields
    cells = {"案件编号": f"西{spec.number}", "立案日期": spec.registered, "是否重大": "是" if f.get("major") else "否",
             "罚款金额": f.get("fine_amount"), "处理结果": LABELS.get(f.get("outcome"), ""),
             "告知听证权利": "是" if f.get("hearing_right") else "否", "其他处罚种类": f.get("other_penalties", ""),
             "须音像记录的环节": LABELS.get(f.get("recorded_acts"), ""), "有音像记录": "是" if spec.audio_video else "否",
             "延长天数": spec.extension or None, "延长依据": "负责人批准延长" if spec.extension else ""}
    for name, on in spec.steps:
        if name in COLUMN_OF:
            cells[COLUMN_OF[name]] = on
        if name == "pass_review":
            cells["法制审核结论"] = "通过"
    return row(**cells)


COMPARED = ["state", "registered_on", "notified_on", "hearing_held_on", "reviewed_on", "review_conclusion",
            "discussed_on", "decided_on", "decision_due_on", "served_on", "published_on", "publicity_due_on",
            "publication_withdrawn_on", "executed_on", "closed_on", "major", "outcome", "fine_amount",
            "recorded_acts", "audio_video_recorded", "extension_days"]


def test_figures_of_imported_ledger_equal_those_of_the_procedure(tree, make_case, attach, step, reviewer, body_b,
                                                                  officers_b):
    for spec in SPECS:
        through_procedure(tree, make_case, attach, step, reviewer, spec)
    result = run([ledger_row(spec) for spec in SPECS], tree.outsider)
    assert result.ok, errors_of(result)

    a = {c.number[1:]: c for c in EnforcementCase.objects.filter(body__unit=tree.dept_a)}
    b = {c.number[1:]: c for c in EnforcementCase.objects.filter(body__unit=tree.dept_b)}
    assert set(a) == set(b) == {s.number for s in SPECS}
    for number, procedural in a.items():
        assert {f: getattr(b[number], f) for f in COMPARED} == {f: getattr(procedural, f) for f in COMPARED}, number

    keys = [f.key for f in figures(prefix="cases.")]
    assert {"cases.registered", "cases.decided", "cases.penalties", "cases.fines", "cases.legal_review_rate",
            "cases.audio_video_rate", "cases.publicity_on_time_rate", "cases.hearings_held",
            "cases.decided_in_time_rate"} <= set(keys)

    def numbers(values):
        return {v.key: (v.value, v.numerator, v.denominator, v.reason) for v in values}

    for start, end in [(None, None), (D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 4, 1), D(2025, 6, 30)),
                       (D(2025, 7, 1), D(2025, 9, 30))]:
        procedural = numbers(compute_many(keys, user=tree.admin, region=tree.county_a, start=start, end=end))
        imported = numbers(compute_many(keys, user=tree.admin, region=tree.county_b, start=start, end=end))
        assert imported == procedural, (start, end)

    year = numbers(compute_many(keys, user=tree.admin, region=tree.county_b, start=D(2025, 1, 1), end=D(2025, 12, 31)))
    assert year["cases.registered"][0] == 7
    assert year["cases.decided"][0] == 5
    assert year["cases.fines"][0] == Decimal("326000")
    assert year["cases.legal_review_rate"][1:3] == (1, 1)
    assert year["cases.audio_video_rate"][1:3] == (1, 2)
    assert year["cases.publicity_on_time_rate"][1:3] == (3, 4)  # case 2 published late
    assert year["cases.hearings_held"][0] == 1
    assert year["cases.decided_in_time_rate"][1:3] == (5, 5)
