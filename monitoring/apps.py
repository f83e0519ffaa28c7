from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self):
        from gugustugas.workflow import step_taken
        from monitoring import (  # noqa: F401 -- registries
            inbox,
            menu,
            oversight,
            panels,
            plan_panels,
            reminders,
            tasks,
        )

        # menu: the task-force page's links; panels: the dashboard's owed quarters;
        # plan_panels: the plan-page panels; reminders: the daily jobs;
        # tasks: the statistics step e-mails.
        step_taken.connect(tasks.on_step, dispatch_uid="monitoring_step_emails")
