"""For cron: ask the provider about online payments left pending more than 20 minutes and
settle them (confirmed, failed, canceled or expired)."""

from django.core.management.base import BaseCommand

from facturation.services.paiement import (
    VerificationImpossible,
    paiement_verifier,
    paiements_a_verifier,
)


class Command(BaseCommand):
    help = "Settle online payments left pending for more than 20 minutes."

    def handle(self, *args, **options):
        total = 0
        for attempt in paiements_a_verifier():
            total += 1
            try:
                attempt = paiement_verifier(paiement=attempt)
            except VerificationImpossible as e:
                self.stderr.write(f"{attempt.pk} {attempt.facture.numero}: {e}")
                continue
            self.stdout.write(
                f"{attempt.pk} {attempt.facture.numero}: {attempt.get_etat_display()}"
            )
        self.stdout.write(self.style.SUCCESS(f"{total} payment(s) checked."))
