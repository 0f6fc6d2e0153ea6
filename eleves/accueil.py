"""Accueil notices: one for every open modification request of the family, on a
guardian's file or a pupil's (this app sees both models)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from eleves.models import Eleve
from famille.models import Responsable
from imuse.menu import url_entiers, url_fixe
from imuse.models import DemandeModification
from imuse.portail import Notice
from imuse.requetes import ID, RequeteFigee

_DEMANDES = RequeteFigee(
    lambda famille_id: DemandeModification.objects.filter(
        famille_id=famille_id, statut=DemandeModification.Statut.OUVERTE
    ).select_related("content_type"),
    ID,
)


def notices(request) -> list[Notice]:
    demandes = _DEMANDES.lister(request.portail.famille.pk)
    if not demandes:
        return []
    noms = {(Responsable, request.portail.responsable.pk): request.portail.responsable}
    for modele in (Responsable, Eleve):
        ids = [
            d.object_id
            for d in demandes
            if d.content_type.model_class() is modele and (modele, d.object_id) not in noms
        ]
        if ids:
            noms.update(
                {
                    (modele, o.pk): o
                    for o in modele.objects.filter(famille=request.portail.famille, pk__in=ids)
                }
            )
    resultat = []
    for demande in demandes:
        modele = demande.content_type.model_class()
        objet = noms.get((modele, demande.object_id))
        if objet is None:
            continue
        if modele is Responsable and objet.pk == request.portail.responsable.pk:
            texte = _("Your file is waiting for validation by the administrative staff.")
            lien, lien_texte = url_fixe("famille:fiche"), _("See my file")
        else:
            nom = objet.nom_complet if modele is Responsable else str(objet)
            texte = _(
                "The file of %(nom)s is waiting for validation by the administrative staff."
            ) % {"nom": nom}
            lien, lien_texte = "", ""
            if modele is not Responsable:
                lien = url_entiers("eleves:identite", objet.pk)
                lien_texte = _("See the file of %(nom)s") % {"nom": nom}
        resultat.append(Notice(texte=texte, lien=lien, lien_texte=lien_texte, niveau="attention"))
    return resultat
