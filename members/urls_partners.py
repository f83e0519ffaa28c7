"""URL patterns of the partners pages, included by members/urls.py under "members"."""

from django.urls import path

from members import views_partners as views

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
    path("mous/<int:pk>/document/", views.mou_document, name="mou_document"),
    path("mous/<int:pk>/sign/", views.mou_sign, name="mou_sign"),
    path("mous/<int:pk>/activate/", views.mou_activate, name="mou_activate"),
    path("mous/<int:pk>/terminate/", views.mou_terminate, name="mou_terminate"),
    path("mous/<int:pk>/expire/", views.mou_expire, name="mou_expire"),
    path("mous/<int:pk>/renew/", views.mou_renew, name="mou_renew"),
]
