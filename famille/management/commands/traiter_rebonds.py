"""For cron: read the bounce mailbox (a Maildir, or .eml files) and mark on each guardian
the addresses that bounced for good; they get no more e-mail until the address changes.

Why a command reading a mailbox: every SMTP server and relay returns bounces as
delivery status notifications to the envelope sender (DEFAULT_FROM_EMAIL or a dedicated
bounce address), whatever the provider, with no webhook to expose or secure.

    manage.py traiter_rebonds --maildir /var/mail/rebonds --supprimer
    manage.py traiter_rebonds rebond1.eml rebond2.eml
"""

import mailbox
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from famille.rebonds import echecs_permanents, lire
from famille.services import rebond_enregistrer


class Command(BaseCommand):
    help = "Mark the guardians whose e-mail address bounced (reads DSN messages)."

    def add_arguments(self, parser):
        parser.add_argument("fichiers", nargs="*", help=".eml files holding DSN messages")
        parser.add_argument("--maildir", help="a Maildir receiving the bounces")
        parser.add_argument(
            "--supprimer", action="store_true", help="delete the Maildir messages once read"
        )

    def handle(self, *args, fichiers, maildir=None, supprimer=False, **options):
        if not fichiers and not maildir:
            raise CommandError("Give .eml files or --maildir.")
        marques = lus = 0
        for chemin in fichiers:
            lus += 1
            marques += self._traiter(lire(Path(chemin).read_bytes()))
        if maildir:
            boite = mailbox.Maildir(maildir, factory=None, create=False)
            for cle in list(boite.keys()):
                lus += 1
                marques += self._traiter(lire(boite.get_bytes(cle)))
                if supprimer:
                    boite.remove(cle)
        self.stdout.write(self.style.SUCCESS(f"{lus} message(s) read, {marques} guardian(s)."))

    def _traiter(self, message) -> int:
        total = 0
        for adresse, diagnostic in echecs_permanents(message):
            n = rebond_enregistrer(email=adresse, motif=diagnostic)
            self.stdout.write(f"{adresse}: {n} guardian(s) marked ({diagnostic})")
            total += n
        return total
