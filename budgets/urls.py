from django.urls import path

from budgets import views
from budgets.models import BudgetLine
from gugustugas.generic import step_urls

app_name = "budgets"

urlpatterns = [
    path("taskforces/<int:tf>/budget/", views.overview, name="overview"),
    path("taskforces/<int:tf>/budget/lines/", views.line_list, name="line_list"),
    path(
        "taskforces/<int:tf>/budget/lines/add/", views.LineCreateView.as_view(), name="line_create"
    ),
    path("taskforces/<int:tf>/budget/forecast/", views.forecast_view, name="forecast"),
    path("taskforces/<int:tf>/budget/calendar/", views.calendar_view, name="calendar"),
    path(
        "taskforces/<int:tf>/budget/calendar/<int:year>/generate/",
        views.calendar_generate,
        name="calendar_generate",
    ),
    path(
        "taskforces/<int:tf>/budget/advocacy/add/",
        views.AdvocacyCreateView.as_view(),
        name="advocacy_create",
    ),
    path("taskforces/<int:tf>/budget/export.xlsx", views.export, name="export"),
    path("budget-lines/<int:pk>/", views.line_detail, name="line_detail"),
    path("budget-lines/<int:pk>/edit/", views.LineUpdateView.as_view(), name="line_edit"),
    path("budget-lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    *step_urls(BudgetLine, "budget-lines/"),  # line_allocate, line_revise
    path("budget-lines/<int:pk>/realisation/", views.realisation_add, name="realisation_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
]
