from django.db import migrations, models


class Migration(migrations.Migration):
    """The collection file is built by a background task: its state and progress. The files
    built before were built at once: they are finished."""

    dependencies = [
        ("facturation", "0009_documents_pdf"),
    ]

    operations = [
        migrations.AlterField(
            model_name="remiseprelevement",
            name="message_id",
            field=models.CharField(
                blank=True,
                max_length=35,
                null=True,
                unique=True,
                verbose_name="message identifier",
            ),
        ),
        migrations.AddField(
            model_name="remiseprelevement",
            name="statut",
            field=models.CharField(
                choices=[
                    ("attente", "waiting"),
                    ("en_cours", "running"),
                    ("termine", "finished"),
                    ("echec", "failed"),
                ],
                default="termine",
                max_length=10,
                verbose_name="status",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="remiseprelevement",
            name="statut",
            field=models.CharField(
                choices=[
                    ("attente", "waiting"),
                    ("en_cours", "running"),
                    ("termine", "finished"),
                    ("echec", "failed"),
                ],
                default="attente",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="remiseprelevement",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="instalments to debit"),
        ),
        migrations.AddField(
            model_name="remiseprelevement",
            name="traitees",
            field=models.PositiveIntegerField(default=0, verbose_name="instalments processed"),
        ),
        migrations.AddField(
            model_name="remiseprelevement",
            name="erreur",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AddField(
            model_name="remiseprelevement",
            name="termine_le",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished on"),
        ),
    ]
