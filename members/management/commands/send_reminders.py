"""Run the daily round of reminders now (``gugustugas.daily``): MoUs that end within 90
days, and whatever else the apps registered. The task worker runs it every morning."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gugustugas import daily


class Command(BaseCommand):
    help = (
        "E-mail each task force's secretariat about its signed or active MoUs that end "
        "within 90 days, once per MoU, and run the other daily jobs. The task worker "
        "(manage.py db_worker) runs this every morning by itself; use the command to catch "
        "up by hand. Running it again the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD); for catching up or testing.",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: not a date: {options['today']!r}") from exc
        for name, count in daily.run_jobs(today).items():
            self.stdout.write(f"{name}: {'failed (see the log)' if count is None else count}")
