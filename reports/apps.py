from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.conf import settings

        from gugustugas.workflow import step_taken
        from reports import inbox, menu  # noqa: F401 -- "Tugas saya" items, the task-force page's link
        from reports.models import Report
        from reports.tasks import on_step_taken

        step_taken.connect(on_step_taken, sender=Report, dispatch_uid="reports.step_mail")
        if settings.REPORT_SIGNING_PRELOAD:
            from reports import signing

            signing.preload()
