"""Reads of the portal: a family's ledger per nature, its balance, what is left to pay,
and the yearly payment attestation per pupil. A fixed number of queries each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from facturation.models import (
    ZERO,
    Avoir,
    Echeance,
    Facture,
    Imputation,
    PaiementEnLigne,
    Reglement,
    Relance,
)
from facturation.templatetags.facturation import format_euros
from imuse.menu import urls_entiers
from imuse.requetes import ID, ID2, JOUR, JOUR2, TEXTE, RequeteFigee
from imuse.traduits import par_langue


def _normaliser(texte: str) -> str:
    """Case-insensitive, with every run of spaces (no-break ones included) as one space."""
    return " ".join(texte.replace("\u00a0", " ").split()).casefold()


@dataclass
class Ecriture:
    """One row of the ledger: an invoice (debit), a credit note or a payment (credit)."""

    date: date
    mode: str
    numero: str
    libelle: str
    debit: Decimal | None = None
    credit: Decimal | None = None
    remise: Decimal | None = None
    lien: str = ""
    lien_texte: str = ""
    ordre: int = 0
    # The label is the school's French text (an invoice's), not a translated one.
    libelle_francais: bool = False
    # "cancelled" on an invoice its credit notes cancel whole.
    etat: str = ""

    def texte(self) -> str:
        # Amounts as shown ("1 234,56 €", plain spaces) and as typed ("1234,56", "1234.56").
        montants = []
        for montant in (self.debit, self.credit, self.remise):
            if montant:
                brut = f"{montant:.2f}"
                montants += [format_euros(montant), brut, brut.replace(".", ",")]
        texte = " ".join(
            [
                self.date.strftime("%d/%m/%Y"),
                self.mode,
                self.numero,
                self.libelle,
                self.etat,
                *montants,
            ]
        )
        return _normaliser(texte)


@dataclass
class FactureDue:
    facture: Facture
    reste: Decimal

    @property
    def paiement_en_cours_id(self) -> int | None:
        """The pk of the invoice's online payment being verified by the bank, if any."""
        return self.facture.paiement_en_cours_id


@dataclass
class Compte:
    ecritures: list[Ecriture]
    solde: Decimal
    dues: list[FactureDue] = field(default_factory=list)
    total_ecritures: int = 0
    # Money paid and allocated to no invoice (an overpayment): to refund or to allocate.
    credit: Decimal = ZERO

    @property
    def solde_absolu(self) -> Decimal:
        """The balance without its sign: "in your favour" already says which way."""
        return abs(self.solde)


# The invoice's latest online payment waiting for the bank's answer, if any.
_EN_ATTENTE = Subquery(
    PaiementEnLigne.objects.filter(facture=OuterRef("pk"), etat=PaiementEnLigne.Etat.EN_ATTENTE)
    .order_by("-cree_le", "-pk")
    .values("pk")[:1]
)

# Whether the invoice is split into instalments: the instalments are read only then.
_A_DES_ECHEANCES = Exists(Echeance.objects.filter(facture=OuterRef("pk")))

# The ledger's reads, compiled once (imuse/requetes.py): their annotations took longer
# to build as SQL than to run.
_FACTURES = RequeteFigee(
    lambda famille_id, nature: (
        Facture.objects.de_la_famille(famille_id)
        .filter(nature=nature)
        .annotate(paiement_en_cours_id=_EN_ATTENTE, a_des_echeances=_A_DES_ECHEANCES)
        .order_by("-date_emission", "-pk")
    ),
    ID,
    TEXTE,
)
_REGLEMENTS = RequeteFigee(
    lambda famille_id, nature: (
        Reglement.objects.de_la_famille(famille_id)
        .filter(nature=nature)
        .select_related("prelevement")
        .avec_non_impute()
        .order_by("-date", "-pk")
    ),
    ID,
    TEXTE,
)


_AVOIRS = RequeteFigee(
    lambda famille_id, nature: Avoir.objects.filter(
        facture__in=Facture.objects.de_la_famille(famille_id).filter(nature=nature)
    ),
    ID,
    TEXTE,
)


