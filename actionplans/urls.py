from django.urls import path

from actionplans import views
from actionplans.models import ActionPlan, Evidence, ProgressReport
from actionplans.urls_xlsx import urlpatterns as spreadsheet_urls
from gugustugas.generic import ScopedFileView, step_urls

app_name = "actionplans"

urlpatterns = [
    path("taskforces/<int:tf>/plans/", views.plan_list, name="plan_list"),
    path("taskforces/<int:tf>/plans/add/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_edit"),
    *step_urls(ActionPlan, "plans/"),  # plan_submit, plan_return, plan_enact, ...
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/work-plan/<int:year>/", views.work_plan, name="work_plan"),
    path(
        "plans/<int:pk>/working-group/add/",
        views.WorkingGroupAddView.as_view(),
        name="working_group_add",
    ),
    path(
        "working-group/<int:pk>/remove/",
        views.working_group_remove,
        name="working_group_remove",
    ),
    path("plans/<int:pk>/integration/", views.integration_list, name="integration_list"),
    path("integration/<int:pk>/delete/", views.integration_delete, name="integration_delete"),
    path("plans/<int:pk>/comments/add/", views.CommentAddView.as_view(), name="comment_add"),
    path("comments/<int:pk>/respond/", views.CommentRespondView.as_view(), name="comment_respond"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("sections/<int:pk>/", views.section_detail, name="section_detail"),
    path(
        "sections/<int:pk>/objectives/add/", views.ObjectiveAddView.as_view(), name="objective_add"
    ),
    path(
        "sections/<int:pk>/activities/add/",
        views.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path(
        "activities/<int:pk>/progress/add/",
        views.ProgressCreateView.as_view(),
        name="progress_create",
    ),
    path("progress/<int:pk>/edit/", views.ProgressUpdateView.as_view(), name="progress_edit"),
    *step_urls(ProgressReport, "progress/"),  # progress_submit, _accept, _return
    path(
        "evidence/<int:pk>/",
        ScopedFileView.as_view(model=Evidence, filename_field="original_name"),
        name="evidence_download",
    ),
    *spreadsheet_urls,
]
