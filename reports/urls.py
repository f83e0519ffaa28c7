from django.urls import path

from gugustugas.generic import WorkflowStepView
from reports import views
from reports.models import Report

app_name = "reports"


def step(name: str):
    return path(
        f"reports/<int:pk>/{name}/",
        WorkflowStepView.as_view(model=Report, step=name),
        name=f"report_{name}",
    )


urlpatterns = [
    path("taskforces/<int:tf>/reports/", views.ReportListView.as_view(), name="report_list"),
    path(
        "taskforces/<int:tf>/reports/add/", views.ReportCreateView.as_view(), name="report_create"
    ),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/<int:pk>/narrative/<slug:part>/",
        views.narrative_edit,
        name="narrative_edit",
    ),
    path("reports/<int:pk>/build/", views.report_build, name="report_build"),
    path("reports/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path(
        "reports/<int:pk>/download/<slug:edition>/",
        views.report_download,
        name="report_download",
    ),
    step("submit"),
    step("approve"),
    step("return"),
    step("publish"),
    # public, without login
    path("public/reports/", views.portal, name="portal"),
    path("public/reports/<int:pk>/", views.public_report, name="public_report"),
    path("public/reports/<int:pk>/pdf/", views.public_download, name="public_download"),
    path("verify/<str:code>/", views.verification_page, name="verify"),
]
