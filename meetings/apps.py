from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from gugustugas import access
        from meetings import inbox, menu, oversight, panels, reminders, rules  # noqa: F401
        from meetings.models import Meeting

        # An invitation reads the meeting and everything scoped through it.
        access.register_read_grant(Meeting, rules.invited)
