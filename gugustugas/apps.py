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
        install_choice_display()

        from gugustugas import (
            security,  # noqa: F401 -- connects the authentication log
            worker,  # noqa: F401 -- registers its daily job
        )
        from gugustugas.daily import schedule_after_migrate

        post_migrate.connect(schedule_after_migrate, sender=self)
        post_migrate.connect(create_cache_table, sender=self)


def install_choice_display() -> None:
    """``get_FOO_display()`` without rebuilding the field's choices on every call.

    Django's version turns the (value, label) pairs into a hashable dict each time, and
    hashing a lazy label translates it: about 50 microseconds a call, so a page naming
    the status and source of 300 budget lines spent 30 ms on it. Here each field keeps
    its {value: label} once (labels stay lazy and are translated when shown, in the
    language of the moment). Every model's ``get_FOO_display`` made by Django is
    replaced; one a model defines itself, or a field whose choices come from a callable,
    keeps its own."""
    from functools import partialmethod

    from django.apps import apps
    from django.db.models import Model
    from django.utils.encoding import force_str
    from django.utils.hashable import make_hashable

    def get_field_display(self, field, labels):
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            made = model.__dict__.get(name)
            if not (
                isinstance(made, partialmethod)
                and made.func is Model._get_FIELD_display
                and isinstance(field.choices, (list, tuple))
            ):
                continue
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            setattr(model, name, partialmethod(get_field_display, field=field, labels=labels))


def create_cache_table(using="default", **kwargs):
    """The database cache's table (settings.CACHES), made by ``migrate`` like the others;
    nothing to do for other cache backends."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
