"""State changes of SEPA mandates: guardian 1 signs one online, staff record a paper one,
staff revoke one. The creditor's settings (ICS, IBAN, BIC) are read here too.

Atomic, keyword-only, `par` the acting user, one journal row; FacturationError on refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import MandatSepa, ParametresFacturation
from facturation.sepa_validation import normaliser_bic, normaliser_iban
from facturation.services.factures import FacturationError
from imuse.journal import journaliser
from imuse.requetes import ID, RequeteFigee, comme_first

# The standard wording of a SEPA Core mandate (EPC rulebook, French version); the
# creditor's name is put in. Kept with the mandate as the consent the guardian gave.
TEXTE_MANDAT = (
    "En signant ce formulaire de mandat, vous autorisez {creancier} à envoyer des "
    "instructions à votre banque pour débiter votre compte, et votre banque à débiter "
    "votre compte conformément aux instructions de {creancier}. Vous bénéficiez du droit "
    "d'être remboursé par votre banque selon les conditions décrites dans la convention "
    "que vous avez passée avec elle. Une demande de remboursement doit être présentée dans "
    "les 8 semaines suivant la date de débit de votre compte pour un prélèvement autorisé. "
    "Vos droits concernant le présent mandat sont expliqués dans un document que vous "
    "pouvez obtenir auprès de votre banque."
)


def texte_mandat(etablissement) -> str:
    return TEXTE_MANDAT.format(creancier=etablissement.nom)


@dataclass
class Creancier:
    nom: str
    ics: str
    iban: str
    bic: str

    @property
    def complet(self) -> bool:
        return bool(self.ics and self.iban)


# Read on the Prélèvement page and the admin's direct debit pages: compiled once.
_PARAMETRES = RequeteFigee(
    lambda etablissement_id: comme_first(
        ParametresFacturation.objects.filter(etablissement_id=etablissement_id)
    ),
    ID,
)
_MANDAT_ACTIF = RequeteFigee(
    lambda famille_id: comme_first(MandatSepa.objects.de_la_famille(famille_id).actifs()),
    ID,
)


def creancier(etablissement) -> Creancier:
    """The school as creditor (its invoicing settings); empty fields when not set."""
    parametres = _PARAMETRES.premier(etablissement.pk)
    return Creancier(
        nom=etablissement.nom,
        ics=parametres.ics if parametres else "",
        iban=parametres.iban_creancier if parametres else "",
        bic=parametres.bic_creancier if parametres else "",
    )


def mandat_actif(famille) -> MandatSepa | None:
    return _MANDAT_ACTIF.premier(famille.pk)


def verifier_compte(*, iban: str, bic: str, titulaire: str) -> dict[str, str]:
    """The account's fields normalised, or ValidationError with a message per field
    (the forms call it; the services again)."""
    erreurs, valeurs = {}, {}
    try:
        valeurs["iban"] = normaliser_iban(iban)
    except ValidationError as e:
        erreurs["iban"] = e.messages[0]
    # An empty BIC is looked up from the IBAN: asked for only once the IBAN is right.
    if "iban" in valeurs or (bic or "").strip():
        try:
            valeurs["bic"] = normaliser_bic(bic, valeurs.get("iban", ""))
        except ValidationError as e:
            erreurs["bic"] = e.messages[0]
    valeurs["titulaire"] = " ".join((titulaire or "").split())[:70]
    if not valeurs["titulaire"]:
        erreurs["titulaire"] = _("Enter the name of the account holder.")
    if erreurs:
        raise ValidationError(erreurs)
    return valeurs


def _rum(famille) -> str:
    """IMUSE-<school>-<family number>-<n>: unique, 35 characters at most."""
    n = MandatSepa.objects.filter(famille=famille).count() + 1
    return f"IMUSE-{famille.etablissement_id}-{famille.numero}-{n}"


def _creer(*, famille, source, par, jour, signe_par=None, consentement="", **compte):
    try:
        valeurs = verifier_compte(**compte)
    except ValidationError as e:
        raise FacturationError(" ".join(e.messages)) from None
    if not creancier(famille.etablissement).ics:
        raise FacturationError(
            _("The school has not set its creditor identifier (ICS) yet: direct debit is closed.")
        )
    if mandat_actif(famille) is not None:
        raise FacturationError(_("The family already has an active mandate: revoke it first."))
    rum = _rum(famille)
    while MandatSepa.objects.filter(rum=rum).exists():
        rum += "-B"
    try:
        with transaction.atomic():
            mandat = MandatSepa.objects.create(
                etablissement=famille.etablissement,
                famille=famille,
                rum=rum,
                date_signature=jour or timezone.localdate(),
                source=source,
                signe_par=signe_par,
                consentement=consentement,
                cree_par=par,
                **valeurs,
            )
    except IntegrityError:
        raise FacturationError(
            _("The family already has an active mandate: revoke it first.")
        ) from None
    journaliser(
        mandat,
        "mandat.signer" if source == MandatSepa.Source.EN_LIGNE else "mandat.enregistrer",
        par=par,
        rum=mandat.rum,
        iban=mandat.iban_masque,
        source=source,
    )
    return mandat


@transaction.atomic
def mandat_signer(
    *, responsable, iban: str, bic: str, titulaire: str, consentement: bool, par
) -> MandatSepa:
    """Guardian 1 signs the family's mandate online, having ticked the consent."""
    if responsable.rang != 1:
        raise FacturationError(_("Only guardian 1 of the family can sign the mandate."))
    if not consentement:
        raise FacturationError(_("Tick the box to give your consent to the mandate."))
    famille = responsable.famille
    return _creer(
        famille=famille,
        source=MandatSepa.Source.EN_LIGNE,
        par=par,
        jour=timezone.localdate(),
        signe_par=responsable,
        consentement=texte_mandat(famille.etablissement),
        iban=iban,
        bic=bic,
        titulaire=titulaire,
    )


