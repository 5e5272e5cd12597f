from django.contrib.auth import views as auth_views
from django.urls import path

from lawtrail.web import case_views, device_views, recording_views, review_views, views

app_name = "web"

urlpatterns = [
    path("", case_views.workbench, name="home"),
    path("overview/", views.home, name="overview"),
    path("cases/", case_views.case_list, name="cases"),
    path("cases/new/", case_views.case_new, name="case_new"),
    path("cases/<int:pk>/", case_views.case_page, name="case"),
    path("cases/<int:pk>/parties/new/", case_views.party_new, name="party_new"),
    path("cases/<int:pk>/records/new/<slug:code>/", case_views.record_new, name="record_new"),
    path("records/<int:pk>/", case_views.record_page, name="record"),
    path("records/<int:pk>/correct/", case_views.record_correct, name="record_correct"),
    path("records/<int:pk>/approve/", case_views.record_approve, name="record_approve"),
    path("records/<int:pk>/print/", case_views.record_print, name="record_print"),
    path("approvals/", case_views.inbox, name="inbox"),
    path("cases/<int:pk>/av-holds/", recording_views.case_hold, name="case_hold"),
    path("recordings/", recording_views.recording_list, name="recordings"),
    path("recordings/<int:pk>/", recording_views.recording_page, name="recording"),
    path("cases/<int:pk>/review/", review_views.case_action, name="case_review"),
    path("review/", review_views.queue, name="review_queue"),
    path("review/catalogue/", review_views.catalogue, name="review_catalogue"),
    path("review/reports/", review_views.reports, name="review_reports"),
    path("review/<int:pk>/", review_views.review_page, name="review"),
    path("review/<int:pk>/letter/", review_views.letter, name="review_letter"),
    path("devices/", device_views.device_registry, name="devices"),
    path("devices/<int:pk>/", device_views.device_page, name="device"),
    path("devices/roster/", device_views.device_roster, name="device_roster"),
    path("devices/loans/", device_views.device_loans, name="device_loans"),
    path("settings/rules/", case_views.rules, name="rules"),
    path("settings/calendar/", case_views.calendar, name="calendar"),
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
