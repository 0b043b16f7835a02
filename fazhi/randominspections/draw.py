"""The verifiable random draw (双随机抽取), independent of Django so that other samplings can reuse it.

Anyone can re-implement it from this description and recompute a published draw.

Inputs (published before the draw, with the SHA-256 of the seed):

    {"entity_groups": [{"key": "high", "ratio_bp": 1000, "entities": ["<credit code>", ...]}, ...],
     "inspectors": ["<certificate number>", ...],
     "inspectors_per_entity": 2,
     "exclusions": [["<certificate number>", "<credit code>"], ...]}

`ratio_bp` is the sampling ratio in hundredths of a percent (1000 = 10%). Lists are sorted.

1. canonical = JSON of the inputs with sorted keys, no spaces (separators "," and ":"), non-ASCII
   characters kept as UTF-8 (`json.dumps(inputs, sort_keys=True, ensure_ascii=False,
   separators=(",", ":")).encode("utf-8")`).
2. score(parts) = HMAC-SHA256(key = seed as UTF-8, message = canonical + 0x00 + the parts joined by
   0x00, each part UTF-8), as 64 lowercase hex digits.
3. For each group in the given order: n = ceil(len(entities) × ratio_bp / 10000); the entities are
   ranked by score("entity", credit code) ascending and the first n are drawn.
4. For each drawn entity (groups in order, within a group by rank): its eligible inspectors are the
   inspectors without an exclusion pair with that entity, ranked by
   score("inspector", credit code, certificate number) ascending; the first
   `inspectors_per_entity` are drawn, listed in rank order.

Output: [{"entity": credit code, "group": key, "inspectors": [certificate numbers]}, ...].

The commitment: before the draw, SHA-256(seed as UTF-8) and SHA-256(canonical) are published with the
time; after the draw the seed is revealed. Whoever holds the published inputs and the seed recomputes
the picks with `draw()` and checks both hashes with `commitment()`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

try:  # Messages are translated inside the platform; the module itself needs only the standard library.
    from django.core.exceptions import ImproperlyConfigured
    from django.utils.translation import gettext as _gettext
except ImportError:  # pragma: no cover - a third party running draw.py on its own
    _gettext = None


def _(message: str) -> str:
    if _gettext is None:
        return message
    try:
        return _gettext(message)
    except ImproperlyConfigured:  # Django installed but not set up: a standalone run
        return message


class DrawError(ValueError):
    """The inputs do not allow the draw (a Chinese message saying why)."""


def canonical(inputs: dict[str, Any]) -> bytes:
    return json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def commitment(inputs: dict[str, Any], seed: str) -> dict[str, str]:
    """The two hashes published before the draw: of the seed and of the canonical inputs."""
    return {"seed_hash": sha256_hex(seed), "inputs_hash": sha256_hex(canonical(inputs))}


def _score(key: bytes, message: bytes, *parts: str) -> str:
    msg = message + b"\x00" + b"\x00".join(p.encode("utf-8") for p in parts)
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def group_size(population: int, ratio_bp: int) -> int:
    """ceil(population × ratio_bp / 10000) in integers (no floating point)."""
    return -(-population * ratio_bp // 10000)


def check_inputs(inputs: dict[str, Any]) -> None:
    """Refuse a draw that cannot be made, before anything is committed."""
    per = inputs.get("inspectors_per_entity")
    if not isinstance(per, int) or per < 1:
        raise DrawError(_("每个检查对象的检查人员数须为正整数。"))
    inspectors = inputs.get("inspectors") or []
    if per > len(inspectors):
        raise DrawError(_("每个检查对象须抽取%(per)d名检查人员，但符合条件（执法证有效）的检查人员只有%(n)d名。") % {
            "per": per, "n": len(inspectors)})
    for group in inputs.get("entity_groups") or []:
        ratio = group.get("ratio_bp")
        if not isinstance(ratio, int) or not 0 <= ratio <= 10000:
            raise DrawError(_("风险分组“%(key)s”的抽查比例须在0%%至100%%之间。") % {"key": group.get("key")})
    if not any(group_size(len(g["entities"]), g["ratio_bp"]) for g in inputs.get("entity_groups") or []):
        raise DrawError(_("按抽查比例计算，本次没有可抽取的检查对象：请检查抽查范围和比例。"))


def draw(inputs: dict[str, Any], seed: str) -> list[dict[str, Any]]:
    """The picks for `inputs` and `seed` (see the module description). DrawError if impossible."""
    check_inputs(inputs)
    key, message = seed.encode("utf-8"), canonical(inputs)
    per = inputs["inspectors_per_entity"]
    excluded = {(cert, code) for cert, code in inputs.get("exclusions") or []}
    picks: list[dict[str, Any]] = []
    for group in inputs["entity_groups"]:
        ranked = sorted(group["entities"], key=lambda code: _score(key, message, "entity", code))
        for code in ranked[:group_size(len(group["entities"]), group["ratio_bp"])]:
            eligible = [cert for cert in inputs["inspectors"] if (cert, code) not in excluded]
            if len(eligible) < per:
                raise DrawError(_("检查对象%(code)s须抽取%(per)d名检查人员，但排除回避关系后符合条件的只有%(n)d名。") % {
                    "code": code, "per": per, "n": len(eligible)})
            eligible.sort(key=lambda cert, code=code: _score(key, message, "inspector", code, cert))
            picks.append({"entity": code, "group": group["key"], "inspectors": eligible[:per]})
    return picks


def verify(inputs: dict[str, Any], seed: str, *, seed_hash: str, inputs_hash: str,
           picks: list[dict[str, Any]]) -> list[str]:
    """What disagrees between the published draw and its recomputation ([] = it agrees)."""
    problems = []
    committed = commitment(inputs, seed)
    if committed["seed_hash"] != seed_hash:
        problems.append(_("公开的种子与抽取前公布的种子哈希不一致。"))
    if committed["inputs_hash"] != inputs_hash:
        problems.append(_("公开的抽取输入与抽取前公布的输入哈希不一致。"))
    try:
        recomputed = draw(inputs, seed)
    except DrawError as exc:
        return [*problems, _("无法重算：%(why)s") % {"why": exc}]
    if recomputed != picks:
        differing = sum(1 for a, b in zip(recomputed, picks, strict=False) if a != b) + abs(len(recomputed) - len(picks))
        problems.append(_("重算结果与公布的抽取结果不一致（%(n)d处不同）。") % {"n": differing})
    return problems


def verify_published(published: dict[str, Any]) -> list[str]:
    """Check a published draw — the JSON a portal page offers: inputs, the two hashes, seed, picks —
    against its recomputation ([] = it agrees)."""
    if not published.get("seed") or published.get("picks") is None:
        return [_("该计划尚未抽取：随机种子尚未公开，无法验证。")]
    return verify(published["inputs"], published["seed"], seed_hash=published["seed_hash"],
                  inputs_hash=published["inputs_hash"], picks=published["picks"])
