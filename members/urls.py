from django.urls import path

from members import views
from members.urls_partners import urlpatterns as partner_urls
from members.urls_training import urlpatterns as training_urls

app_name = "members"

urlpatterns = [
    path(
        "taskforces/<int:tf>/members/", views.MembershipListView.as_view(), name="membership_list"
    ),
    path(
        "taskforces/<int:tf>/members/add/",
        views.MembershipCreateView.as_view(),
        name="membership_create",
    ),
    path("memberships/<int:pk>/", views.MembershipDetailView.as_view(), name="membership_detail"),
    path(
        "memberships/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership_edit"
    ),
    path("memberships/<int:pk>/end/", views.MembershipEndView.as_view(), name="membership_end"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_edit"),
    path("taskforces/<int:tf>/agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path(
        "taskforces/<int:tf>/agencies/add/", views.AgencyCreateView.as_view(), name="agency_create"
    ),
    path(
        "taskforces/<int:tf>/agencies/defaults/",
        views.agency_add_defaults,
        name="agency_add_defaults",
    ),
    path("agencies/<int:pk>/edit/", views.AgencyUpdateView.as_view(), name="agency_edit"),
    path("taskforces/<int:tf>/contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("taskforces/<int:tf>/contacts.csv", views.contact_csv, name="contact_csv"),
    path("taskforces/<int:tf>/contacts.vcf", views.contact_vcard, name="contact_vcard"),
    *partner_urls,
    *training_urls,
]
