from django.urls import path

from actionplans import views
from actionplans.models import ActionPlan, ProgressReport
from actionplans.urls_xlsx import urlpatterns as spreadsheet_urls
from gugustugas.generic import step_urls

app_name = "actionplans"

urlpatterns = [
    path("taskforces/<int:tf>/plans/", views.plan_list, name="plan_list"),
    path("taskforces/<int:tf>/plans/add/", views.plan_create, name="plan_create"),
    path("taskforces/<int:tf>/plans/districts/", views.district_plans, name="district_plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    *step_urls(ActionPlan, "plans/"),  # plan_submit, plan_return, plan_enact, ...
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/work-plan/<int:year>/", views.work_plan, name="work_plan"),
    path("plans/<int:pk>/working-group/add/", views.working_group_add, name="working_group_add"),
    path(
        "working-group/<int:pk>/remove/",
        views.working_group_remove,
        name="working_group_remove",
    ),
    path("plans/<int:pk>/integration/", views.integration_list, name="integration_list"),
    path("integration/<int:pk>/delete/", views.integration_delete, name="integration_delete"),
    path("plans/<int:pk>/comments/add/", views.comment_add, name="comment_add"),
    path("comments/<int:pk>/respond/", views.comment_respond, name="comment_respond"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("sections/<int:pk>/", views.section_detail, name="section_detail"),
    path("sections/<int:pk>/objectives/add/", views.objective_add, name="objective_add"),
    path("sections/<int:pk>/activities/add/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/progress/add/", views.progress_create, name="progress_create"),
    path("progress/<int:pk>/edit/", views.progress_edit, name="progress_edit"),
    *step_urls(ProgressReport, "progress/"),  # progress_submit, _accept, _return
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    *spreadsheet_urls,
]
