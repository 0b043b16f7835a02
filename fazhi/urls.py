from django.contrib import admin
from django.urls import include, path

from fazhi.api.api import api

urlpatterns = [
    path("", include("fazhi.core.urls")),
    path("calendar/", include("fazhi.calendar.urls")),
    path("procedures/", include("fazhi.procedures.urls")),
    path("figures/", include("fazhi.figures.urls")),
    path("dashboard/", include("fazhi.dashboard.urls")),
    path("imports/", include("fazhi.imports.urls")),
    path("rulemaking/", include("fazhi.rulemaking.urls")),
    path("legislation/", include("fazhi.legislation.urls")),
    path("tasks/", include("fazhi.tasks.urls")),
    path("study/", include("fazhi.study.urls")),
    path("meetings/", include("fazhi.meetings.urls")),
    path("dutyreports/", include("fazhi.dutyreports.urls")),
    path("projects/", include("fazhi.projects.urls")),
    path("inspections/", include("fazhi.inspections.urls")),
    path("assessment/", include("fazhi.assessment.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("randominspections/", include("fazhi.randominspections.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("casereviews/", include("fazhi.casereviews.urls")),
    path("portal/library/", include("fazhi.library.urls")),
    path("portal/", include("fazhi.portal.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
