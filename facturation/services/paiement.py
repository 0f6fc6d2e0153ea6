"""Online payment (DESIGN §5) through eopayment: PayFiP's web service (`payfip_ws`) for
real schools, and its `dummy` backend pointed at our sandbox bank page for demos and tests
(the app bac_a_sable, above this one: reached by its URL name and, for status checks, by
the PAIEMENT_STATUT_BAC_A_SABLE setting, a dotted path; never imported).

One PaiementEnLigne per attempt. The provider's server-to-server notification, the
family's return and the `verifier_paiements` command all end in `reponse_traiter`, which
keeps every message, refuses (and logs) unknown attempts, wrong amounts and bad
signatures, and settles the attempt. `paiement_confirmer` locks the attempt and records
exactly one Reglement, however many notifications arrive and in whatever order.

The family reaches the bank through a redirect answering the POST of the "Paiement en
ligne" button. Browsers apply the CSP form-action to that redirect: a school on PayFiP
needs CSP_FORM_ACTION=https://www.payfip.gouv.fr in the environment.
"""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

import eopayment
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from facturation.models import (
    Facture,
    ModeReglement,
    NotificationPaiement,
    PaiementEnLigne,
    ParametresPaiement,
)
from facturation.parametres import parametres_paiement
from facturation.services.factures import FacturationError, reste_a_payer
from facturation.services.reglements import reglement_enregistrer
from imuse.emails import envoyer_email
from imuse.journal import journaliser

log = logging.getLogger("facturation.paiement")

DUMMY = ParametresPaiement.Backend.BAC_A_SABLE
PAYFIP = ParametresPaiement.Backend.PAYFIP
DELAI_VERIFICATION = timedelta(minutes=20)
Etat = PaiementEnLigne.Etat


# What we keep of a message from a provider, and the most we read of it.
TAILLE_CONTENU = 4_000
TAILLE_MAX_MESSAGE = 16_000


class PaiementRefuse(Exception):
    """A notification we do not trust; the message says why (for the log)."""


class PaiementEnCours(FacturationError):
    """The invoice already has a live attempt: the family resumes or checks it."""

    def __init__(self, paiement: PaiementEnLigne):
        super().__init__(
            _(
                "A payment of this invoice is already in progress. You can go back to the "
                "bank page or check whether it went through."
            )
        )
        self.paiement = paiement


class VerificationImpossible(FacturationError):
    """The provider could not tell the state of an attempt."""


def parametres(etablissement) -> ParametresPaiement | None:
    return parametres_paiement(etablissement)


def paiement_propose(etablissement) -> bool:
    params = parametres(etablissement)
    return params is not None and params.paiement_en_ligne


def _url(nom: str, *args) -> str:
    return settings.PORTAIL_URL + reverse(nom, args=args)


def backend_eopayment(etablissement, kind: str) -> eopayment.Payment:
    params = parametres(etablissement)
    if params is None or params.backend != kind or not params.paiement_en_ligne:
        raise FacturationError(_("Online payment is not available."))
    if kind == DUMMY and not apps.is_installed("bac_a_sable"):
        # A school left on the sandbox where the sandbox bank is not installed.
        raise FacturationError(_("Online payment is not available."))
    options = {
        "normal_return_url": _url("facturation:paiement_retour", kind),
        "automatic_return_url": _url("facturation:paiement_notification", kind),
    }
    if kind == PAYFIP:
        options.update(numcli=params.numcli, saisie=params.saisie)
    else:
        options.update(origin=etablissement.nom)
    return eopayment.Payment(kind, options, logger=log)


# --- The sandbox bank's signature -------------------------------------------------------


def _canonique(champs: dict[str, str]) -> str:
    return urlencode(sorted((k, v) for k, v in champs.items() if k != "signature"))


def signer(champs: dict[str, str]) -> dict[str, str]:
    """Sign a sandbox message as the simulated bank would (HMAC of our secret key)."""
    signature = salted_hmac("facturation.bac_a_sable", _canonique(champs), algorithm="sha256")
    return {**champs, "signature": signature.hexdigest()}


def _verifier_signature(query_string: str) -> None:
    champs = {k: v[0] for k, v in parse_qs(query_string).items()}
    recue = champs.get("signature", "")
    attendue = signer(champs)["signature"]
    # Bytes: compare_digest refuses a str that is not ASCII (a forged signature).
    if not recue or not hmac.compare_digest(recue.encode(), attendue.encode()):
        raise PaiementRefuse("bad signature")


# --- Creating an attempt ----------------------------------------------------------------


