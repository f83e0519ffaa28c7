"""URL patterns of the partners pages, included by members/urls.py under "members"."""

from django.urls import path

from gugustugas.generic import step_urls
from members import views_partners as views
from members.models import MoU

urlpatterns = [
    # partners
    path("taskforces/<int:tf>/partners/", views.PartnerListView.as_view(), name="partner_list"),
    path(
        "taskforces/<int:tf>/partners/add/",
        views.PartnerCreateView.as_view(),
        name="partner_create",
    ),
    path("taskforces/<int:tf>/partners/map/", views.PartnerMapView.as_view(), name="partner_map"),
    path("taskforces/<int:tf>/partners.xlsx", views.partner_export, name="partner_export"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("partners/<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner_edit"),
    path(
        "partners/<int:pk>/contacts/add/",
        views.PartnerContactCreateView.as_view(),
        name="partner_contact_add",
    ),
    path(
        "partner-contacts/<int:pk>/remove/",
        views.partner_contact_remove,
        name="partner_contact_remove",
    ),
    # MoUs
    path("taskforces/<int:tf>/mous/", views.MoUListView.as_view(), name="mou_list"),
    path("taskforces/<int:tf>/mous/add/", views.MoUCreateView.as_view(), name="mou_create"),
    path("taskforces/<int:tf>/mous.xlsx", views.mou_export, name="mou_export"),
    path("mous/<int:pk>/", views.MoUDetailView.as_view(), name="mou_detail"),
    path("mous/<int:pk>/edit/", views.MoUUpdateView.as_view(), name="mou_edit"),
    path("mous/<int:pk>/document/", views.MoUDocumentView.as_view(), name="mou_document"),
    *step_urls(MoU, "mous/"),  # mou_sign, mou_activate, mou_expire, mou_renew, mou_terminate
]
