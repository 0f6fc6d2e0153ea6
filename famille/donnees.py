"""The family's own records in its data export (extension point "donnees_famille")."""

from __future__ import annotations

from famille.models import DemandeCloture, Famille, Preferences, Responsable
from imuse.donnees import Table, lignes
from imuse.models import DemandeModification, HistoriqueModification


def donnees(famille: Famille) -> list:
    responsables = Responsable.objects.filter(famille=famille)
    demandes = DemandeModification.de_la_famille(famille)
    return [
        Table("famille", lignes(Famille.objects.filter(pk=famille.pk))),
        Table("responsables", lignes(responsables)),
        Table("preferences", lignes(Preferences.objects.filter(responsable__in=responsables))),
        Table("demandes_modification", lignes(demandes)),
        Table(
            "historique_modifications",
            lignes(HistoriqueModification.objects.filter(demande__in=demandes)),
        ),
        Table("demandes_cloture", lignes(DemandeCloture.objects.filter(famille=famille))),
    ]