@transaction.atomic
def mandat_enregistrer(
    *, famille, iban: str, bic: str, titulaire: str, date_signature: date, par
) -> MandatSepa:
    """Staff record a paper mandate the family signed."""
    if date_signature > timezone.localdate():
        raise FacturationError(_("The signature date cannot be in the future."))
    return _creer(
        famille=famille,
        source=MandatSepa.Source.PAPIER,
        par=par,
        jour=date_signature,
        iban=iban,
        bic=bic,
        titulaire=titulaire,
    )


@transaction.atomic
def mandat_revoquer(*, mandat: MandatSepa, motif: str, par, jour: date | None = None):
    """End a mandate: no debit is made on it any more."""
    mandat = MandatSepa.objects.select_for_update().get(pk=mandat.pk)
    if mandat.statut == MandatSepa.Statut.REVOQUE:
        raise FacturationError(_("This mandate is already revoked."))
    mandat.statut = MandatSepa.Statut.REVOQUE
    mandat.revoque_le = jour or timezone.localdate()
    mandat.motif_revocation = (motif or "")[:200]
    mandat.save(update_fields=["statut", "revoque_le", "motif_revocation"])
    journaliser(mandat, "mandat.revoquer", par=par, rum=mandat.rum, motif=mandat.motif_revocation)
    return mandat


@transaction.atomic
def mandat_prelever(*, mandat: MandatSepa, prelever: bool, par) -> MandatSepa:
    """The family's payment method: its instalments debited on this mandate, or not
    (the family pays another way; the mandate stays valid)."""
    mandat = MandatSepa.objects.select_for_update().get(pk=mandat.pk)
    if mandat.statut != MandatSepa.Statut.ACTIF:
        raise FacturationError(_("This mandate is already revoked."))
    mandat.prelever = prelever
    mandat.save(update_fields=["prelever"])
    journaliser(mandat, "mandat.prelever", par=par, rum=mandat.rum, prelever=prelever)
    return mandat