def refus_paiement(facture: Facture, responsable) -> str:
    """Why this guardian may not pay this invoice online, or "" if they may."""
    if responsable.rang != 1:
        return _("Only guardian 1 can pay invoices online.")
    if not paiement_propose(facture.etablissement):
        return _("Online payment is not offered by the school.")
    kind = parametres(facture.etablissement).backend
    try:
        email_exige = backend_eopayment(facture.etablissement, kind).is_email_required
    except FacturationError as e:
        return str(e)
    if not responsable.email and email_exige:
        return _(
            "Online payment needs your e-mail address, where the bank sends its receipt: "
            "add it to your details (Ma famille), then pay."
        )
    return ""


def paiement_creer(*, facture: Facture, responsable) -> tuple[PaiementEnLigne, str]:
    """Start an attempt at paying what is left on `facture`; returns it and the URL of the
    bank page to redirect the family to."""
    raison = refus_paiement(facture, responsable)
    if raison:
        raise FacturationError(raison)
    kind = parametres(facture.etablissement).backend
    with transaction.atomic():
        facture = Facture.objects.select_for_update().get(pk=facture.pk)
        reste = reste_a_payer(facture)
        if reste <= 0:
            raise FacturationError(_("This invoice has nothing left to pay."))
        # Live from its creation, through the bank call, until settled: a second tab
        # waits on the invoice's lock above, then finds this one.
        vivant = PaiementEnLigne.objects.filter(
            facture=facture, etat__in=PaiementEnLigne.ETATS_VIVANTS
        ).first()
        if vivant is not None:
            raise PaiementEnCours(vivant)
        paiement = PaiementEnLigne.objects.create(
            facture=facture,
            responsable=responsable,
            backend=kind,
            montant=reste,
            email=responsable.email,
        )
        journaliser(
            paiement,
            "paiement.creer",
            par=responsable.utilisateur,
            famille=facture.famille_id,
            etablissement=facture.etablissement_id,
            facture=facture.numero,
            montant=reste,
        )
    backend = backend_eopayment(facture.etablissement, kind)
    try:
        transaction_id, _kind, url = backend.request(
            str(paiement.montant),
            email=paiement.email,
            orderid=facture.numero,
            refdet=f"{facture.numero}P{paiement.pk}",
            exer=str(facture.date_emission.year),
            subject=f"{facture.libelle} {facture.numero}",
        )
    except Exception:
        log.exception("Online payment %s: the provider refused the request", paiement.pk)
        paiement.etat = Etat.ECHOUE
        paiement.save(update_fields=["etat", "modifie_le"])
        raise FacturationError(
            _("The payment service cannot be reached; please try again later.")
        ) from None
    if kind == DUMMY:
        # eopayment's dummy backend points at Entr'ouvert's page: we play the bank locally.
        url = reverse("bac_a_sable:page") + "?" + urlsplit(url).query
    paiement.transaction_id = transaction_id
    paiement.url_banque = url[:2000]
    paiement.etat = Etat.EN_ATTENTE
    paiement.save(update_fields=["transaction_id", "url_banque", "etat", "modifie_le"])
    log.info("Online payment %s started for invoice %s", paiement.pk, facture.numero)
    return paiement, url


# --- Settling ---------------------------------------------------------------------------


def _mode_rapporte(paiement: PaiementEnLigne, reponse) -> str:
    """The payment method the provider reports: PayFiP's "V" is a direct debit."""
    donnees = getattr(reponse, "bank_data", None) or {}
    if paiement.backend == PAYFIP and str(donnees.get("resultrans", "")).upper() == "V":
        return ModeReglement.PRELEVEMENT
    return ModeReglement.CARTE_EN_LIGNE


