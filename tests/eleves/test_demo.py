"""The demo family shows what this issue built: pending requests, published and
unpublished evaluations, five years of history and documents."""

import io

from django.core.management import call_command

from eleves.models import DocumentEleve, Eleve, Evaluation, Inscription
from imuse.models import DemandeModification, HistoriqueModification


def test_the_demo_family_shows_requests_evaluations_history_and_documents(
    db, settings, monkeypatch
):
    settings.DEBUG = True
    # Only the loaders up to this app: later apps have their own tests.
    chemins = [
        c
        for c in settings.EXTENSIONS["demo"]
        if c.split(".")[0] in ("imuse", "comptes", "famille", "eleves")
    ]
    settings.EXTENSIONS = {**settings.EXTENSIONS, "demo": chemins}
    for _ in range(2):  # idempotent
        call_command("demo", stdout=io.StringIO())
    assert DemandeModification.objects.filter(statut="ouverte").count() == 2
    assert DemandeModification.objects.filter(statut="traitee").count() == 1
    assert HistoriqueModification.objects.count() == 3
    irina = Eleve.objects.get(prenom="Irina", famille__numero=1001)
    assert DemandeModification.objects.filter(object_id=irina.pk).exists()
    evaluations = Evaluation.objects.filter(inscription__eleve=irina)
    assert evaluations.filter(publiee=True).exists() and evaluations.filter(publiee=False).exists()
    annees = Inscription.objects.filter(eleve=irina).values("cours__annee").distinct().count()
    assert annees == 5
    assert DocumentEleve.objects.filter(eleve=irina, visible_famille=True).count() == 4
