from django.urls import path

from gugustugas.generic import WorkflowStepView
from monitoring import views_statistics as statistics
from monitoring.models import QuarterlySubmission

app_name = "monitoring"


def _step(name: str):
    return path(
        f"statistics/<int:pk>/{name}/",
        WorkflowStepView.as_view(
            queryset=QuarterlySubmission.objects.select_related("task_force__region"), step=name
        ),
        name=f"submission_{name}",
    )


urlpatterns = [
    # quarterly statistics
    path("taskforces/<int:tf>/statistics/", statistics.statistics_home, name="statistics_home"),
    path(
        "taskforces/<int:tf>/statistics/start/",
        statistics.submission_start,
        name="submission_start",
    ),
    path(
        "taskforces/<int:tf>/statistics/<int:year>/<int:quarter>/",
        statistics.aggregate_view,
        name="aggregate",
    ),
    path(
        "taskforces/<int:tf>/statistics/<int:year>/<int:quarter>/completeness/",
        statistics.completeness_view,
        name="completeness",
    ),
    path("statistics/<int:pk>/", statistics.submission_detail, name="submission_detail"),
    path("statistics/<int:pk>/edit/", statistics.submission_edit, name="submission_edit"),
    _step("submit"),
    _step("resubmit"),
    _step("accept"),
    _step("return"),
    _step("reopen"),
    # open data: public, no login
    path("data/statistics/", statistics.open_data, name="open_data"),
    path("data/statistics.csv", statistics.open_data_csv, name="open_data_csv"),
    path("data/statistics.json", statistics.open_data_json, name="open_data_json"),
    path("data/statistics.xlsx", statistics.open_data_xlsx, name="open_data_xlsx"),
]
