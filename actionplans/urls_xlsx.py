"""Spreadsheet URLs of the action plans; included by ``actionplans.urls`` (namespace
``actionplans``), so no ``app_name`` here."""

from django.urls import path

from actionplans import views_xlsx

urlpatterns = [
    path(
        "plans/<int:pk>/activities/template.xlsx",
        views_xlsx.activity_template,
        name="activity_template",
    ),
    path(
        "plans/<int:pk>/activities/import/",
        views_xlsx.activity_import,
        name="activity_import",
    ),
    path(
        "plans/<int:pk>/progress/template.xlsx",
        views_xlsx.progress_template,
        name="progress_template",
    ),
    path(
        "plans/<int:pk>/progress/import/",
        views_xlsx.progress_import,
        name="progress_import",
    ),
    path("plans/<int:pk>/export.xlsx", views_xlsx.plan_export, name="plan_export"),
    path(
        "plans/<int:pk>/work-plan/<int:year>/export.xlsx",
        views_xlsx.work_plan_export,
        name="work_plan_export",
    ),
]
