"""Partners of a task force (with their contact persons and the 3P map) and its MoUs
(register, components, signed document, workflow, expiry), with their .xlsx exports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access, xlsx
from gugustugas.access import Action
from gugustugas.generic import (
    ScopedChildCreateView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedFileView,
    ScopedListView,
    ScopedUpdateView,
    TaskForceChildMixin,
)
from gugustugas.history import history_for
from gugustugas.models import TaskForce
from members.filters import MoUFilter, PartnerFilter
from members.forms_partners import (
    MoUForm,
    PartnerContactForm,
    PartnerForm,
)
from members.models import MoU, Partner, PartnerContact
from members.models.partners import AREAS, COMPONENTS
from members.services import parties, with_parties
from members.spreadsheets import export_mous, export_partners

# --- partners ---------------------------------------------------------------------------


class UserFormKwargsMixin:
    """The partner and MoU forms narrow their choices to what the user may read."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class PartnerListView(ScopedListView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "members/partners/partner_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("contacts").order_by("name")


class PartnerCreateView(UserFormKwargsMixin, ScopedCreateView):
    model = Partner
    form_class = PartnerForm
    success_message = gettext_lazy("Partner “%(object)s” was added.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("members:partner_list", args=[self.task_force.pk])
        return context


class PartnerDetailView(ScopedDetailView):
    model = Partner
    template_name = "members/partners/partner_detail.html"

    def get_queryset(self):
        return Partner.objects.select_related("task_force__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        user = self.request.user
        context["contacts"] = partner.contacts.all()
        context["contact_form"] = PartnerContactForm(task_force=partner.task_force)
        context["works_with"] = partner.works_with.select_related("region")
        context["mous"] = access.visible(user, partner.mous.select_related("task_force__region"))
        context["history"] = history_for(partner)
        return context


class PartnerUpdateView(UserFormKwargsMixin, ScopedUpdateView):
    model = Partner
    form_class = PartnerForm
    success_message = gettext_lazy("Partner “%(object)s” was saved.")


class PartnerContactCreateView(ScopedChildCreateView):
    """A contact person of a partner; the partner's page posts its inline form here."""

    model = PartnerContact
    form_class = PartnerContactForm
    parent_queryset = Partner.objects.select_related("task_force__region")
    parent_field = "partner"

    @property
    def title(self) -> str:
        return _("Add a contact person of %(partner)s") % {"partner": self.parent}

    def get_success_message(self) -> str:
        return _("%(contact)s was added as a contact person.") % {"contact": self.object}

    def get_success_url(self) -> str:
        return self.parent.get_absolute_url()


@login_required
@require_POST
def partner_contact_remove(request, pk):
    contact = access.get_for_user(
        request.user, PartnerContact.objects.select_related("partner"), Action.EDIT, pk=pk
    )
    partner = contact.partner
    contact.delete()
    messages.success(request, _("%(contact)s was removed.") % {"contact": contact})
    return redirect(partner)


def map_partners(user, task_force: TaskForce):
    """The partners on a task force's map: its own, and those of other task forces (that
    the user may read) which work with it too."""
    return (
        access.visible(user, Partner)
        .filter(Q(task_force=task_force) | Q(works_with=task_force))
        .distinct()
        .select_related("task_force__region")
        .order_by("name")
    )


class PartnerMapView(TaskForceChildMixin, generic.TemplateView):
    """Who works with the task force in prevention, protection and prosecution, and of
    what kind they are; an area without a partner shows as a gap."""

    template_name = "members/partners/partner_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partners = list(map_partners(self.request.user, self.task_force))
        context["partners"] = partners
        context["areas"] = [
            {
                "key": area,
                "label": Partner._meta.get_field(area).verbose_name,
                "partners": [p for p in partners if getattr(p, area)],
            }
            for area in AREAS
        ]
        context["without_area"] = [p for p in partners if not p.areas]
        context["kinds"] = [
            {"label": label, "partners": [p for p in partners if p.kind == value]}
            for value, label in Partner.Kind.choices
        ]
        return context


# --- MoUs -------------------------------------------------------------------------------


class MoUListView(ScopedListView):
    model = MoU
    filterset_class = MoUFilter
    template_name = "members/partners/mou_list.html"

    def get_queryset(self):
        return with_parties(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for mou in context["object_list"]:
            mou.party_names = parties(mou)
            mou.missing_count = len(mou.missing_components())
            # Days left matter while the MoU binds; a draft's end date is only a plan.
            mou.days_to_end = mou.days_left(today) if mou.in_force else None
        return context


class MoUCreateView(UserFormKwargsMixin, ScopedCreateView):
    model = MoU
    form_class = MoUForm
    success_message = gettext_lazy("MoU “%(object)s” was added as a draft.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("members:mou_list", args=[self.task_force.pk])
        context["form_note"] = _(
            "Save the draft as often as you like; the MoU's page shows which components "
            "are still missing. It can be signed once all are covered and the signed "
            "document is uploaded."
        )
        return context


class MoUDetailView(ScopedDetailView):
    model = MoU
    template_name = "members/partners/mou_detail.html"

    def get_queryset(self):
        return with_parties(MoU.objects.select_related("task_force__region", "renews"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mou = self.object
        user = self.request.user
        today = timezone.localdate()
        context["components"] = [
            {"label": label, "value": _display(getattr(mou, field))} for field, label in COMPONENTS
        ]
        context["missing"] = mou.missing_components()
        context["readable_partner_ids"] = set(
            access.visible(user, mou.partners.all()).values_list("pk", flat=True)
        )
        context["renewed_by"] = access.visible(user, MoU.objects.filter(renews=mou)).first()
        context["renews"] = (
            access.visible(user, MoU.objects.filter(pk=mou.renews_id)).first()
            if mou.renews_id
            else None
        )
        context["days_left"] = mou.days_left(today)
        context["history"] = history_for(mou)
        return context


def _display(value) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return value or ""


class MoUUpdateView(UserFormKwargsMixin, ScopedUpdateView):
    """Edit a draft; a signed MoU is a record of what was agreed and stays as it is."""

    model = MoU
    form_class = MoUForm
    success_message = gettext_lazy("MoU “%(object)s” was saved.")

    def check_state(self, mou):
        mou.require_editable()


class MoUDocumentView(ScopedFileView):
    model = MoU
    file_field = "document"


# --- exports ----------------------------------------------------------------------------


def _readable_task_force(request: HttpRequest, tf: int) -> TaskForce:
    return access.get_for_user(request.user, TaskForce.objects.select_related("region"), pk=tf)


def _filename(prefix: str, task_force: TaskForce) -> str:
    return f"{prefix}-{slugify(str(task_force.region))}.xlsx"


@login_required
@require_GET
def partner_export(request, tf):
    task_force = _readable_task_force(request, tf)
    return xlsx.response(export_partners(task_force), _filename("mitra", task_force))


@login_required
@require_GET
def mou_export(request, tf):
    task_force = _readable_task_force(request, tf)
    return xlsx.response(export_mous(task_force), _filename("mou", task_force))
