"""The meetings' link on the task-force menu (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas.menu import MenuEntry, register

register(
    MenuEntry(
        label=_("Meetings"),
        url_name="meetings:meeting_list",
        order=80,
        module="meetings",
        pages=("meetings:*",),
    )
)
