import datetime

from django.core.management.base import BaseCommand

from gugustugas.worker import requeue_abandoned


class Command(BaseCommand):
    help = (
        "Queue again the tasks a stopped worker left running (before starting the worker, "
        "and from the daily round). --minutes 0 when this machine runs the only worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=None,
            help="Running longer than this counts as abandoned (default TASK_ABANDONED_MINUTES).",
        )

    def handle(self, *args, minutes=None, **options):
        older = None if minutes is None else datetime.timedelta(minutes=minutes)
        count = requeue_abandoned(older)
        self.stdout.write(f"{count} task(s) queued again.")