@par_langue
def _textes_compte() -> tuple:
    return (
        _("Invoice %(numero)s (PDF duplicate)"),
        _("Receipt %(numero)s (PDF)"),
        _("CREDIT NOTE on %(numero)s"),
        _("cancelled"),
        {v: str(libelle) for v, libelle in Reglement._meta.get_field("mode").flatchoices},
    )


def compte(famille, nature: str, recherche: str = "") -> Compte:
    """The ledger of one nature, newest first, filtered by `recherche` on every column."""
    factures = _FACTURES.lister(famille.pk, nature)
    avoirs: dict[int, list[Avoir]] = defaultdict(list)
    # Credit notes are read only when an invoice has some (its stored total_avoirs).
    if any(f.total_avoirs for f in factures):
        for avoir in _AVOIRS.lister(famille.pk, nature):
            avoirs[avoir.facture_id].append(avoir)
    reglements = _REGLEMENTS.lister(famille.pk, nature)
    # Translated once per language, not per row (the URLs: imuse.menu.url_entiers,
    # reversed once).
    texte_facture, texte_recu, texte_avoir, annulee, modes = _textes_compte()
    url_facture = urls_entiers("facturation:facture_pdf")
    url_recu = urls_entiers("facturation:recu_pdf")
    ecritures: list[Ecriture] = []
    dues: list[FactureDue] = []
    solde = ZERO
    for facture in factures:
        ecritures.append(
            Ecriture(
                date=facture.date_emission,
                mode="",
                numero=facture.numero,
                libelle=facture.libelle,
                libelle_francais=True,
                debit=facture.montant,
                remise=facture.total_remise or None,
                lien=url_facture(facture.pk),
                lien_texte=texte_facture % {"numero": facture.numero},
                ordre=facture.pk * 3,
                etat=annulee if facture.annulee else "",
            )
        )
        solde += facture.montant
        for avoir in avoirs.get(facture.pk, ()):
            ecritures.append(
                Ecriture(
                    date=avoir.date,
                    mode="",
                    numero=avoir.numero,
                    libelle=texte_avoir % {"numero": facture.numero},
                    credit=avoir.montant,
                    ordre=facture.pk * 3 + 1,
                )
            )
            solde -= avoir.montant
        if not facture.annulee:
            reste = facture.net - facture.montant_paye  # stored by the allocating services
            if reste > 0:
                if facture.etablissement_id == famille.etablissement_id:
                    # The family's school, already read with the guardian (no query).
                    facture.etablissement = famille.etablissement
                dues.append(FactureDue(facture, reste))
    credit = ZERO
    for reglement in reglements:
        mode = modes.get(reglement.mode, reglement.mode)
        ecritures.append(
            Ecriture(
                date=reglement.date,
                mode=mode,
                numero=reglement.numero,
                libelle=reglement.reference,
                credit=reglement.montant,
                lien=url_recu(reglement.pk),
                lien_texte=texte_recu % {"numero": reglement.numero},
                ordre=reglement.pk * 3 + 2,
            )
        )
        solde -= reglement.montant
        rejet = _rejet(reglement, mode)
        if rejet is not None:
            ecritures.append(rejet)
            solde += reglement.montant
        elif reglement.non_impute > 0:
            credit += reglement.non_impute
    ecritures.sort(key=lambda e: (e.date, e.ordre), reverse=True)
    total = len(ecritures)
    recherche = _normaliser(recherche)
    if recherche:
        ecritures = [e for e in ecritures if recherche in e.texte()]
    dues.sort(key=lambda d: (d.facture.date_emission, d.facture.pk))
    return Compte(ecritures=ecritures, solde=solde, dues=dues, total_ecritures=total, credit=credit)


def _rejet(reglement: Reglement, mode: str) -> Ecriture | None:
    """The debit line of a direct debit the bank rejected: its money came back."""
    ligne = getattr(reglement, "prelevement", None)
    if ligne is None or ligne.statut != ligne.Statut.REJETEE:
        return None
    return Ecriture(
        date=ligne.rejetee_le or reglement.date,
        mode=mode,
        numero=reglement.numero,
        libelle=_("Direct debit rejected: %(motif)s") % {"motif": ligne.get_motif_rejet_display()},
        debit=reglement.montant,
        ordre=reglement.pk * 3 + 2,
    )


