from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.core import views

core_patterns = [
    path("profile/", views.profile, name="profile"),
    path("regions/", views.profile, name="region_list"),
    path("units/", views.profile, name="unit_list"),
    path("users/", views.profile, name="user_list"),
    path("audit/", views.profile, name="audit_list"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((core_patterns, "core"))),
]
