"""The reports' link on the task-force menu (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas.menu import MenuEntry, register

register(
    MenuEntry(
        label=_("Reports"),
        url_name="reports:report_list",
        order=100,
        module="reports",
        pages=("reports:report_*",),
    )
)