# A portal download's invoice or payment, the family's only, compiled once.
_FACTURE = RequeteFigee(
    lambda famille_id, pk: Facture.objects.de_la_famille(famille_id).filter(pk=pk),
    ID,
    ID2,
)
_REGLEMENT = RequeteFigee(
    lambda famille_id, pk: Reglement.objects.de_la_famille(famille_id).filter(pk=pk), ID, ID2
)
_PK_MAX = 2**63 - 1  # a bigint; beyond, no row (Django's own lookup says so too)


def _de_la_famille(requete, famille, pk: int):
    if not 0 < pk <= _PK_MAX:
        return None
    objet = requete.premier(famille.pk, pk)
    if objet is not None:
        # The family and its school, read with the guardian: not read again.
        objet.famille = famille
        if objet.etablissement_id == famille.etablissement_id:
            objet.etablissement = famille.etablissement
    return objet


def facture_de_la_famille(famille, pk: int) -> Facture | None:
    """The family's issued invoice `pk`, its credit notes read
    only when it has some; None when it is not the family's."""
    facture = _de_la_famille(_FACTURE, famille, pk)
    if facture is not None and facture.total_avoirs:
        prefetch_related_objects([facture], "avoirs")
    return facture


def reglement_de_la_famille(famille, pk: int) -> Reglement | None:
    """The family's payment `pk`, or None when it is not the family's."""
    return _de_la_famille(_REGLEMENT, famille, pk)


def _somme(queryset, champ: str, groupe: str = "famille"):
    return Coalesce(
        Subquery(
            queryset.order_by().values(groupe).annotate(s=Sum(champ)).values("s")[:1],
            output_field=DecimalField(),
        ),
        Value(ZERO),
        output_field=DecimalField(),
    )


def montant_du_annote(famille_id):
    """The family's row annotated with du_factures, du_avoirs and du_reglements."""
    from famille.models import Famille

    return Famille.objects.filter(pk=famille_id).annotate(
        du_factures=_somme(Facture.objects.emises().filter(famille=OuterRef("pk")), "montant"),
        du_avoirs=_somme(
            Avoir.objects.filter(facture__famille=OuterRef("pk")),
            "montant",
            "facture__famille",
        ),
        du_reglements=_somme(
            Reglement.objects.non_rejetes().filter(famille=OuterRef("pk")), "montant"
        ),
    )


def _montant_du(famille_id):
    return (
        montant_du_annote(famille_id)
        .values("du_factures", "du_avoirs", "du_reglements")
        .order_by("pk")[:1]
    )


# On Accueil and the account page: compiled once (imuse/requetes.py).
_MONTANT_DU = RequeteFigee(_montant_du, ID)


def montant_du(famille) -> Decimal:
    """What the family owes across both natures, in one query."""
    ligne = _MONTANT_DU.premier(famille.pk)
    if ligne is None:
        return ZERO
    return ligne["du_factures"] - ligne["du_avoirs"] - ligne["du_reglements"]


@dataclass
class LigneAttestation:
    date: date
    numero_reglement: str
    mode: str
    numero_facture: str
    designation: str
    montant: Decimal


def repartir(montant: Decimal, poids: list[Decimal]) -> list[Decimal]:
    """Share `montant` among lines in proportion to `poids`, to the cent, the parts
    summing exactly to `montant` (largest remainders get the leftover cents)."""
    total = sum(poids, ZERO)
    if not total:
        return [ZERO for _ in poids]
    centimes = int((montant * 100).to_integral_value())
    exacts = [Decimal(centimes) * p / total for p in poids]
    parts = [int(e.to_integral_value(rounding="ROUND_FLOOR")) for e in exacts]
    reste = centimes - sum(parts)
    ordre = sorted(range(len(poids)), key=lambda i: exacts[i] - parts[i], reverse=True)
    for i in ordre[: abs(reste)]:
        parts[i] += 1 if reste > 0 else -1
    return [Decimal(p) / 100 for p in parts]