def paiement_confirmer(*, paiement: PaiementEnLigne, par=None, reponse=None) -> PaiementEnLigne:
    """Record the payment the provider confirmed: exactly one Reglement per attempt.

    The invoice is locked first, then the attempt: two attempts confirmed at once on one
    invoice are settled one after the other, each reading what is left after the other.
    Money the bank took is never refused: what exceeds the invoice's remainder stays on
    the payment, unallocated, a credit of the family (to refund or to allocate).
    """
    with transaction.atomic():
        facture_id = PaiementEnLigne.objects.values_list("facture_id", flat=True).get(
            pk=paiement.pk
        )
        facture = (
            Facture.objects.select_for_update(of=("self",))
            .select_related("famille", "etablissement")
            .get(pk=facture_id)
        )
        paiement = (
            PaiementEnLigne.objects.select_for_update(of=("self",))
            .select_related("responsable")
            .get(pk=paiement.pk)
        )
        if paiement.etat == Etat.CONFIRME:
            return paiement
        reste = reste_a_payer(facture)
        part = min(reste, paiement.montant)
        reglement = reglement_enregistrer(
            famille=facture.famille,
            nature=facture.nature,
            mode=_mode_rapporte(paiement, reponse),
            montant=paiement.montant,
            par=par,
            reference=f"{facture.numero} {paiement.transaction_id}"[:100],
            payeur=str(paiement.responsable or ""),
            imputations=[(facture, part)] if part > 0 else [],
            recu_envoye=True,
        )
        paiement.facture = facture
        paiement.reglement = reglement
        paiement.etat = Etat.CONFIRME
        paiement.save(update_fields=["reglement", "etat", "modifie_le"])
        journaliser(
            paiement,
            "paiement.confirmer",
            par=par,
            famille=facture.famille_id,
            etablissement=facture.etablissement_id,
            reglement=reglement.numero,
        )
        if part < paiement.montant:
            log.warning(
                "Online payment %s: %s € beyond invoice %s kept as the family's credit",
                paiement.pk,
                paiement.montant - part,
                facture.numero,
            )
        envoyer_email(
            "recu_paiement",
            [paiement.email],
            {
                "etablissement": facture.etablissement,
                "paiement": paiement,
                "facture": facture,
                "reglement": reglement,
                "responsable": paiement.responsable,
                "chemin_recu": reverse("facturation:recu_pdf", args=[reglement.pk]),
            },
        )
    log.info("Online payment %s confirmed: payment %s", paiement.pk, reglement.numero)
    return paiement


@transaction.atomic
def paiement_clore(*, paiement: PaiementEnLigne, etat: str) -> PaiementEnLigne:
    """Close an attempt that will not be paid (failed, canceled, expired)."""
    paiement = PaiementEnLigne.objects.select_for_update().get(pk=paiement.pk)
    if paiement.etat in PaiementEnLigne.ETATS_VIVANTS:
        paiement.etat = etat
        paiement.save(update_fields=["etat", "modifie_le"])
        journaliser(paiement, "paiement.clore", etat=etat)
        log.info("Online payment %s closed: %s", paiement.pk, etat)
    return paiement


def _regler(paiement: PaiementEnLigne, reponse) -> PaiementEnLigne:
    resultat = reponse.result
    if resultat == eopayment.PAID:
        return paiement_confirmer(paiement=paiement, reponse=reponse)
    donnees = reponse.bank_data or {}
    if paiement.backend == PAYFIP and str(donnees.get("resultrans", "")).upper() == "A":
        # The family abandoned on PayFiP's page: eopayment reports "waiting" for 20
        # minutes (the idop stays valid), but PayFiP says it plainly. Settled now; should
        # that idop still be paid, the money is recorded all the same (as a credit).
        return paiement_clore(paiement=paiement, etat=Etat.ANNULE)
    if resultat == eopayment.WAITING:
        return paiement
    if resultat == eopayment.EXPIRED:
        return paiement_clore(paiement=paiement, etat=Etat.EXPIRE)
    raison = reponse.bank_status
    if isinstance(raison, list):
        raison = raison[0] if raison else ""
    if resultat == eopayment.CANCELLED or raison == "abandon":
        return paiement_clore(paiement=paiement, etat=Etat.ANNULE)
    return paiement_clore(paiement=paiement, etat=Etat.ECHOUE)


def _montant_recu(kind: str, bank_data: dict) -> Decimal | None:
    if kind == PAYFIP:
        centimes = bank_data.get("montant")
        return Decimal(str(centimes)) / 100 if centimes not in (None, "") else None
    montant = bank_data.get("amount")
    if isinstance(montant, list):
        montant = montant[0] if montant else None
    return Decimal(montant) if montant else None


def _champs(kind: str, query_string: str) -> dict[str, list[str]]:
    champs = parse_qs(query_string, max_num_fields=50)
    return champs if kind == DUMMY else {k.lower(): v for k, v in champs.items()}


def tentative_du_message(kind: str, query_string: str) -> PaiementEnLigne | None:
    """The known attempt a message is about, or None (never an exception)."""
    if kind not in (DUMMY, PAYFIP) or len(query_string) > TAILLE_MAX_MESSAGE:
        return None
    if "\x00" in query_string or "%00" in query_string:
        return None
    try:
        champs = _champs(kind, query_string)
    except ValueError:
        return None
    transaction_id = (champs.get("transaction_id") or champs.get("idop") or [""])[0]
    if not transaction_id or len(transaction_id) > 100 or not transaction_id.isprintable():
        return None
    return (
        PaiementEnLigne.objects.select_related("facture__etablissement")
        .filter(backend=kind, transaction_id=transaction_id)
        .first()
    )


