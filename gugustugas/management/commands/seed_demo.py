"""Load the demo data of every app (each app's ``demo.seed()``), idempotently.

Apps are seeded in INSTALLED_APPS order, so an app's demo can build on the ones to its
left. All people are fictitious; no victim data exists in this system, demo or not.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from gugustugas.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load demo task forces, members and one login per role and level (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        logins = []
        # The demo's texts are stored as Indonesian users type them, whoever calls this.
        with translation.override(settings.LANGUAGE_CODE):
            for config in apps.get_app_configs():
                if find_spec(f"{config.name}.demo") is None:
                    continue
                logins += import_module(f"{config.name}.demo").seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Password for every login: {DEMO_PASSWORD}")
        )
        for username, role, task_force in logins:
            self.stdout.write(f"  {username:<24} {role:<28} {task_force}")
