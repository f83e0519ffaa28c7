"""The members app's links on the task-force menu (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas import access
from gugustugas.access import Action
from gugustugas.menu import MenuEntry, register


def editors(user, task_force) -> bool:
    return access.can(user, Action.EDIT, task_force)


for entry in (
    MenuEntry(_("Add member"), "members:membership_create", editors, order=0, primary=True),
    MenuEntry(
        _("Members"),
        "members:membership_list",
        order=5,
        module="members",
        pages=("members:membership_*", "members:person_*"),
    ),
    MenuEntry(
        _("Contact list"),
        "members:contact_list",
        order=30,
        module="members",
        pages=("members:contact_*",),
    ),
    MenuEntry(
        _("Agencies"),
        "members:agency_list",
        order=60,
        module="members",
        pages=("members:agency_*",),
    ),
    MenuEntry(
        _("Partner map"),
        "members:partner_map",
        order=40,
        module="partners",
        pages=("members:partner_*",),
    ),
    MenuEntry(
        _("MoU register"), "members:mou_list", order=50, module="partners", pages=("members:mou_*",)
    ),
    MenuEntry(
        _("Trainings"),
        "members:training_list",
        order=70,
        module="training",
        pages=("members:training_*", "members:induction*", "members:needs_survey_*"),
    ),
):
    register(entry)
