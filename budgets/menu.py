"""The budget's link on the task-force menu (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas.menu import MenuEntry, register

register(
    MenuEntry(
        label=_("Budget"),
        url_name="budgets:overview",
        order=20,
        module="budget",
        pages=("budgets:*",),
    )
)
