"""The course sheet's year stored on the sheet (its course's), with the admin list's
indexes: newest first, by year, by activity status (docs/performance.md)."""

import django.db.models.deletion
from django.db import migrations, models


def remplir(apps, schema_editor):
    Inscription = apps.get_model("eleves", "Inscription")
    Cours = apps.get_model("eleves", "Cours")
    annee = Cours.objects.filter(pk=models.OuterRef("cours_id")).values("annee_id")[:1]
    Inscription.objects.update(annee_id=models.Subquery(annee))


class Migration(migrations.Migration):
    dependencies = [
        ("eleves", "0008_recherche_numero"),
        ("imuse", "0004_fichiers_verifies"),
    ]

    operations = [
        migrations.AddField(
            model_name="inscription",
            name="annee",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="imuse.anneescolaire",
                verbose_name="year",
            ),
        ),
        migrations.RunPython(remplir, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="inscription",
            name="annee",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="imuse.anneescolaire",
                verbose_name="year",
            ),
        ),
        migrations.AddIndex(
            model_name="inscription",
            index=models.Index(fields=["annee", "-id"], name="inscription_annee_idx"),
        ),
        migrations.AddIndex(
            model_name="inscription",
            index=models.Index(fields=["situation_activite", "-id"], name="inscription_situation_idx"),
        ),
    ]
