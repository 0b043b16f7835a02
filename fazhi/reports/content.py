"""What goes in a report: the five parts, which figures each shows, and the generated text.

The mapping is declarative (PARTS): a part lists the modules and key fragments it takes, so a new
module's figures appear in part 1 without code changes. Everything is built from a *snapshot* —
the list of `FigureValue.as_dict()` kept on the report — so the page, the .docx, the PDF and the
press release show exactly the same numbers.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.figures import registry

# Structure of the organisation (unit and staff counts) is context, not a measure of the year.
SKIPPED_MODULES = frozenset({"core"})


@dataclass(frozen=True)
class PartSpec:
    key: str
    title: str
    # A figure belongs to the first part that claims it: by key fragment, then by module.
    fragments: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    takes_rest: bool = False  # part 1: every remaining figure, grouped by module
    hint: str = ""            # what the narrative should cover (shown in the editor)


PARTS: tuple[PartSpec, ...] = (
    PartSpec("shortcomings", _("二、存在的不足和原因"),
             fragments=("overdue", "monthly_breach", "nonconforming", "findings", "expiring", "lost", "late",
                        "band.fail", "county.fail", "department.fail", "escalations", "interference.records"),
             hint=_("逐项说明存在的不足及其原因；下列指标可作为依据。")),
    PartSpec("leaders", _("三、党政主要负责人履行推进法治建设第一责任人职责情况"),
             modules=("dutyreports", "meetings"),
             keys=("study.sessions.central_group", "study.sessions.standing_meeting",
                   "study.sittings.pre_appointment", "study.sittings.pre_appointment_passed"),
             hint=_("说明主要负责人研究部署、带头学法、述法和督促落实等情况。")),
    PartSpec("measures", _("一、推进法治政府建设的主要举措和成效"), takes_rest=True,
             hint=_("按工作分项说明主要举措和取得的成效；各项下列出本年度统计指标。")),
    PartSpec("plan", _("四、下一年度推进法治政府建设的主要安排"),
             hint=_("列出下一年度的主要工作安排。")),
    PartSpec("other", _("五、其他需要报告的情况"), hint=_("其他需要报告的情况；没有的写“无”。")),
)
# Document order (the claim order above is different: specific parts claim first).
ORDER = ("measures", "shortcomings", "leaders", "plan", "other")
PART_MAP = {p.key: p for p in PARTS}


def parts_in_order() -> list[PartSpec]:
    return [PART_MAP[k] for k in ORDER]


def assign(keys: list[str], modules: dict[str, str]) -> dict[str, list[str]]:
    """{part key: [figure keys]} — each figure in exactly one part, or none (skipped modules)."""
    out: dict[str, list[str]] = {p.key: [] for p in PARTS}
    for key in keys:
        module = modules[key]
        for part in PARTS:
            if (key in part.keys or module in part.modules or any(f in key for f in part.fragments)
                    or (part.takes_rest and module not in SKIPPED_MODULES)):
                out[part.key].append(key)
                break
    return out


# -- links --

def cut_query(region_code: str, year: int) -> str:
    return urlencode({"region": region_code, "start": f"{year}-01-01", "end": f"{year}-12-31"})


def definition_url(key: str, region_code: str, year: int) -> str:
    """The figure's entry on the public definitions page (what it counts, its source)."""
    return f"{reverse('figures:definitions')}#{key}"


def records_url(key: str, region_code: str, year: int) -> str:
    return f"{reverse('figures:records', args=[key])}?{cut_query(region_code, year)}"


# -- the document --

@dataclass
class Row:
    key: str
    label: str
    display: str
    measure: str
    value: Any
    definition: str
    definition_url: str
    records_url: str

    @property
    def phrase(self) -> str:
        """"召开会议数12次" / "任务按时完成率90.00%（9/10）" / "学法出勤率—（分母为零）"."""
        unit = self.measure if self.value is not None and self.measure and "%" not in self.display else ""
        return f"{self.label}{self.display}{unit}"


@dataclass
class Group:
    title: str
    rows: list[Row]

    @property
    def sentence(self) -> str:
        return gettext("%(title)s方面：") % {"title": self.title} + "；".join(r.phrase for r in self.rows) + "。"


@dataclass
class PartContent:
    spec: PartSpec
    groups: list[Group]
    narrative: str

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return str(self.spec.title)


@dataclass
class Document:
    title: str
    unit_name: str
    region_name: str
    region_code: str
    year: int
    computed_at: datetime.datetime | None
    parts: list[PartContent]
    rows: list[Row] = field(default_factory=list)  # every figure shown, in document order

    @property
    def period_text(self) -> str:
        return gettext("%(year)d年1月1日至%(year)d年12月31日") % {"year": self.year}


