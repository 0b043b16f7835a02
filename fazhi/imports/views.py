"""Staff pages: choose a kind, download its template, upload a file, follow the job."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.imports.forms import UploadForm
from fazhi.imports.jobs import live_progress
from fazhi.imports.models import Job, JobStatus
from fazhi.imports.registry import get_kind_for, kinds_for
from fazhi.imports.report import FileRejected, ImportResult
from fazhi.imports.services import background_threshold, submit_import
from fazhi.imports.spreadsheets import XLSX_CONTENT_TYPE, write_error_report, write_template

SHOWN_ERRORS = 200


def _importable(user) -> list:
    """The kinds this user may import; none (leaders, officers…) → the pages do not exist: 404."""
    available = kinds_for(user)
    if not available:
        raise Http404
    return available


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _my_jobs(user):
    return (Job.objects.visible_to(user).filter(created_by=user)
            .defer("file_data", "result").order_by("-created_at", "-id"))


def _list_page(request, form: UploadForm, available: list, status: int = 200) -> HttpResponse:
    return render(request, "imports/list.html", {
        "kinds": available, "form": form, "recent": _my_jobs(request.user)[:5],
        "threshold": background_threshold(),
    }, status=status)


@login_required
@require_safe
def import_list(request):
    available = _importable(request.user)
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") else {}
    return _list_page(request, UploadForm(kinds=available, initial=initial), available)


@login_required
@require_safe
def template(request):
    _importable(request.user)
    kind = get_kind_for(request.user, request.GET.get("kind", ""))
    if kind is None:
        raise Http404
    return _attachment(write_template(kind), _("%(kind)s导入模板.xlsx") % {"kind": kind.label})


@login_required
@require_POST
def upload(request):
    available = _importable(request.user)
    form = UploadForm(request.POST, request.FILES, kinds=available)
    if form.is_valid():
        kind = get_kind_for(request.user, form.cleaned_data["kind"])
        upload_file = form.cleaned_data["file"]
        try:
            job = submit_import(kind=kind, data=upload_file.read(), file_name=upload_file.name,
                                actor=request.user)
        except FileRejected as exc:
            for error in exc.errors:
                form.add_error("file", str(error))
        else:
            return redirect("imports:job", job_id=job.pk)
    return _list_page(request, form, available)


def _job_context(job: Job) -> dict:
    done, total = live_progress(job)
    if job.status == JobStatus.SUCCEEDED:
        done = total = max(total, done)
    percent = 100 if job.status == JobStatus.SUCCEEDED else (min(100, done * 100 // total) if total else 0)
    result = ImportResult.from_dict(job.result) if job.result else None
    return {"job": job, "done": done, "total": total, "percent": percent, "result": result,
            "errors": result.errors[:SHOWN_ERRORS] if result else [],
            "more_errors": max(0, len(result.errors) - SHOWN_ERRORS) if result else 0}


def _job(request, job_id: int) -> Job:
    _importable(request.user)
    return Job.objects.defer("file_data").get_visible_or_404(request.user, pk=job_id)


@login_required
@require_safe
def job_detail(request, job_id: int):
    job = _job(request, job_id)
    return render(request, "imports/job.html", _job_context(job))


@login_required
@require_safe
def job_progress(request, job_id: int):
    job = _job(request, job_id)
    return render(request, "imports/_job_status.html", _job_context(job))


@login_required
@require_safe
def job_errors(request, job_id: int):
    job = _job(request, job_id)
    if not job.result or not job.result.get("errors"):
        raise Http404
    result = ImportResult.from_dict(job.result)
    return _attachment(write_error_report(result.errors, title=job.label), _("导入错误报告-%(id)s.xlsx") % {"id": job.pk})


@login_required
@require_safe
def job_list(request):
    _importable(request.user)
    page = Paginator(_my_jobs(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "imports/jobs.html", {"page": page})
