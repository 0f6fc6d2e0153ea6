"""For cron, daily: one message per family grouping the evaluations published before
today and not yet told."""

from django.core.management.base import BaseCommand

from eleves.services import evaluations_notifier


class Command(BaseCommand):
    help = "E-mail each family the evaluations published (one grouped message a day)."

    def handle(self, *args, **options):
        n = evaluations_notifier()
        self.stdout.write(self.style.SUCCESS(f"{n} family(ies) told."))
