import csv

import vobject
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access
from gugustugas.access import Action
from gugustugas.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    TaskForceChildMixin,
)
from gugustugas.history import history_for
from gugustugas.models import TaskForce
from members.filters import AgencyFilter, MembershipFilter
from members.forms import AgencyForm, MembershipEndForm, MembershipForm, PersonForm
from members.models import (
    Agency,
    Membership,
    Person,
    TrainingParticipant,
    create_default_agencies,
)
from members.services import current_contacts


class MembershipListView(ScopedListView):
    model = Membership
    filterset_class = MembershipFilter
    template_name = "members/membership_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "agency", "sub_task_force", "task_force__region")
            .order_by("role", "person__full_name")
        )


class MembershipCreateView(ScopedCreateView):
    model = Membership
    form_class = MembershipForm
    success_message = gettext_lazy("%(object)s was added to the task force.")

    def get_success_url(self):
        return self.task_force.get_absolute_url()


class MembershipDetailView(ScopedDetailView):
    model = Membership
    template_name = "members/membership_detail.html"

    def get_queryset(self):
        return Membership.objects.select_related(
            "person", "agency", "sub_task_force", "task_force__region", "successor__person"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        m = self.object
        context["history"] = history_for(m)
        context["successor"] = m.handed_over_to()
        context["predecessors"] = m.handed_over_from()
        context["trainings_attended"] = (
            access.visible(self.request.user, TrainingParticipant)
            .filter(person=m.person)
            .select_related("training")
            .order_by("-training__date")
        )
        context["other_seats"] = (
            m.person.memberships.exclude(pk=m.pk)
            .select_related("agency", "task_force__region")
            .order_by("-start_date")
        )
        context["position_holders"] = m.position_holders()
        return context


class MembershipUpdateView(ScopedUpdateView):
    model = Membership
    form_class = MembershipForm
    success_message = gettext_lazy("The membership of %(object)s was saved.")


class MembershipEndView(ScopedUpdateView):
    model = Membership
    form_class = MembershipEndForm
    template_name = "members/membership_end.html"
    success_message = gettext_lazy("The membership of %(object)s was ended.")

    def get_success_url(self):
        return self.object.task_force.get_absolute_url()


class PersonUpdateView(ScopedUpdateView):
    model = Person
    form_class = PersonForm
    success_message = gettext_lazy("%(object)s was saved.")

    def get_success_url(self):
        return self.object.task_force.get_absolute_url()


class AgencyListView(ScopedListView):
    model = Agency
    filterset_class = AgencyFilter
    template_name = "members/agency_list.html"


class AgencyCreateView(ScopedCreateView):
    model = Agency
    form_class = AgencyForm
    success_message = gettext_lazy("Agency “%(object)s” was added.")

    def get_success_url(self):
        return redirect("members:agency_list", tf=self.task_force.pk).url


class AgencyUpdateView(ScopedUpdateView):
    model = Agency
    form_class = AgencyForm
    success_message = gettext_lazy("Agency “%(object)s” was saved.")

    def get_success_url(self):
        return redirect("members:agency_list", tf=self.object.task_force_id).url


@login_required
@require_POST
def agency_add_defaults(request, tf):
    task_force = access.get_for_user(request.user, TaskForce, Action.EDIT, pk=tf)
    added = create_default_agencies(task_force)
    message = ngettext(
        "%(count)d default agency was added.", "%(count)d default agencies were added.", added
    )
    messages.success(request, message % {"count": added})
    return redirect("members:agency_list", tf=task_force.pk)


class ContactListView(TaskForceChildMixin, generic.ListView):
    template_name = "members/contact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return current_contacts(self.task_force)


def _safe_cell(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: neutralise it.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _filename(task_force: TaskForce, extension: str) -> str:
    return f"kontak-{slugify(str(task_force.region))}.{extension}"


@login_required
@require_GET
def contact_csv(request, tf):
    task_force = access.get_for_user(
        request.user, TaskForce.objects.select_related("region"), pk=tf
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(task_force, "csv")}"'
    response.write("\ufeff")  # lets Excel recognise UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("Role"), _("Position"), _("Agency"), _("Sub-GT"), _("E-mail"), _("Phone")]
    )
    for m in current_contacts(task_force):
        row = [
            str(m.person),
            m.role_title,
            m.position_title,
            m.agency.name,
            m.sub_task_force.name if m.sub_task_force else "",
            m.person.email,
            m.person.phone,
        ]
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


@login_required
@require_GET
def contact_vcard(request, tf):
    task_force = access.get_for_user(
        request.user, TaskForce.objects.select_related("region"), pk=tf
    )
    cards = []
    for m in current_contacts(task_force):
        card = vobject.vCard()
        card.add("fn").value = str(m.person)
        card.add("n").value = vobject.vcard.Name(family=m.person.full_name)
        card.add("org").value = [m.agency.name]
        card.add("title").value = m.position_title
        card.add("role").value = m.role_title
        if m.person.email:
            card.add("email").value = m.person.email
        if m.person.phone:
            card.add("tel").value = m.person.phone
        card.add("note").value = str(task_force)
        cards.append(card.serialize())
    response = HttpResponse("".join(cards), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(task_force, "vcf")}"'
    return response
