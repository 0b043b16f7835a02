from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.core import views

core_patterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/new/", views.region_edit, name="region_create"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("regions/<str:code>/edit/", views.region_edit, name="region_edit"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_edit, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/roles/", views.role_add, name="role_add"),
    path("roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
    path("audit/", views.audit_list, name="audit_list"),
    path("history/<str:object_type>/<str:object_id>/", views.object_history, name="history"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(success_url="/accounts/password/done/"),
         name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include((core_patterns, "core"))),
]
