"""The pure draw: deterministic, documented, independent of Django models."""

import hashlib
import hmac
import json

import pytest

from fazhi.randominspections import draw

INPUTS = {
    "entity_groups": [{"key": "high", "ratio_bp": 5000, "entities": ["A1", "A2", "A3", "A4"]},
                      {"key": "low", "ratio_bp": 1000, "entities": [f"L{i:02d}" for i in range(15)]}],
    "inspectors": ["C1", "C2", "C3"],
    "inspectors_per_entity": 2,
    "exclusions": [["C1", "A1"]],
}


def test_counts_ceil_without_floats():
    assert draw.group_size(15, 1000) == 2  # 1.5 → 2
    assert draw.group_size(4, 5000) == 2
    assert draw.group_size(0, 10000) == 0
    assert draw.group_size(3, 1) == 1


def test_deterministic_and_seed_dependent():
    first = draw.draw(INPUTS, "seed-1")
    assert first == draw.draw(INPUTS, "seed-1")
    assert [p["group"] for p in first] == ["high", "high", "low", "low"]
    assert any(draw.draw(INPUTS, f"seed-{i}") != first for i in range(2, 6))


def test_documented_construction_reimplemented():
    """A third party following the module description gets the same picks."""
    seed = "abc"
    message = json.dumps(INPUTS, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def score(*parts):
        return hmac.new(seed.encode(), message + b"\x00" + b"\x00".join(p.encode() for p in parts),
                        hashlib.sha256).hexdigest()

    high = sorted(INPUTS["entity_groups"][0]["entities"], key=lambda c: score("entity", c))[:2]
    picks = draw.draw(INPUTS, seed)
    assert [p["entity"] for p in picks[:2]] == high
    code = picks[0]["entity"]
    eligible = [c for c in INPUTS["inspectors"] if [c, code] not in INPUTS["exclusions"]]
    assert picks[0]["inspectors"] == sorted(eligible, key=lambda c: score("inspector", code, c))[:2]


def test_exclusions_respected():
    for i in range(30):
        for pick in draw.draw(INPUTS, f"s{i}"):
            if pick["entity"] == "A1":
                assert pick["inspectors"] == ["C2", "C3"] or pick["inspectors"] == ["C3", "C2"]
            assert len(set(pick["inspectors"])) == 2


def test_too_few_inspectors_after_exclusions():
    inputs = {**INPUTS, "entity_groups": [{"key": "high", "ratio_bp": 10000, "entities": ["A1"]}],
              "exclusions": [["C1", "A1"], ["C2", "A1"]]}
    with pytest.raises(draw.DrawError, match="排除回避关系后符合条件的只有1名"):
        draw.draw(inputs, "x")


def test_more_inspectors_than_qualify():
    with pytest.raises(draw.DrawError, match="须抽取4名检查人员，但符合条件（执法证有效）的检查人员只有3名"):
        draw.check_inputs({**INPUTS, "inspectors_per_entity": 4})


def test_verify_agrees_and_detects_tampering():
    seed = "s3"
    inputs = {**INPUTS, "exclusions": []}
    picks = draw.draw(inputs, seed)
    hashes = draw.commitment(inputs, seed)
    assert draw.verify(inputs, seed, picks=picks, **hashes) == []
    tampered = json.loads(json.dumps(picks))
    tampered[0]["inspectors"].reverse()
    assert "重算结果与公布的抽取结果不一致（1处不同）。" in draw.verify(inputs, seed, picks=tampered, **hashes)
    assert "公开的种子与抽取前公布的种子哈希不一致。" in draw.verify(inputs, "other", picks=picks, **hashes)
    changed = {**inputs, "inspectors": ["C1", "C2", "C9"]}
    assert "公开的抽取输入与抽取前公布的输入哈希不一致。" in draw.verify(changed, seed, picks=picks, **hashes)


def test_draw_module_needs_no_models():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(draw))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) for a in n.names}
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    # Only the standard library (and Django's gettext, optional): no models, no fazhi.
    assert not any(m and (m.startswith("fazhi") or m.startswith("django.db")) for m in modules | names)
    assert {m for m in modules if m and m.startswith("django")} <= {"django.utils.translation", "django.core.exceptions"}


def test_runs_standalone(tmp_path):
    """A third party runs the file alone (no Django settings) and gets the same picks."""
    import subprocess
    import sys

    script = (f"import importlib.util, json; spec = importlib.util.spec_from_file_location('d', {draw.__file__!r}); "
              f"m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
              f"print(json.dumps(m.draw(json.loads({json.dumps(json.dumps(INPUTS))}), 'seed-1')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"}, cwd=tmp_path).stdout
    assert json.loads(out) == draw.draw(INPUTS, "seed-1")
