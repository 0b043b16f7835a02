"""Declarations, registry and permission predicates."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from fazhi.core.access import SYSTEM, Role
from fazhi.core.models import RoleAssignment, Unit
from fazhi.procedures import engine
from fazhi.procedures.engine import (
    Gate,
    Limit,
    Procedure,
    State,
    Transition,
    can_change,
    check_declarations,
    get_procedure,
    has_role,
    register,
    unregister,
)
from fazhi.procedures.tests.testapp.procedures import WidgetProcedure


def test_registry_finds_the_declared_procedure(procedure, make_widget):
    widget = make_widget()
    assert isinstance(get_procedure(widget), WidgetProcedure)
    assert get_procedure(type(widget)) is procedure
    assert procedure in engine.all_procedures()
    assert engine.declared_limits()["widget.review"].n == 5
    with pytest.raises(LookupError):
        get_procedure(Unit)
    assert procedure.state_label("review") == "审核中"
    assert [t.key for t in procedure.transitions_from("review")] == ["return", "approve"]


def test_declarations_are_normalised():
    t = Transition("go", "前进", source="a", target="b", required_fields=["title"], start=["x"], stop="x")
    assert t.source == ("a",) and t.stop == ("x",)
    assert t.required_fields[0].field == "title" and t.start[0].key == "x"
    assert t.permission is can_change


@pytest.mark.parametrize("attrs, problem", [
    ({"initial": "nowhere"}, "initial state"),
    ({"transitions": [Transition("go", "前进", source="a", target="zz")]}, "undeclared state 'zz'"),
    ({"transitions": [Transition("go", "前进", source="a", target="b", start=["nolimit"])]}, "undeclared limit"),
    ({"transitions": [Transition("go", "前进", source="a", target="b", required_attachments=["nokind"])]},
     "undeclared attachment kind"),
    ({"transitions": [Transition("go", "前进", target="b")]}, "no source state"),
])
def test_inconsistent_declarations_are_refused_at_start_up(attrs, problem):
    base = {"model": "procedures_testapp.Other", "states": [State("a", "甲"), State("b", "乙")], "initial": "a"}
    cls = type("Broken", (Procedure,), {**base, **attrs})
    with pytest.raises(ImproperlyConfigured, match=problem):
        register(cls)


def test_limit_keys_are_unique_across_procedures():
    cls = type("Clash", (Procedure,), {
        "model": "procedures_testapp.Other", "states": [State("a", "甲")], "initial": "a",
        "limits": [Limit("widget.review", "另一个期限", n=9, unit="calendar_day", basis="别的规则")]})
    with pytest.raises(ImproperlyConfigured, match="widget.review"):
        register(cls)
    assert engine.declared_limits()["widget.review"].n == 5


def test_limit_unit_is_checked_at_declaration():
    with pytest.raises(ValueError):
        Limit("x", "期限", n=5, unit="fortnight", basis="规则")


def test_system_check_reports_unknown_fields(db):
    assert check_declarations() == []
    cls = type("BadFields", (Procedure,), {
        "model": "core.Unit", "states": [State("a", "甲"), State("b", "乙")], "initial": "a",
        "transitions": [Transition("go", "前进", source="a", target="b", required_fields=["nonexistent"])]})
    register(cls)
    try:
        ids = {e.id for e in check_declarations()}
    finally:
        unregister(cls)
    assert {"procedures.E002", "procedures.E004"} <= ids


def test_has_role_needs_the_role_and_change_access(tree, make_widget):
    widget = make_widget()
    officer_only = has_role(Role.LEGAL_OFFICER)
    assert officer_only(tree.officer_a, widget)
    assert not officer_only(tree.officer_b, widget)  # right role, other county
    assert not officer_only(tree.enforcer_a, widget)  # sees and may change it, wrong role
    assert not officer_only(tree.coordinator_a, widget)
    assert officer_only(tree.admin, widget) and officer_only(SYSTEM, widget)
    assert can_change(tree.coordinator_a, widget) and not can_change(tree.leader_a, widget)
    assert "部门法制员" in officer_only.describe()


def test_has_role_only_counts_grants_of_that_role(tree, make_widget):
    """A legal officer of county B who coordinates county A may not take a legal officer's step in A."""
    widget = make_widget()
    RoleAssignment.objects.create(user=tree.officer_b, role=Role.COORDINATOR, unit=tree.justice_a)
    tree.officer_b._fazhi_grants = None
    assert can_change(tree.officer_b, widget)
    assert not has_role(Role.LEGAL_OFFICER)(tree.officer_b, widget)
    assert has_role(Role.COORDINATOR)(tree.officer_b, widget)


def test_combinators(tree, make_widget):
    widget = make_widget()
    either = has_role(Role.REVIEWER) | has_role(Role.LEGAL_OFFICER)
    both = has_role(Role.REVIEWER) & has_role(Role.LEGAL_OFFICER)
    assert either(tree.officer_a, widget) and either(tree.reviewer_a, widget)
    assert not both(tree.officer_a, widget)


def test_gate_message_is_kept_verbatim():
    gate = Gate(lambda rec: False, "缺少合法性审核意见（重大行政决策程序暂行条例第二十五条）")
    assert gate.message.endswith("第二十五条）")
