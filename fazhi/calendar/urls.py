from django.urls import path

from fazhi.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("days/", views.days, name="days"),
]