# Compiled once (imuse/requetes.py): the year as its first and last days, as Django's
# __year lookup compiles it.
_IMPUTATIONS_ANNEE = RequeteFigee(
    lambda famille_id, eleve_id, debut, fin: (
        Imputation.objects.filter(
            reglement__famille=famille_id,
            reglement__date__gte=debut,
            reglement__date__lte=fin,
            facture__lignes__eleve=eleve_id,
            facture__annulee=False,
        )
        .select_related("reglement", "facture")
        .prefetch_related("facture__lignes")
        .distinct()
        .order_by("reglement__date", "pk")
    ),
    ID,
    ID2,
    JOUR,
    JOUR2,
)


def attestation(famille, eleve, annee: int) -> tuple[list[LigneAttestation], Decimal]:
    """What was paid in calendar year `annee` for `eleve` (a tax document).

    Each allocation of a payment to an invoice (its date: the payment's) is shared among
    all the invoice's lines in proportion to their net amounts (after line discounts; a
    global discount is thus spread over the lines), so that the parts of one allocation
    add up exactly to what was allocated; the pupil's lines are kept. Cancelled invoices
    (credit notes) and money not allocated to an invoice (a credit) are not attested.
    """
    if not 1 <= annee <= 9999:
        return [], ZERO
    imputations = _IMPUTATIONS_ANNEE.lister(
        famille.pk, eleve.pk, date(annee, 1, 1), date(annee, 12, 31)
    )
    lignes: list[LigneAttestation] = []
    total = ZERO
    for imputation in imputations:
        facture = imputation.facture
        lignes_facture = list(facture.lignes.all())
        parts = repartir(imputation.montant, [ligne.montant for ligne in lignes_facture])
        for ligne, part in zip(lignes_facture, parts, strict=True):
            if ligne.eleve_id != eleve.pk or not part:
                continue
            lignes.append(
                LigneAttestation(
                    date=imputation.reglement.date,
                    numero_reglement=imputation.reglement.numero,
                    mode=imputation.reglement.get_mode_display(),
                    numero_facture=facture.numero,
                    designation=ligne.designation,
                    montant=part,
                )
            )
            total += part
    return lignes, total


_RELANCES = RequeteFigee(
    lambda famille_id: Relance.objects.de_la_famille(famille_id).order_by("-date", "-pk")[:10],
    ID,
)


_RELANCE = RequeteFigee(
    lambda famille_id, pk: Relance.objects.de_la_famille(famille_id).filter(pk=pk)[:1],
    ID,
    ID2,
)


def relance(famille, pk: int) -> Relance | None:
    """One of the family's reminders, or None (another family's, or none)."""
    return _RELANCE.premier(famille.pk, pk)


def relances_recentes(famille) -> list[Relance]:
    """The family's ten latest reminders, newest first."""
    return _RELANCES.lister(famille.pk)


def _eleves_attestation(famille_id):
    from eleves.models import Eleve

    # One row per (pupil of the family, year of a payment allocated to one of its invoices).
    return (
        Eleve.objects.filter(
            famille_id=famille_id,
            lignes_facture__facture__annulee=False,
            lignes_facture__facture__imputations__reglement__famille=famille_id,
        )
        .annotate(annee=ExtractYear("lignes_facture__facture__imputations__reglement__date"))
        .only("nom", "prenom", "famille_id")
        .order_by()
        .distinct()
    )


_ELEVES_ATTESTATION = RequeteFigee(_eleves_attestation, ID)


def attestations_disponibles(famille) -> list[tuple[int, list]]:
    """(year, pupils by first name) for which a payment attestation exists, newest year
    first: the years and the pupils' names in one query (the family's pupils only)."""
    par_annee: dict[int, dict] = defaultdict(dict)
    for eleve in _ELEVES_ATTESTATION.lister(famille.pk):
        par_annee[eleve.annee].setdefault(eleve.pk, eleve)
    return [
        (annee, sorted(par_annee[annee].values(), key=lambda e: e.prenom))
        for annee in sorted(par_annee, reverse=True)
    ]
