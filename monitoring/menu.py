"""The monitoring app's links on the task-force menu (``gugustugas.menu``)."""

from django.utils.translation import gettext_lazy as _

from gugustugas.menu import MenuEntry, register

STATISTICS_PAGES = (
    "monitoring:statistics_*",
    "monitoring:submission_*",
    "monitoring:aggregate",
    "monitoring:completeness",
)
ME_PAGES = (
    "monitoring:document_list",
    "monitoring:form_*",
    "monitoring:evaluation_*",
    "monitoring:action_*",
)

for entry in (
    MenuEntry(
        _("Quarterly statistics"),
        "monitoring:statistics_home",
        order=90,
        module="monitoring",
        pages=STATISTICS_PAGES,
    ),
    MenuEntry(
        _("Monitoring and evaluation"),
        "monitoring:overview",
        order=110,
        module="monitoring",
        pages=ME_PAGES,
    ),
    MenuEntry(
        _("Checklist"),
        "monitoring:checklist_list",
        order=120,
        module="monitoring",
        pages=("monitoring:checklist_*",),
    ),
):
    register(entry)
