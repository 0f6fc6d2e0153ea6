"""State changes of payments: record a payment and allocate it to invoices.

Every function is atomic, takes keyword-only arguments with the acting user (`par`), and
raises FacturationError, which views and admin actions turn into a message.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from facturation.documents import a_rendre
from facturation.models import (
    ZERO,
    Facture,
    Imputation,
    ModeReglement,
    Nature,
    ParametresFacturation,
    Reglement,
)
from facturation.services.factures import (
    SERIE_REGLEMENT,
    FacturationError,
    numero_suivant,
    reste_a_payer,
)
from famille.notifications import TypeNotification, notifier
from imuse.journal import journaliser

log = logging.getLogger("facturation.services")


def imputation_verifier(*, reglement: Reglement, facture: Facture, montant: Decimal) -> None:
    """Raise FacturationError if `montant` of `reglement` cannot go to `facture`.

    The admin's form calls it to show the reason next to the fields; the service calls it
    again under the locks, where it is authoritative."""
    if facture.famille_id != reglement.famille_id or not facture.est_emise:
        raise FacturationError(_("This invoice does not belong to the family of the payment."))
    if facture.nature != reglement.nature:
        raise FacturationError(_("The invoice and the payment are not of the same nature."))
    if montant <= 0:
        raise FacturationError(_("An allocated amount must be positive."))
    reste = reste_a_payer(facture)
    if montant > reste:
        raise FacturationError(
            _("%(montant)s € is more than the %(reste)s € left to pay on %(numero)s.")
            % {
                "montant": number_format(montant, 2),
                "reste": number_format(reste, 2),
                "numero": facture.numero,
            }
        )
    deja = reglement.imputations.aggregate(s=Sum("montant"))["s"] or ZERO
    if deja + montant > reglement.montant:
        raise FacturationError(_("The allocations exceed the amount of the payment."))


def _imputer(reglement: Reglement, facture: Facture, montant: Decimal) -> Imputation:
    # The invoice row is locked so that two payments never overpay it.
    facture = Facture.objects.select_for_update().get(pk=facture.pk)
    imputation_verifier(reglement=reglement, facture=facture, montant=montant)
    imputation, cree = Imputation.objects.get_or_create(
        reglement=reglement, facture=facture, defaults={"montant": montant}
    )
    if not cree:
        imputation.montant += montant
        imputation.save(update_fields=["montant"])
    # The stored totals the admin filters on (the invoice is locked, the payment too or
    # still uncommitted): increments, checked against the sums by the tests.
    Facture.objects.filter(pk=facture.pk).update(montant_paye=F("montant_paye") + montant)
    Reglement.objects.filter(pk=reglement.pk).update(montant_impute=F("montant_impute") + montant)
    reglement.montant_impute += montant
    return imputation


@transaction.atomic
def reglement_enregistrer(
    *,
    famille,
    nature: str,
    mode: str,
    montant: Decimal,
    par,
    jour: date | None = None,
    reference: str = "",
    payeur: str = "",
    imputations: list[tuple[Facture, Decimal]] | None = None,
    recu_envoye: bool = False,
) -> Reglement:
    """Record a payment and allocate it: to the given invoices, or else to the family's
    oldest unpaid invoices of that nature.

    The family is told: by its receipt (e-mail "recu_paiement" with the receipt PDF's
    link) when the school turned `recu_par_email` on, else by a short notice; an online
    payment mails its own receipt to the payer (services/paiement.py: `recu_envoye`)."""
    if montant <= 0:
        raise FacturationError(_("The amount of a payment must be positive."))
    if mode not in ModeReglement.values or nature not in Nature.values:
        raise FacturationError(_("Unknown payment method or nature."))
    jour = jour or timezone.localdate()
    reglement = Reglement.objects.create(
        etablissement=famille.etablissement,
        famille=famille,
        nature=nature,
        numero=numero_suivant(famille.etablissement, SERIE_REGLEMENT, jour),
        date=jour,
        mode=mode,
        montant=montant,
        reference=reference,
        payeur=payeur,
        cree_par=par,
    )
    payees = []
    if imputations is None:
        reste = montant
        impayees = (
            Facture.objects.de_la_famille(famille)
            .filter(nature=nature, annulee=False)
            .avec_paye()
            .order_by("date_emission", "pk")
        )
        for facture in impayees:
            du = facture.net - facture.total_paye
            if du > 0 and reste > 0:
                part = min(du, reste)
                _imputer(reglement, facture, part)
                payees.append(facture.pk)
                reste -= part
    else:
        for facture, part in imputations:
            _imputer(reglement, facture, part)
            payees.append(facture.pk)
    recus = 0 if recu_envoye else _informer(famille, reglement)
    journaliser(
        reglement, "reglement.enregistrer", par=par, montant=montant, mode=mode, recus=recus
    )
    # Its receipt, and the duplicates of the invoices it pays (what is left to pay
    # changed), stored once committed: the family's next download is a stored file.
    a_rendre(f"recu:{reglement.pk}", *(f"facture:{pk}" for pk in dict.fromkeys(payees)))
    log.info(
        "Payment %s of %s € recorded by %s", reglement.numero, montant, getattr(par, "pk", None)
    )
    return reglement


def _informer(famille, reglement: Reglement) -> int:
    """Tell the family of a payment; the number of receipts e-mailed."""
    if recu_par_email(famille.etablissement_id):
        premiere = reglement.imputations.select_related("facture").order_by("pk").first()
        return notifier(
            famille=famille,
            type_notification=TypeNotification.REGLEMENT,
            modele="recu_paiement",
            contexte={
                "reglement": reglement,
                "facture": premiere.facture if premiere else None,
                "chemin_recu": reverse("facturation:recu_pdf", args=[reglement.pk]),
            },
        )
    # Before the option, a card payment had only its own receipt (services/paiement.py).
    if reglement.mode != ModeReglement.CARTE_EN_LIGNE:
        notifier(
            famille=famille,
            type_notification=TypeNotification.REGLEMENT,
            modele="notification_reglement",
            contexte={"reglement": reglement},
        )
    return 0


def recu_par_email(etablissement_id: int) -> bool:
    """Whether the school e-mails a receipt for every payment (ParametresFacturation)."""
    return ParametresFacturation.objects.filter(
        etablissement_id=etablissement_id, recu_par_email=True
    ).exists()


@transaction.atomic
def reglement_imputer(
    *, reglement: Reglement, facture: Facture, montant: Decimal, par
) -> Imputation:
    """Allocate (part of) a recorded payment to an invoice."""
    reglement = Reglement.objects.select_for_update().get(pk=reglement.pk)
    imputation = _imputer(reglement, facture, montant)
    journaliser(reglement, "reglement.imputer", par=par, facture=facture.numero, montant=montant)
    log.info("Payment %s allocated to %s by %s", reglement, facture, getattr(par, "pk", None))
    return imputation


@transaction.atomic
def imputations_supprimer(*, imputations, par) -> int:
    """Remove allocations (the admin's delete: a payment allocated by mistake, before an
    invoice is cancelled): the invoices have that much more to pay again, the payments
    that much more credit. The number removed."""
    imputations = list(
        Imputation.objects.select_related("reglement", "facture")
        .filter(pk__in=[i.pk for i in imputations])
        .order_by("pk")
    )
    if not imputations:
        return 0
    factures = sorted({i.facture_id for i in imputations})
    reglements = sorted({i.reglement_id for i in imputations})
    # Locked in reglement_imputer's order: the payments, then the invoices.
    list(Reglement.objects.select_for_update().filter(pk__in=reglements).order_by("pk"))
    list(Facture.objects.select_for_update().filter(pk__in=factures).order_by("pk"))
    Imputation.objects.filter(pk__in=[i.pk for i in imputations]).delete()
    Facture.objects.filter(pk__in=factures).paye_recalculer()
    Reglement.objects.filter(pk__in=reglements).impute_recalculer()
    for imputation in imputations:
        journaliser(
            imputation.reglement,
            "reglement.desimputer",
            par=par,
            facture=imputation.facture.numero,
            montant=imputation.montant,
        )
    return len(imputations)
