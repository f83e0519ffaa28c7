from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # Register the dashboard panels, the task-force page's links and the daily jobs.
        from meetings import menu, panels, reminders  # noqa: F401
