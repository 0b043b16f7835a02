from django.urls import path

from fazhi.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_edit, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/extend/", views.case_extend, name="case_extend"),
    path("<int:pk>/follow-up/", views.case_follow_up, name="case_follow_up"),
    path("benchmarks/range/", views.benchmark_range, name="benchmark_range"),
    path("benchmarks/", views.benchmark_list, name="benchmark_list"),
    path("benchmarks/new/", views.benchmark_edit, name="benchmark_create"),
    path("benchmarks/<int:pk>/edit/", views.benchmark_edit, name="benchmark_edit"),
    # The public portal (anonymous): published penalty decisions (执法决定公示).
    path("public/decisions/", views.public_decisions, name="public_decisions"),
]
