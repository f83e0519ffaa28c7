from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self):
        from monitoring import plan_panels  # noqa: F401 -- registers the plan-page panels
