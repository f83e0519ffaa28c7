from django.urls import path

from gugustugas.generic import WorkflowStepView
from monitoring import views_checklist, views_forms, views_overview
from monitoring import views_statistics as statistics
from monitoring.models import Evaluation, MonitoringForm, QuarterlySubmission

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
    # the M&E page
    path("taskforces/<int:tf>/monitoring/", views_overview.overview, name="overview"),
    # monitoring forms and evaluations
    path(
        "taskforces/<int:tf>/monitoring/documents/",
        views_forms.document_list,
        name="document_list",
    ),
    path(
        "taskforces/<int:tf>/monitoring/forms/add/",
        views_forms.MonitoringFormCreateView.as_view(),
        name="form_create",
    ),
    path(
        "monitoring/forms/<int:pk>/",
        views_forms.MonitoringFormDetailView.as_view(),
        name="form_detail",
    ),
    path("monitoring/forms/<int:pk>/edit/", views_forms.form_edit, name="form_edit"),
    path("monitoring/forms/<int:pk>/refresh/", views_forms.form_refresh, name="form_refresh"),
    path("monitoring/forms/<int:pk>/pdf/", views_forms.form_pdf, name="form_pdf"),
    path(
        "monitoring/forms/<int:pk>/finalise/",
        WorkflowStepView.as_view(model=MonitoringForm, step="finalise"),
        name="form_finalise",
    ),
    path(
        "monitoring/actions/<int:pk>/action-point/",
        views_forms.action_to_point,
        name="action_to_point",
    ),
    path(
        "monitoring/actions/<int:pk>/revision/",
        views_forms.action_for_revision,
        name="action_for_revision",
    ),
    path(
        "taskforces/<int:tf>/monitoring/evaluations/add/",
        views_forms.EvaluationCreateView.as_view(),
        name="evaluation_create",
    ),
    path(
        "monitoring/evaluations/<int:pk>/",
        views_forms.EvaluationDetailView.as_view(),
        name="evaluation_detail",
    ),
    path(
        "monitoring/evaluations/<int:pk>/edit/",
        views_forms.evaluation_edit,
        name="evaluation_edit",
    ),
    path(
        "monitoring/evaluations/<int:pk>/finalise/",
        WorkflowStepView.as_view(model=Evaluation, step="finalise"),
        name="evaluation_finalise",
    ),
    # the task-force checklist
    path("taskforces/<int:tf>/checklist/", views_checklist.checklist_list, name="checklist_list"),
    path(
        "taskforces/<int:tf>/checklist/add/",
        views_checklist.checklist_create,
        name="checklist_create",
    ),
    path(
        "taskforces/<int:tf>/checklist/compare/",
        views_checklist.checklist_compare,
        name="checklist_compare",
    ),
    path(
        "monitoring/checklist/<int:pk>/",
        views_checklist.checklist_detail,
        name="checklist_detail",
    ),
    path(
        "monitoring/checklist/<int:pk>/edit/",
        views_checklist.checklist_edit,
        name="checklist_edit",
    ),
]
