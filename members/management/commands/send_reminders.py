"""Daily e-mail reminders to the secretariats (today: MoUs that end within 90 days)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from members.reminders import send_mou_reminders


class Command(BaseCommand):
    help = (
        "E-mail each task force's secretariat about its signed or active MoUs that end "
        "within 90 days, once per MoU. Meant to run once a day from cron or a systemd "
        "timer; running it again the same day sends nothing twice."
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
        count = send_mou_reminders(today)
        self.stdout.write(f"MoU reminders sent: {count}")
