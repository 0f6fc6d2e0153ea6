"""State changes of tariff grids: copy a year's grid to the next school year."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from facturation.models import GrilleTarifaire
from facturation.services.factures import FacturationError
from imuse.journal import journaliser
from imuse.models import AnneeScolaire


def _annee_suivante(annee: AnneeScolaire) -> AnneeScolaire | None:
    return (
        AnneeScolaire.objects.filter(etablissement=annee.etablissement_id, debut__gt=annee.debut)
        .order_by("debut")
        .first()
    )


@transaction.atomic
def grille_copier(
    *, grille: GrilleTarifaire, par, annee: AnneeScolaire | None = None
) -> GrilleTarifaire:
    """Copy a grid (brackets, rules, rental rates, family rules) to another school year of
    the same school, the next one by default. Its amounts are then edited there."""
    source = GrilleTarifaire.objects.select_related("annee").get(pk=grille.pk)
    cible = annee or _annee_suivante(source.annee)
    if cible is None:
        raise FacturationError(
            _("No school year after %(annee)s: create it first.") % {"annee": source.annee.libelle}
        )
    if cible.etablissement_id != source.etablissement_id:
        raise FacturationError(_("The school year belongs to another school."))
    if GrilleTarifaire.objects.filter(annee=cible).exists():
        raise FacturationError(_("%(annee)s already has a tariff grid.") % {"annee": cible.libelle})
    tranches = list(source.tranches.all())
    regles = list(source.regles.all())
    locations = list(source.tarifs_location.all())
    copie = source
    copie.pk = None
    copie.annee = cible
    copie._state.adding = True
    copie.save()
    for objets in (tranches, regles, locations):
        for objet in objets:
            objet.pk = None
            objet.grille = copie
        if objets:
            type(objets[0]).objects.bulk_create(objets)
    journaliser(
        copie,
        "grille.copier",
        par=par,
        depuis=grille.pk,
        annee=cible.libelle,
        regles=len(regles),
    )
    return copie
