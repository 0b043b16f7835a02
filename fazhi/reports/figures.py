"""Figures of annual reports (《法治政府建设与责任落实督察工作规定》: reports published by 1 April)."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module
from fazhi.reports.models import ReportState

MODULE = "reports"
REPORT = "reports.AnnualReport"
SOURCE = _("《法治政府建设与责任落实督察工作规定》")

register_module(MODULE, _("年度报告"), order=90)

register(Figure(
    key="reports.annual.submitted", label=_("报送的年度报告数"), kind=Kind.COUNT, model=REPORT, module=MODULE,
    measure=_("份"), filter=Q(submitted_on__isnull=False), date_field="submitted_on", order=10,
    definition=_("统计期间内报送的法治政府建设年度报告（按报送日期；退回修改后未再报送的不计）。"), source=SOURCE,
))
register(Figure(
    key="reports.annual.published", label=_("向社会公开的年度报告数"), kind=Kind.COUNT, model=REPORT, module=MODULE,
    measure=_("份"), filter=Q(state=ReportState.PUBLISHED), date_field="published_on", order=11,
    definition=_("统计期间内向社会公开的法治政府建设年度报告（按公开日期）。"), source=SOURCE,
))
register(Figure(
    key="reports.annual.on_time_rate", label=_("年度报告按时公开率"), kind=Kind.RATE, model=REPORT, module=MODULE,
    denominator=Q(state=ReportState.PUBLISHED), numerator=Q(published_on__lte=F("publication_due_on")),
    date_field="published_on", order=12,
    definition=_("4月1日前公开的年度报告 ÷ 统计期间内公开的年度报告（按公开日期）。"), source=SOURCE,
))
