from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from django.utils import timezone

from imuse import extensions
from imuse.demo import Contexte


class Command(BaseCommand):
    help = "Load the demo data (two schools, about 40 families, demo accounts). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo data is for development: DEBUG is off. Use --force if you mean it."
            )
        # A fresh database (a new SQLite file) gets its tables first.
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Applying the migrations first.")
            call_command("migrate", verbosity=0, interactive=False)
        ctx = Contexte(aujourdhui=timezone.localdate())
        # The demo issues invoices, records payments and cancels a lesson through the
        # services, which tell the families: those made-up e-mails stay in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                lignes = extensions.appeler("demo", ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for ligne in lignes:
            self.stdout.write(ligne)