def snapshot(values: list[registry.FigureValue]) -> list[dict[str, Any]]:
    """The JSON kept on the report: the figures whose cut is supported (others are skipped)."""
    unsupported = {gettext("该指标不能按区划统计"), gettext("该指标不能按单位统计")}
    out = []
    for v in values:
        if v.value is None and v.reason in unsupported:
            continue  # not a number of this region or unit (the registry's own reasons)
        d = v.as_dict()
        out.append({k: d[k] for k in ("key", "label", "module", "kind", "value", "numerator", "denominator",
                                      "reason", "display", "measure", "definition", "source")})
    return out


def build(*, title: str, unit_name: str, region_name: str, region_code: str, year: int,
          figures: list[dict[str, Any]], narratives: dict[str, str],
          computed_at: datetime.datetime | None = None) -> Document:
    by_key = {f["key"]: f for f in figures}
    modules = {f["key"]: f["module"] for f in figures}
    assigned = assign(list(by_key), modules)
    parts, all_rows = [], []
    for spec in parts_in_order():
        groups: dict[str, Group] = {}
        for key in assigned[spec.key]:
            f = by_key[key]
            row = Row(key=key, label=f["label"], display=f["display"], measure=f.get("measure") or "",
                      value=f["value"], definition=f.get("definition") or "",
                      definition_url=definition_url(key, region_code, year),
                      records_url=records_url(key, region_code, year))
            title_ = registry.module_title(f["module"])
            groups.setdefault(title_, Group(title_, [])).rows.append(row)
            all_rows.append(row)
        parts.append(PartContent(spec, list(groups.values()), (narratives or {}).get(spec.key, "")))
    return Document(title=title, unit_name=unit_name, region_name=region_name, region_code=region_code,
                    year=year, computed_at=computed_at, parts=parts, rows=all_rows)


def document_of(report: Any) -> Document:
    return build(title=str(report), unit_name=report.unit.name, region_name=report.region.name,
                 region_code=report.region.code, year=report.year, figures=report.figures,
                 narratives=report.narratives, computed_at=report.figures_at)


def press_release(doc: Document) -> str:
    """A draft news release in the style of the seed reports: a lead, then one paragraph per measure
    with its figures. Staff edit it before use."""
    lead = gettext("%(year)d年，%(region)s坚持以习近平法治思想为指导，深入推进法治政府建设，"
                   "各项工作取得新进展。") % {"year": doc.year, "region": doc.region_name}
    paragraphs = [lead]
    measures = next(p for p in doc.parts if p.key == "measures")
    for group in measures.groups:
        shown = [r for r in group.rows if r.value not in (None, 0)]
        if not shown:
            continue
        paragraphs.append(gettext("在%(title)s方面，全年") % {"title": group.title}
                          + "，".join(r.phrase for r in shown[:6]) + "。")
    leaders = next(p for p in doc.parts if p.key == "leaders")
    rows = [r for g in leaders.groups for r in g.rows if r.value not in (None, 0)]
    if rows:
        paragraphs.append(gettext("该地区牢牢抓住领导干部这个“关键少数”，") + "，".join(r.phrase for r in rows[:6]) + "。")
    return "\n".join(paragraphs)


def linked_press_release(doc: Document, text: str) -> tuple[SafeString, list[Row]]:
    """The (possibly edited) press release as HTML in which every figure phrase still present links
    to the records it counts, with a link to its definition; and the figures so cited.

    The generated text is made of `Row.phrase`s; staff may edit around them. A phrase they changed
    no longer matches and loses its link — rightly, since the number may no longer be the figure's.
    """
    rows = {r.phrase: r for r in doc.rows if r.value is not None}
    if not text or not rows:
        return mark_safe("".join(format_html("<p>{}</p>", line) for line in text.splitlines() if line)), []
    # Longest first: "报备率96.49%" must not be cut short by a shorter phrase it contains.
    pattern = re.compile("|".join(re.escape(p) for p in sorted(rows, key=len, reverse=True)))
    cited: dict[str, Row] = {}
    paragraphs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        out, last = [], 0
        for match in pattern.finditer(line):
            row = rows[match.group(0)]
            cited.setdefault(row.key, row)
            out.append(escape(line[last:match.start()]))
            out.append(format_html('<a href="{}" title="{}" data-figure="{}">{}</a><sup><a class="muted" href="{}">{}</a></sup>',
                                   row.records_url, row.definition, row.key, match.group(0), row.definition_url,
                                   gettext("口径")))
            last = match.end()
        out.append(escape(line[last:]))
        paragraphs.append("<p>" + "".join(str(o) for o in out) + "</p>")
    return mark_safe("".join(paragraphs)), list(cited.values())
