"""The one import path: every row bound to the module's own form, all rows in one transaction.

Rows are validated and saved one by one in file order inside a single transaction, so a row can use
a record created by an earlier row (a unit under a parent three rows above). Every error is
collected as (row as seen in Excel, column header, the form's Chinese message); if there is any, the
transaction is rolled back — records and their audit events alike — and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fazhi.core import audit
from fazhi.core.audit import acting_as
from fazhi.imports import jobs
from fazhi.imports.models import Job
from fazhi.imports.registry import ImportKind, Row
from fazhi.imports.report import FileRejected, ImportResult, RowError
from fazhi.imports.spreadsheets import read_rows

PROGRESS_EVERY = 25  # rows between progress reports (Progress throttles the writes further)

ProgressCallback = Callable[[int, int], None]


def _prepare_cells(kind: ImportKind, row: Row, choice_maps: dict[str, tuple[Any, dict]]) -> None:
    """Required cells and choice labels (“县级” → 3), before the form sees the row."""
    for column in kind.columns:
        value = row[column.field]
        if value == "":
            if column.required:
                row.error(column.field, _("“%(h)s”不能为空。") % {"h": column.header})
            continue
        if column.field in choice_maps:
            _column, mapping = choice_maps[column.field]
            mapped = mapping.get(str(value))
            if mapped is None:
                row.error(column.field, _("“%(v)s”不是允许的取值，应为：%(allowed)s。") % {
                    "v": value, "allowed": "、".join(label for _v, label in column.choice_pairs())})
            else:
                row.values[column.field] = mapped


def _add_validation_error(row: Row, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.message_dict.items():
            for message in errors:
                row.error("" if field_name == NON_FIELD_ERRORS else field_name, message)
    else:
        for message in exc.messages:
            row.error("", message)


def _import_row(kind: ImportKind, context: Any, row: Row, choice_maps: dict) -> None:
    _prepare_cells(kind, row, choice_maps)
    data = kind.to_form_data(row, context)
    form = kind.form_class(data=data, **kind.form_kwargs(context))
    try:
        valid = form.is_valid()
    except (ValueError, TypeError, AttributeError, KeyError):
        # A form's clean() may not expect a field that failed already (RegionForm with no valid
        # level): the row is reported for that field anyway.
        if not row.errors:
            raise
        return
    if valid:
        if row.errors:
            return
        try:
            with transaction.atomic():  # a savepoint: a failed row leaves the transaction usable
                kind.save(form, context)
        except ValidationError as exc:
            _add_validation_error(row, exc)
        except IntegrityError as exc:
            row.error("", _("无法保存：%(e)s") % {"e": exc})
        return
    form_errors = form.errors.as_data()
    field_errors = {name: errors for name, errors in form_errors.items() if name != NON_FIELD_ERRORS}
    for field_name, errors in field_errors.items():
        if row.has_error(field_name):
            continue  # already explained better (empty required cell, unknown choice, lookup)
        for error in errors:
            for message in error.messages:
                row.error(field_name, message)
    if not row.errors:
        # Checks across fields mean little once a field is wrong (Django skips unique_together then
        # too), and some repeat a field's error in other words: report them only on their own.
        for error in form_errors.get(NON_FIELD_ERRORS, []):
            for message in error.messages:
                row.error("", message)


def run_import(*, kind: ImportKind, rows: list[Row], actor: Any,
               progress: ProgressCallback | None = None) -> ImportResult:
    """Validate and save `rows` as `actor`, all or nothing. Returns the count or every error."""
    result = ImportResult(kind=kind.key, total=len(rows))
    context = kind.context(actor)
    choice_maps = {c.field: (c, c.choice_map()) for c in kind.columns if c.choice_pairs()}
    # Audit events are appended at the end (audit.deferred): other writers keep working meanwhile.
    with acting_as(actor), transaction.atomic(), audit.deferred():
        for done, row in enumerate(rows, start=1):
            _import_row(kind, context, row, choice_maps)
            for field_name, message in row.errors:
                column = kind.column_for(field_name) if field_name else kind.non_field_column
                result.errors.append(RowError(row.number, column, message))
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(rows))
        if result.errors:
            transaction.set_rollback(True)
        else:
            result.rows = len(rows)
    return result


def import_file(*, kind: ImportKind, data: bytes, file_name: str, actor: Any,
                progress: ProgressCallback | None = None) -> ImportResult:
    """Read a file and import it; a file that cannot be read comes back as errors too."""
    try:
        rows = read_rows(kind, data, file_name)
    except FileRejected as exc:
        return ImportResult(kind=kind.key, errors=exc.errors)
    if progress is not None:
        progress(0, len(rows))
    return run_import(kind=kind, rows=rows, actor=actor, progress=progress)


def background_threshold() -> int:
    return int(settings.FAZHI.get("IMPORT_BACKGROUND_ROWS", 500))


def submit_import(*, kind: ImportKind, data: bytes, file_name: str, actor: Any) -> Job:
    """An import from the web or API, recorded as a job: run at once when small, else queued.

    Raises FileRejected when the file cannot be read as this kind (nothing is recorded then).
    """
    rows = read_rows(kind, data, file_name)
    job = jobs.enqueue(kind="import", actor=actor, label=_("%(kind)s导入：%(file)s") % {
        "kind": kind.label, "file": file_name}, payload={"kind": kind.key}, file_name=file_name,
        file_data=data, total=len(rows))
    if len(rows) > background_threshold():
        return job
    return jobs.run_now(job)


@jobs.job_handler("import", atomic=True)
def import_job(job: Job, progress: jobs.Progress) -> dict:
    """Runs an uploaded file; the worker's transaction makes rows and job success one commit."""
    from fazhi.imports.registry import get_kind

    try:
        kind = get_kind(job.payload.get("kind", ""))
    except KeyError:
        raise jobs.JobFailed(_("没有这种导入类型：“%(k)s”。") % {"k": job.payload.get("kind")}) from None
    actor = jobs.job_actor(job)
    if not kind.allowed(actor):
        raise jobs.JobFailed(_("您没有导入%(kind)s的权限。") % {"kind": kind.label})
    result = import_file(kind=kind, data=bytes(job.file_data or b""), file_name=job.file_name, actor=actor,
                         progress=progress)
    if not result.ok:
        raise jobs.JobFailed(_("导入失败：共 %(n)d 处错误，没有写入任何数据。") % {"n": len(result.errors)},
                             result=result.as_dict())
    return result.as_dict()
