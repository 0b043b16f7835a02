"""Import kind `questions`: a question bank from Excel (题型, 题干, 选项A–F, 答案, 依据, 专题), bound to the
staff page's QuestionForm; rows are saved through services.save_question, all or nothing."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.imports.kinds import TreeLookups
from fazhi.imports.registry import Column, ImportKind, Row, register
from fazhi.study.forms import QuestionForm
from fazhi.study.models import OPTION_LETTERS, Question, QuestionType
from fazhi.study.services import save_question, writable_units


class BankLookups(TreeLookups):
    def __init__(self, user: Any):
        super().__init__(user)
        self._own: Any = None
        self._own_checked = False

    def own_unit(self) -> Any:
        """The importer's own unit when they may keep a bank there (the default 题库单位)."""
        if not self._own_checked:
            self._own_checked = True
            unit_id = getattr(self.user, "unit_id", None)
            self._own = writable_units(self.user).filter(pk=unit_id).first() if unit_id else None
        return self._own


def question_form_data(row: Row, ctx: BankLookups) -> dict[str, Any]:
    data = {k: row[k] for k in ("qtype", "stem", "answer", "source", "tags")}
    data.update({f"option_{c.lower()}": row[f"option_{c.lower()}"] for c in OPTION_LETTERS})
    data["active"] = True
    data["unit"] = ""
    if row["unit"]:
        unit, message = ctx.unit(row["unit"])
        if unit is None:
            row.error("unit", message)
        elif not writable_units(ctx.user).filter(pk=unit.pk).exists():
            row.error("unit", gettext("您无权维护“%(u)s”的题库。") % {"u": unit.name})
        else:
            data["unit"] = unit.pk
    else:
        unit = ctx.own_unit()
        if unit is None:
            row.error("unit", gettext("请填写题库单位（您所在单位不能维护题库）。"))
        else:
            data["unit"] = unit.pk
    return data


def save_question_row(form: QuestionForm, ctx: BankLookups) -> Question:
    return save_question(actor=ctx.user, question=form.save(commit=False))


QUESTIONS = register(ImportKind(
    key="questions",
    label=_("考法题库"),
    description=_("每行一道试题。单选题答案填一个字母，多选题填多个字母（如 ACD），判断题填“正确”或“错误”且不填选项。"),
    columns=(
        Column("题型", "qtype", required=True, example=str(QuestionType.SINGLE.label), choices=QuestionType.choices),
        Column("题干", "stem", required=True,
               example="违法事实确凿并有法定依据，对公民处以多少元以下罚款的，可以当场作出行政处罚决定？"),
        Column("选项A", "option_a", example="五十元"),
        Column("选项B", "option_b", example="二百元"),
        Column("选项C", "option_c", example="五百元"),
        Column("选项D", "option_d", example="一千元"),
        Column("选项E", "option_e"),
        Column("选项F", "option_f"),
        Column("答案", "answer", required=True, example="B"),
        Column("依据", "source", required=True, example="《中华人民共和国行政处罚法》第五十一条"),
        Column("专题", "tags", example="行政处罚法"),
        Column("题库单位", "unit", help=_("留空：您所在的单位。")),
    ),
    form_class=QuestionForm,
    to_form_data=question_form_data,
    save=save_question_row,
    context=BankLookups,
    non_field_column="题干",
))
