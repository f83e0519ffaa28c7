"""URL patterns of the training pages, included by members/urls.py under "members"."""

from django.urls import path

from members import views_training as views

urlpatterns: list = [
    # trainings
    path(
        "taskforces/<int:tf>/trainings/",
        views.TrainingListView.as_view(),
        name="training_list",
    ),
    path(
        "taskforces/<int:tf>/trainings/add/",
        views.TrainingCreateView.as_view(),
        name="training_create",
    ),
    path(
        "taskforces/<int:tf>/trainings.xlsx",
        views.training_export,
        name="training_export",
    ),
    path("trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingUpdateView.as_view(), name="training_edit"),
    # induction
    path("taskforces/<int:tf>/induction/", views.InductionView.as_view(), name="induction"),
    path(
        "taskforces/<int:tf>/induction/add/",
        views.InductionItemCreateView.as_view(),
        name="induction_item_create",
    ),
    path(
        "induction-items/<int:pk>/file/",
        views.InductionItemDownloadView.as_view(),
        name="induction_item_download",
    ),
    path(
        "induction-items/<int:pk>/remove/",
        views.induction_item_remove,
        name="induction_item_remove",
    ),
    path(
        "memberships/<int:pk>/induction/pack-received/",
        views.mark_pack_received,
        name="induction_pack_received",
    ),
    path(
        "memberships/<int:pk>/induction/training-done/",
        views.mark_training_done,
        name="induction_training_done",
    ),
    # training-needs survey
    path(
        "taskforces/<int:tf>/training-needs/",
        views.needs_survey_results,
        name="needs_survey_results",
    ),
    path(
        "taskforces/<int:tf>/training-needs/answer/",
        views.needs_survey_answer,
        name="needs_survey_answer",
    ),
]