def reponse_traiter(
    *, kind: str, query_string: str, source: str
) -> tuple[PaiementEnLigne | None, str]:
    """Handle what a provider (or the family's return) sent.

    Only a message about a known attempt is kept (its first TAILLE_CONTENU characters):
    anyone can call these URLs, and must not fill the database. Returns the attempt
    (None if refused) and the content to answer the provider with.
    """
    paiement = tentative_du_message(kind, query_string)
    if paiement is None:
        log.warning(
            "Payment message for no known attempt refused (%s, %s, %d characters)",
            kind[:20],
            source,
            len(query_string),
        )
        return None, ""
    notification = NotificationPaiement(
        paiement=paiement, source=source, backend=kind, contenu=query_string[:TAILLE_CONTENU]
    )
    try:
        backend = backend_eopayment(paiement.facture.etablissement, kind)
        if kind == PAYFIP:
            reponse = backend.payment_status(
                paiement.transaction_id, transaction_date=paiement.cree_le
            )
        else:
            _verifier_signature(query_string)
            reponse = backend.response(query_string)
        if not reponse.signed:
            raise PaiementRefuse("response not signed")
        notification.resultat = eopayment.STATUS_NAME.get(reponse.result, str(reponse.result))
        montant = _montant_recu(kind, reponse.bank_data or {})
        if reponse.result == eopayment.PAID and montant != paiement.montant:
            raise PaiementRefuse(f"amount {montant} instead of {paiement.montant}")
    except Exception as e:  # noqa: BLE001  (any failure is the provider's: kept, answered 400)
        motif = str(e) if isinstance(e, PaiementRefuse) else f"{type(e).__name__}: {e}"
        notification.motif_refus = motif[:200]
        notification.save()
        log.warning("Payment notification refused (%s, %s): %s", kind, source, e)
        return None, ""
    notification.acceptee = True
    notification.save()
    paiement = _regler(paiement, reponse)
    return paiement, reponse.return_content or ""


def paiement_verifier(*, paiement: PaiementEnLigne) -> PaiementEnLigne:
    """Ask the provider about an attempt (eopayment's public `Payment.payment_status`),
    and settle it. Raises VerificationImpossible when the provider could not answer."""
    notification = NotificationPaiement(
        paiement=paiement, source=NotificationPaiement.Source.VERIFICATION, backend=paiement.backend
    )
    try:
        if paiement.backend == PAYFIP:
            backend = backend_eopayment(paiement.facture.etablissement, PAYFIP)
            reponse = backend.payment_status(
                paiement.transaction_id, transaction_date=paiement.cree_le
            )
        else:
            reponse = _statut_bac_a_sable(paiement)
    except Exception as e:  # noqa: BLE001  (reported to staff and the family)
        notification.motif_refus = f"{type(e).__name__}: {e}"[:200]
        notification.save()
        log.warning("Payment %s: status check failed: %s", paiement.pk, e)
        raise VerificationImpossible(
            _("The payment service could not tell the state of this payment: %(motif)s")
            % {"motif": notification.motif_refus}
        ) from None
    notification.resultat = eopayment.STATUS_NAME.get(reponse.result, str(reponse.result))
    notification.contenu = repr(reponse.bank_data)[:TAILLE_CONTENU]
    montant = _montant_recu(paiement.backend, reponse.bank_data or {})
    if reponse.result == eopayment.PAID and montant != paiement.montant:
        notification.motif_refus = f"amount {montant} instead of {paiement.montant}"
        notification.save()
        log.warning("Payment %s: status check with a wrong amount", paiement.pk)
        raise VerificationImpossible(
            _("The provider reports %(montant)s instead of %(attendu)s: check with it.")
            % {"montant": montant, "attendu": paiement.montant}
        )
    notification.acceptee = True
    notification.save()
    if reponse.result == eopayment.WAITING and timezone.now() - paiement.cree_le > timedelta(
        hours=2
    ):
        return paiement_clore(paiement=paiement, etat=Etat.EXPIRE)
    return _regler(paiement, reponse)


def _statut_bac_a_sable(paiement: PaiementEnLigne):
    """What the sandbox bank knows, through the function the PAIEMENT_STATUT_BAC_A_SABLE
    setting names (set only when the app bac_a_sable is installed)."""
    chemin = getattr(settings, "PAIEMENT_STATUT_BAC_A_SABLE", "")
    if not chemin:
        raise PaiementRefuse(
            "status check unavailable: the sandbox bank (app bac_a_sable) is not installed"
        )
    return import_string(chemin)(paiement)


def paiements_a_verifier():
    return PaiementEnLigne.objects.filter(
        etat__in=PaiementEnLigne.ETATS_VIVANTS,
        cree_le__lt=timezone.now() - DELAI_VERIFICATION,
    ).select_related("facture__etablissement")
