from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GugusTugasConfig(AppConfig):
    name = "gugustugas"
    verbose_name = _("Task forces")

    def ready(self):
        from django.db.models import fields

        # Django's "- Select an option -" (and the old "---------") in the user's language.
        fields.BLANK_CHOICE_LABEL = _("— Choose —")

        from gugustugas import (
            security,  # noqa: F401 -- connects the authentication log
            worker,  # noqa: F401 -- registers its daily job
        )
        from gugustugas.daily import schedule_after_migrate

        post_migrate.connect(schedule_after_migrate, sender=self)
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(using="default", **kwargs):
    """The database cache's table (settings.CACHES), made by ``migrate`` like the others;
    nothing to do for other cache backends."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
