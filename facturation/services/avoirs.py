"""Credit notes (avoirs): one path for all of them. `avoir_creer` credits an issued invoice
for an amount or for some of its lines; `facture_annuler` credits all that is left of it.

A credit note never exceeds what can still be credited: the invoice's amount, less its
earlier credit notes and the payments allocated to it (money received is refunded or
re-allocated first). Once the credit notes add up to the amount, the invoice is
cancelled (`Facture.annulee`): "annulée" on every list, ledger and duplicate.

Atomic, keyword-only, `par` the acting user, one journal row; FacturationError (French
for staff) on refusal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from facturation.documents import a_rendre
from facturation.models import ZERO, Avoir, Echeance, Facture
from facturation.services.echeances import decouper
from facturation.services.factures import SERIE_AVOIR, FacturationError, numero_suivant
from imuse.journal import journaliser

log = logging.getLogger("facturation.services")


@dataclass(frozen=True)
class Creditable:
    """What an invoice's credit notes may still take: an amount, and the lines not yet
    credited by a credit note of lines."""

    montant: Decimal
    lignes: list
    paye: Decimal


def creditable(facture: Facture) -> Creditable:
    """Read what can still be credited on `facture` (a read: the service checks it again
    under the invoice's lock)."""
    facture = Facture.objects.get(pk=facture.pk)
    paye = facture.imputations.aggregate(s=Sum("montant"))["s"] or ZERO
    montant = ZERO if facture.annulee else max(facture.net - paye, ZERO)
    deja = {
        ligne["ligne"]
        for lignes in Avoir.objects.filter(facture=facture).values_list("lignes", flat=True)
        for ligne in lignes
    }
    lignes = [
        ligne
        for ligne in facture.lignes.all()
        if ligne.pk not in deja and 0 < ligne.montant <= montant
    ]
    return Creditable(montant=montant, lignes=lignes, paye=paye)


def avoir_verifier(*, facture: Facture, montant: Decimal | None, lignes: list, motif: str):
    """The amount a credit note of `montant` or of `lignes` would credit; FacturationError
    (French) when it cannot be issued. Called by the admin's form, then under the lock."""
    if not facture.est_emise:
        raise FacturationError(_("Only an issued invoice can be credited."))
    if facture.annulee:
        raise FacturationError(
            _("Invoice %(numero)s is already cancelled.") % {"numero": facture.numero}
        )
    if not (motif or "").strip():
        raise FacturationError(_("Give the reason of the credit note."))
    possible = creditable(facture)
    if lignes and montant is not None:
        raise FacturationError(_("Credit either an amount or lines, not both."))
    if lignes:
        permises = {ligne.pk for ligne in possible.lignes}
        if any(ligne.pk not in permises for ligne in lignes):
            raise FacturationError(
                _("A chosen line is already credited or is not a line of this invoice.")
            )
        montant = sum((ligne.montant for ligne in lignes), ZERO)
    if montant is None or montant <= 0:
        raise FacturationError(_("Enter an amount greater than 0, or choose lines."))
    if montant > possible.montant:
        raise FacturationError(
            _(
                "%(montant)s € is more than the %(possible)s € that can still be credited on "
                "%(numero)s (amount less earlier credit notes and allocated payments)."
            )
            % {
                "montant": number_format(montant, 2),
                "possible": number_format(possible.montant, 2),
                "numero": facture.numero,
            }
        )
    return montant


def _echeances_ajuster(facture: Facture, reste: Decimal) -> None:
    """An instalment plan not yet collected is re-split over what is left to pay (same
    dates); a plan already partly collected refuses a partial credit note."""
    echeances = list(facture.echeances.order_by("rang"))
    if not echeances:
        return
    if any(e.statut != Echeance.Statut.A_PAYER for e in echeances):
        raise FacturationError(
            _("An instalment of this invoice has already been collected: credit it in full.")
        )
    for echeance, part in zip(echeances, decouper(reste, len(echeances)), strict=True):
        echeance.montant = part
    Echeance.objects.bulk_update(echeances, ["montant"])


@transaction.atomic
def avoir_creer(
    *,
    facture: Facture,
    motif: str,
    par,
    montant: Decimal | None = None,
    lignes: list | None = None,
    jour: date | None = None,
) -> Avoir:
    """Issue a credit note on `facture` for `montant` or for the given lines (LigneFacture
    of the invoice), numbered in the credit notes' series."""
    facture = Facture.objects.select_for_update(of=("self",)).get(pk=facture.pk)
    lignes = list(lignes or [])
    montant = avoir_verifier(facture=facture, montant=montant, lignes=lignes, motif=motif)
    jour = jour or timezone.localdate()
    avoir = Avoir.objects.create(
        etablissement_id=facture.etablissement_id,
        facture=facture,
        numero=numero_suivant(facture.etablissement, SERIE_AVOIR, jour),
        date=jour,
        motif=motif.strip()[:200],
        montant=montant,
        lignes=[
            {"ligne": ligne.pk, "designation": ligne.designation, "montant": str(ligne.montant)}
            for ligne in lignes
        ],
        cree_par=par,
    )
    facture.total_avoirs += montant
    facture.annulee = facture.total_avoirs >= facture.montant
    facture.save(update_fields=["total_avoirs", "annulee"])
    if not facture.annulee:
        paye = facture.imputations.aggregate(s=Sum("montant"))["s"] or ZERO
        _echeances_ajuster(facture, facture.net - paye)
    journaliser(
        facture,
        "facture.annuler" if facture.annulee else "facture.avoir",
        par=par,
        avoir=avoir.numero,
        montant=montant,
        lignes=len(lignes),
        motif=avoir.motif,
    )
    a_rendre(f"facture:{facture.pk}")  # its duplicate now shows the credit note
    log.info("Credit note %s of %s € on invoice %s", avoir.numero, montant, facture.numero)
    return avoir


def facture_annuler(*, facture: Facture, motif: str, par, jour: date | None = None) -> Avoir:
    """Cancel an issued invoice: a credit note of all that is left of it. Refused while
    payments are allocated to it (remove them first)."""
    facture = Facture.objects.get(pk=facture.pk)
    if facture.est_emise and facture.annulee:
        raise FacturationError(
            _("Invoice %(numero)s is already cancelled.") % {"numero": facture.numero}
        )
    if facture.imputations.exists():
        raise FacturationError(
            _("Invoice %(numero)s has payments allocated: remove them first.")
            % {"numero": facture.numero}
        )
    if not facture.est_emise:
        raise FacturationError(_("Only an issued invoice can be cancelled."))
    return avoir_creer(
        facture=facture,
        motif=motif or _("Cancellation"),
        par=par,
        montant=facture.net,
        jour=jour,
    )
