from django.contrib.auth import views as auth_views
from django.urls import path

from lawtrail.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("agency/", views.agency, name="agency"),
    path("trail/", views.trail, name="trail"),
    path("trail/<int:seq>/", views.trail_entry, name="trail_entry"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("base/officers/<int:pk>/photo/", views.officer_photo, name="officer_photo"),
    path("base/<slug:slug>/", views.kind_list, name="kind_list"),
    path("base/<slug:slug>/new/", views.kind_edit, name="kind_new"),
    path("base/<slug:slug>/import/", views.kind_import, name="kind_import"),
    path("base/<slug:slug>/<int:pk>/", views.kind_detail, name="kind_detail"),
    path("base/<slug:slug>/<int:pk>/edit/", views.kind_edit, name="kind_edit"),
]
