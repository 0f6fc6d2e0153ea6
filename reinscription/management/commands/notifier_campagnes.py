"""For cron, daily: announce the campaigns that opened and remind the families 7 days
before a campaign closes (each mailing once, as a background task)."""

from django.core.management.base import BaseCommand

from reinscription.envois import campagnes_notifier


class Command(BaseCommand):
    help = "Announce opened re-enrolment campaigns and remind families 7 days before closing."

    def handle(self, *args, **options):
        lances = campagnes_notifier()
        for envoi in lances:
            self.stdout.write(f"{envoi.campagne}: {envoi.get_nature_display()} ({envoi.total})")
        self.stdout.write(self.style.SUCCESS(f"{len(lances)} mailing(s) started."))
