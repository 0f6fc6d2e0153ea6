"""The journal (DESIGN §10): one helper every state-changing service calls once.

    journaliser(facture, "facture.emettre", par=utilisateur, numero=facture.numero)

The row is written in the caller's transaction, so a change that rolls back leaves no
trace. The family and school are taken from the object (`famille_id`, `etablissement_id`)
unless given; the data is anything JSON-serialisable (Decimal and dates included).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from imuse.models import Journal


def _cle(valeur: Any) -> int | None:
    if valeur is None or isinstance(valeur, int):
        return valeur
    return valeur.pk


def entree(
    objet: models.Model | None,
    action: str,
    *,
    par=None,
    famille: Any = None,
    etablissement: Any = None,
    **donnees: Any,
) -> Journal:
    """The journal row `journaliser` writes, unsaved (for `journaliser_en_lot`)."""
    famille_id = _cle(famille)
    if famille_id is None and objet is not None:
        famille_id = getattr(objet, "famille_id", None)
    etablissement_id = _cle(etablissement)
    if etablissement_id is None and objet is not None:
        etablissement_id = getattr(objet, "etablissement_id", None)
    return Journal(
        etablissement_id=etablissement_id,
        famille_id=famille_id,
        content_type=ContentType.objects.get_for_model(objet) if objet is not None else None,
        object_id=objet.pk if objet is not None else None,
        objet_libelle=str(objet)[:200] if objet is not None else "",
        action=action,
        par=par if getattr(par, "pk", None) else None,
        donnees=donnees,
    )


def journaliser(
    objet: models.Model | None,
    action: str,
    *,
    par=None,
    famille: Any = None,
    etablissement: Any = None,
    **donnees: Any,
) -> Journal:
    """Record that `par` did `action` ("<noun>.<verb>") on `objet`, with `donnees`."""
    ligne = entree(objet, action, par=par, famille=famille, etablissement=etablissement, **donnees)
    ligne.save(force_insert=True)
    return ligne


def journaliser_en_lot(entrees: list[Journal]) -> list[Journal]:
    """Write many rows made by `entree` at once: bulk operations (an import of thousands
    of records) journal each record without a query per record."""
    return Journal.objects.bulk_create(entrees, batch_size=500)


def journal_de(objet: models.Model):
    """The timeline of one object, newest first."""
    return Journal.objects.filter(
        content_type=ContentType.objects.get_for_model(objet), object_id=objet.pk
    ).select_related("par")


def journal_de_la_famille(famille_id: int):
    return Journal.objects.filter(famille_id=famille_id).select_related("par", "content_type")
