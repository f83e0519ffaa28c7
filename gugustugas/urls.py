from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gugustugas import passkeys, twofactor, views, views_inbox, views_oversight

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my-work/", views_inbox.inbox_page, name="inbox"),
    path("my-work/count/", views_inbox.inbox_count, name="inbox_count"),
    path(
        "taskforces/<int:tf>/oversight/<slug:module>/",
        views_oversight.oversight_table,
        name="oversight",
    ),
    path(
        "taskforces/<int:tf>/oversight/<slug:module>.xlsx",
        views_oversight.oversight_xlsx,
        name="oversight_xlsx",
    ),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", twofactor.status, name="twofactor_status"),
    path("accounts/two-factor/setup/", twofactor.setup, name="twofactor_setup"),
    path("accounts/two-factor/verify/", twofactor.verify, name="twofactor_verify"),
    path("accounts/reauthenticate/", twofactor.reauthenticate, name="reauthenticate"),
    path(
        "accounts/two-factor/recovery-codes/",
        twofactor.recovery_codes,
        name="twofactor_recovery_codes",
    ),
    path(
        "accounts/two-factor/passkeys/",
        include((passkeys.webauthn_urls, "otp_webauthn")),
    ),
    path(
        "accounts/two-factor/passkeys/<int:pk>/name/",
        passkeys.passkey_name,
        name="passkey_name",
    ),
    path(
        "accounts/two-factor/passkeys/<int:pk>/remove/",
        passkeys.passkey_remove,
        name="passkey_remove",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("taskforces/", views.TaskForceListView.as_view(), name="taskforce_list"),
    path("taskforces/<int:pk>/", views.TaskForceDetailView.as_view(), name="taskforce_detail"),
    path("taskforces/<int:pk>/edit/", views.TaskForceUpdateView.as_view(), name="taskforce_edit"),
    path(
        "taskforces/<int:pk>/history/",
        views.TaskForceHistoryView.as_view(),
        name="taskforce_history",
    ),
    path(
        "taskforces/<int:tf>/subgts/add/",
        views.SubTaskForceCreateView.as_view(),
        name="subgt_create",
    ),
    path("subgts/<int:pk>/edit/", views.SubTaskForceUpdateView.as_view(), name="subgt_edit"),
    path("subgts/<int:pk>/delete/", views.subgt_delete, name="subgt_delete"),
    path("", include("members.urls")),
    path("", include("actionplans.urls")),
    path("", include("budgets.urls")),
    path("", include("meetings.urls")),
    path("", include("reports.urls")),
    path("", include("monitoring.urls")),
]
