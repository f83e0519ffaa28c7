"""The members app's links on the task-force page (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas import access
from gugustugas.access import Action
from gugustugas.menu import MenuEntry, register


def editors(user, task_force) -> bool:
    return access.can(user, Action.EDIT, task_force)


for entry in (
    MenuEntry(_("Add member"), "members:membership_create", editors, order=0, primary=True),
    MenuEntry(_("Contact list"), "members:contact_list", order=30),
    MenuEntry(_("Partner map"), "members:partner_map", order=40),
    MenuEntry(_("MoU register"), "members:mou_list", order=50),
    MenuEntry(_("Agencies"), "members:agency_list", order=60),
    MenuEntry(_("Trainings"), "members:training_list", order=70),
):
    register(entry)
