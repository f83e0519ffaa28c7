from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # Register the dashboard panels, the task-force page's links and the daily jobs.
        from members import inbox, menu, oversight, panels, reminders  # noqa: F401
