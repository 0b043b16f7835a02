"""Figures of law study and exams (FIGURES.md: study sessions and attendance, pre-appointment exams)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module
from fazhi.study.models import ExamKind, SittingState, StudyKind
from fazhi.study.selectors import units_in_breach_q

MODULE = "study"
SESSION = "study.StudySession"
ATTENDANCE = "study.Attendance"
SITTING = "study.Sitting"
STUDY_SOURCE = _("《法治政府建设实施纲要（2021—2025年）》关于健全领导干部学法用法机制的要求；"
                 "本地集体学法制度（如牟定县：各单位每月集中学法1次、每年至少组织1次旁听庭审）")
EXAM_SOURCE = _("领导干部任前考法制度；年度法治政府建设知识测试（如赤峰市：科级以上干部任前考法）")
FINISHED = ~Q(state=SittingState.IN_PROGRESS)

register_module(MODULE, _("学法考法"), order=40)

register(Figure(
    key="study.sessions.total", label=_("学法活动次数"), kind=Kind.COUNT, model=SESSION, module=MODULE,
    measure=_("次"), date_field="held_on", order=10,
    definition=_("统计期间内登记的各类学法活动（理论学习中心组学法、常务会议会前学法、单位月度学法、旁听庭审），"
                 "按组织单位所属区划统计。"),
    source=STUDY_SOURCE,
))
for order, kind in enumerate(StudyKind, start=11):
    register(Figure(
        key=f"study.sessions.{kind.value}", label=kind.label, kind=Kind.COUNT, model=SESSION, module=MODULE,
        measure=_("次"), filter=Q(kind=kind.value), date_field="held_on", order=order,
        definition=_("统计期间内登记的该形式学法活动（按学法日期）。"),
        source=STUDY_SOURCE,
    ))
register(Figure(
    key="study.attendance.rate", label=_("学法出勤率"), kind=Kind.RATE, model=ATTENDANCE, module=MODULE,
    numerator=Q(present=True), date_field="session__held_on", order=20,
    definition=_("出席人次 ÷ 应参学人次（学法活动登记的参学人员，含缺席者）。"),
    source=STUDY_SOURCE,
))
register(Figure(
    key="study.units.monthly_breach", label=_("上月未按规定开展月度学法的单位数"), kind=Kind.COUNT,
    model="core.Unit", module=MODULE, measure=_("个"), filter=units_in_breach_q, order=25,
    definition=_("按有效的“单位月度学法”学法规则（每月至少次数、适用单位类型），上一个自然月内登记的单位月度学法"
                 "次数少于规定次数的有效单位（时点数，按今天计算）。"),
    source=STUDY_SOURCE,
))
register(Figure(
    key="study.sittings.total", label=_("参加考试人次"), kind=Kind.COUNT, model=SITTING, module=MODULE,
    measure=_("人次"), filter=FINISHED, date_field="finished_at", order=30,
    definition=_("统计期间内交卷（含超时自动交卷）的考试记录，按考生单位所属区划统计。"),
    source=EXAM_SOURCE,
))
register(Figure(
    key="study.sittings.pass_rate", label=_("考试合格率"), kind=Kind.RATE, model=SITTING, module=MODULE,
    denominator=FINISHED, numerator=Q(passed=True), date_field="finished_at", order=31,
    definition=_("得分达到合格分数的考试记录 ÷ 已交卷的考试记录。"),
    source=EXAM_SOURCE,
))
register(Figure(
    key="study.sittings.pre_appointment", label=_("任前考法人次"), kind=Kind.COUNT, model=SITTING,
    module=MODULE, measure=_("人次"), filter=FINISHED & Q(exam__kind=ExamKind.PRE_APPOINTMENT),
    date_field="finished_at", order=32,
    definition=_("统计期间内交卷的任前考法考试记录。"),
    source=EXAM_SOURCE,
))
register(Figure(
    key="study.sittings.pre_appointment_passed", label=_("任前考法合格人次"), kind=Kind.COUNT, model=SITTING,
    module=MODULE, measure=_("人次"),
    filter=FINISHED & Q(exam__kind=ExamKind.PRE_APPOINTMENT, passed=True), date_field="finished_at", order=33,
    definition=_("统计期间内交卷且合格的任前考法考试记录。"),
    source=EXAM_SOURCE,
))
