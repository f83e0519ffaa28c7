from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GugusTugasConfig(AppConfig):
    name = "gugustugas"
    verbose_name = _("Task forces")

    def ready(self):
        from gugustugas import (
            security,  # noqa: F401 -- connects the authentication log
            worker,  # noqa: F401 -- registers its daily job
        )
        from gugustugas.daily import schedule_after_migrate

        post_migrate.connect(schedule_after_migrate, sender=self)
