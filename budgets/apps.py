from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self):
        # Register the dashboard panels and the task-force page's links.
        from budgets import inbox, menu, oversight, panels  # noqa: F401
