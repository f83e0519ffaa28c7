"""URL patterns of the meetings app (namespace "meetings").

Views live in three modules: ``views`` (scheduling: the meeting, agenda, materials,
invitations, attendance, checklist), ``views_minutes`` (minutes, decisions, amendments,
action points, the PDF) and ``views_public`` (answer links and calendars).
"""

from django.urls import path

from gugustugas.generic import step_url
from meetings import views, views_minutes, views_public
from meetings.models import Meeting

app_name = "meetings"

urlpatterns = [
    # scheduling
    path("taskforces/<int:tf>/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path(
        "taskforces/<int:tf>/meetings/add/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_edit"),
    step_url(Meeting, "cancel", "meetings/<int:pk>/cancel/"),
    path("meetings/<int:pk>/agenda/add/", views.AgendaItemAddView.as_view(), name="agenda_add"),
    path("agenda-items/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:pk>/materials/add/", views.MaterialAddView.as_view(), name="material_add"),
    path("materials/<int:pk>/", views.MaterialDownloadView.as_view(), name="material_download"),
    path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path("meetings/<int:pk>/invitations/", views.invitations, name="invitations"),
    path("meetings/<int:pk>/invitations/send/", views.invitations_send, name="invitations_send"),
    path("invitations/<int:pk>/remove/", views.invitation_remove, name="invitation_remove"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/checklist/", views.checklist_tick, name="checklist_tick"),
    # minutes and action points
    path("meetings/<int:pk>/minutes/", views_minutes.minutes_edit, name="minutes_edit"),
    step_url(Meeting, "circulate", "meetings/<int:pk>/minutes/circulate/"),
    step_url(Meeting, "redraft", "meetings/<int:pk>/minutes/redraft/"),
    step_url(Meeting, "approve", "meetings/<int:pk>/minutes/approve/"),
    path("meetings/<int:pk>/minutes/amend/", views_minutes.amendment_add, name="amendment_add"),
    path("amendments/<int:pk>/answer/", views_minutes.amendment_answer, name="amendment_answer"),
    path("meetings/<int:pk>/minutes.pdf", views_minutes.minutes_pdf, name="minutes_pdf"),
    path(
        "meetings/<int:pk>/action-points/add/",
        views_minutes.action_point_add,
        name="action_point_add",
    ),
    path("action-points/<int:pk>/edit/", views_minutes.action_point_edit, name="action_point_edit"),
    path(
        "action-points/<int:pk>/status/",
        views_minutes.action_point_status,
        name="action_point_status",
    ),
    path(
        "taskforces/<int:tf>/action-points/",
        views_minutes.ActionPointListView.as_view(),
        name="action_point_list",
    ),
    # answer links and calendars
    path("rsvp/<str:token>/", views_public.rsvp, name="rsvp"),
    path("meetings/<int:pk>/meeting.ics", views_public.meeting_ics, name="meeting_ics"),
    path("taskforces/<int:tf>/meetings.ics", views_public.task_force_feed, name="task_force_feed"),
    path("calendar/", views_public.calendar_page, name="calendar"),
    path("calendar/renew/", views_public.calendar_renew, name="calendar_renew"),
    path("calendar/<str:key>.ics", views_public.user_feed, name="user_feed"),
]
