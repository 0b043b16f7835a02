"""Imports over HTTP: POST a file for a kind; follow a background job."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.imports.jobs import live_progress
from fazhi.imports.models import Job, JobStatus
from fazhi.imports.registry import can_import, get_kind_for, kinds_for
from fazhi.imports.report import FileRejected
from fazhi.imports.services import submit_import

router = Router(tags=["imports"])


class ColumnOut(Schema):
    header: str
    field: str
    required: bool
    help: str
    choices: list[str]


class KindOut(Schema):
    key: str
    label: str
    columns: list[ColumnOut]


class RowErrorOut(Schema):
    row: int | None
    column: str
    message: str


class FieldErrorOut(Schema):
    field: str
    message: str


class ImportErrorsOut(Schema):
    detail: str
    # Row errors when the file is rejected; field errors when the request itself is invalid (no file).
    errors: list[RowErrorOut | FieldErrorOut]


class ImportedOut(Schema):
    rows: int
    job: int


class JobRefOut(Schema):
    job: int


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    done: int
    total: int
    percent: int
    error: str
    result: dict | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@router.get("/", response=list[KindOut], url_name="imports_kinds", summary="可导入的类型及其列")
def list_kinds(request):
    return [{"key": k.key, "label": str(k.label),
             "columns": [{"header": c.header, "field": c.field, "required": c.required, "help": str(c.help),
                          "choices": [label for _v, label in c.choice_pairs()]} for c in k.columns]}
            for k in kinds_for(request.auth)]


@router.post("/{kind}", response={200: ImportedOut, 202: JobRefOut, 422: ImportErrorsOut},
             url_name="imports_upload", summary="导入文件（全部成功才写入；大文件转为后台任务）")
def upload(request, kind: str, file: File[UploadedFile]):
    import_kind = get_kind_for(request.auth, kind)
    if import_kind is None:
        raise Http404
    try:
        job = submit_import(kind=import_kind, data=file.read(), file_name=file.name or "", actor=request.auth)
    except FileRejected as exc:
        return Status(422, {"detail": str(exc), "errors": [e.as_dict() for e in exc.errors]})
    if job.status == JobStatus.SUCCEEDED:
        return Status(200, {"rows": (job.result or {}).get("rows", 0), "job": job.pk})
    if job.status == JobStatus.FAILED:
        return Status(422, {"detail": job.error, "errors": (job.result or {}).get("errors", [])})
    return Status(202, {"job": job.pk})


@router.get("/jobs/{job_id}", response=JobOut, url_name="imports_job", summary="后台任务的状态与结果")
def get_job(request, job_id: int):
    if not can_import(request.auth):
        raise Http404
    job = Job.objects.defer("file_data").get_visible_or_404(request.auth, pk=job_id)
    done, total = live_progress(job)
    return {"id": job.pk, "kind": job.kind, "label": job.label, "status": job.status, "done": done,
            "total": total, "percent": job.percent if job.is_finished else (done * 100 // total if total else 0),
            "error": job.error, "result": job.result, "created_at": job.created_at,
            "started_at": job.started_at, "finished_at": job.finished_at}
