"""The monitoring app's links on the task-force page (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas.menu import MenuEntry, register

for entry in (
    MenuEntry(_("Quarterly statistics"), "monitoring:statistics_home", order=90),
    MenuEntry(_("Monitoring and evaluation"), "monitoring:overview", order=110),
    MenuEntry(_("Checklist"), "monitoring:checklist_list", order=120),
):
    register(entry)
