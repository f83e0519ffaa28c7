from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Action plans")

    def ready(self):
        # Register the dashboard panels and the task-force page's links.
        from actionplans import inbox, menu, oversight, panels, signals  # noqa: F401

        signals.connect()
