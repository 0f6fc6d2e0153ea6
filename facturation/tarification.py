"""Pricing families from a tariff grid (issue 12): a read, it changes nothing.

`tarifer_familles(grille, periode)` yields one `Tarification` per family with something
to bill: the lines of its membership invoice (one per course sheet, the family fee, the
discounts of the 2nd and 3rd pupils, the cap), the lines of its rental invoice, and the
reasons it cannot be priced, if any. Data is read by chunks of families in a fixed number
of queries per chunk, so 100,000 families price in bounded memory.

Rules of the computation (docs/facturation.md):
- a grid's amounts are yearly; a period bills its share, cumulative rounding so that the
  periods of a year add up to the yearly amount to the cent (ROUND_HALF_UP);
- a course sheet is priced by the most specific rule whose every criterion set matches
  (discipline, department, course length, cycle, residence, QF bracket, adult/minor);
- a family without a checked QF pays the last bracket; residence is the town of
  guardian 1; a pupil is an adult who is 18 on the first day of the school year;
- pupils are ranked by what their courses cost, dearest first: the 2nd gets the 2nd
  pupil's discount, the 3rd and next the 3rd's; the cap applies after the discounts,
  the family fee is outside it and billed once a year;
- what a period already billed is never billed again: a later run bills the new course
  sheets only (prorated by months left if the grid says so), and the difference of the
  discounts and of the cap, so that the invoices of a period add up to its full price.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from eleves.models import Eleve, Inscription
from facturation.models import (
    ZERO,
    Facture,
    GrilleTarifaire,
    LigneFacture,
    Location,
    Periode,
    Public,
    RegleTarif,
    Residence,
)
from famille.models import Famille, Responsable

CENT = Decimal("0.01")
TAILLE_LOT = 2000

COURS, FRAIS, REMISE, PLAFOND, LOCATION = "cours", "frais", "remise", "plafond", "location"

# (k, n): the k-th of n equal parts of the year.
PARTS = {
    Periode.ANNEE: (1, 1),
    Periode.T1: (1, 3),
    Periode.T2: (2, 3),
    Periode.T3: (3, 3),
    Periode.S1: (1, 2),
    Periode.S2: (2, 2),
}


def arrondir(montant: Decimal) -> Decimal:
    return montant.quantize(CENT, rounding=ROUND_HALF_UP)


def part(montant: Decimal, periode: str) -> Decimal:
    """The share of a yearly amount a period bills; the shares add up to the amount."""
    k, n = PARTS[periode]
    return arrondir(montant * k / n) - arrondir(montant * (k - 1) / n)


def normaliser(texte: str) -> str:
    """ "Saint-Lô", "SAINT LO" and "saint lô " compare equal."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    for signe in "-'’":
        sans_accents = sans_accents.replace(signe, " ")
    return " ".join(sans_accents.casefold().split())


def _mois(debut: date, fin: date) -> list[tuple[int, int]]:
    mois, (a, m) = [], (debut.year, debut.month)
    while (a, m) <= (fin.year, fin.month):
        mois.append((a, m))
        a, m = (a + 1, 1) if m == 12 else (a, m + 1)
    return mois


def mois_de_la_periode(annee, periode: str) -> list[tuple[int, int]]:
    """The (year, month) of a period: the school year's months cut in equal parts."""
    mois = _mois(annee.debut, annee.fin)
    k, n = PARTS[periode]
    return mois[len(mois) * (k - 1) // n : len(mois) * k // n]


@dataclass
class LignePrix:
    genre: str
    designation: str
    prix_unitaire: Decimal
    remise: Decimal = ZERO
    tarif: str = ""
    eleve: Eleve | None = None
    inscription: Inscription | None = None
    location: Location | None = None

    @property
    def montant(self) -> Decimal:
        return self.prix_unitaire - self.remise


@dataclass
class Tarification:
    famille: Famille
    lignes: list[LignePrix] = field(default_factory=list)
    locations: list[LignePrix] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    # Course sheets of the period already billed (nothing new to bill for them).
    deja_facturees: int = 0

    @property
    def total(self) -> Decimal:
        return sum((ligne.montant for ligne in self.lignes), ZERO)

    @property
    def total_locations(self) -> Decimal:
        return sum((ligne.montant for ligne in self.locations), ZERO)

    @property
    def tarifable(self) -> bool:
        return not self.erreurs

    @property
    def a_facturer(self) -> bool:
        return self.tarifable and bool(self.lignes or self.locations)


@dataclass
class Deja:
    """What the issued, not cancelled, invoices of the year already billed a family."""

    inscriptions: set[int] = field(default_factory=set)
    frais: bool = False
    remises: dict[int | None, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    plafond: Decimal = ZERO


@dataclass
class DonneesFamille:
    famille: Famille
    responsable: Responsable | None = None
    eleves: dict[int, Eleve] = field(default_factory=dict)
    inscriptions: list[Inscription] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    deja: Deja = field(default_factory=Deja)


def age_au(naissance: date, jour: date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


class Tarificateur:
    """The grid of one year, ready to price families of one period."""

    def __init__(self, grille: GrilleTarifaire, periode: str):
        self.grille = grille
        self.annee = grille.annee
        self.periode = periode
        self.mois = mois_de_la_periode(self.annee, periode)
        regles = list(grille.regles.select_related("discipline", "cycle"))
        self.regles = sorted(regles, key=lambda r: (tuple(-x for x in r.specificite()), r.pk))
        self.tranches = list(grille.tranches.all())
        self.communes = {normaliser(c) for c in grille.liste_communes()}
        self.locations = {normaliser(t.categorie): t for t in grille.tarifs_location.all()}

    # -- the family's attributes ---------------------------------------------------
    def tranche(self, famille: Famille) -> str:
        if not self.tranches:
            return ""
        qf = famille.qf_retenu
        if qf is not None:
            for tranche in self.tranches:
                if tranche.plafond is None or qf <= tranche.plafond:
                    return tranche.code
        return self.tranches[-1].code

    def residence(self, responsable: Responsable | None) -> str:
        """COMMUNE, HORS_COMMUNE, or "" when guardian 1 has no town."""
        if responsable is None or not responsable.ville.strip():
            return ""
        return (
            Residence.COMMUNE
            if normaliser(responsable.ville) in self.communes
            else (Residence.HORS_COMMUNE)
        )

    def public(self, eleve: Eleve) -> str:
        if eleve.date_naissance is None:
            return ""
        return (
            Public.ADULTE
            if age_au(eleve.date_naissance, self.annee.debut) >= 18
            else (Public.MINEUR)
        )

    # -- one course sheet ------------------------------------------------------------
    def regle(self, inscription: Inscription, contexte: dict) -> RegleTarif | None:
        cours = inscription.cours
        valeurs = {
            "discipline_id": cours.discipline_id,
            "departement_id": cours.discipline.departement_id,
            "duree": cours.duree,
            "cycle_id": cours.cycle_id,
            **contexte,
        }
        for regle in self.regles:
            if all(
                getattr(regle, nom) in (None, "") or getattr(regle, nom) == valeur
                for nom, valeur in valeurs.items()
            ):
                return regle
        return None

    def facteur(self, inscription: Inscription) -> tuple[Decimal, str] | None:
        """The prorata of a sheet in the period (None: not in it)."""
        debut, fin = inscription.date_debut, inscription.date_fin
        if fin is not None and (fin.year, fin.month) < self.mois[0]:
            return None
        if debut is None or (debut.year, debut.month) <= self.mois[0]:
            return Decimal(1), ""
        if (debut.year, debut.month) > self.mois[-1]:
            return None
        if not self.grille.prorata:
            return Decimal(1), ""
        restants = sum(1 for m in self.mois if m >= (debut.year, debut.month))
        note = _("prorated %(n)s/%(total)s months") % {"n": restants, "total": len(self.mois)}
        return Decimal(restants) / Decimal(len(self.mois)), note

    # -- a family --------------------------------------------------------------------
    def tarifer(self, donnees: DonneesFamille) -> Tarification:
        t = Tarification(famille=donnees.famille)
        deja = donnees.deja
        tranche = self.tranche(donnees.famille)
        residence = self.residence(donnees.responsable)
        completes: list[LignePrix] = []
        for inscription in donnees.inscriptions:
            facteur = self.facteur(inscription)
            if facteur is None:
                continue
            eleve = donnees.eleves[inscription.eleve_id]
            public = self.public(eleve)
            contexte = {"residence": residence, "tranche": tranche, "public": public}
            regle = self.regle(inscription, contexte)
            if regle is None:
                t.erreurs.append(self._pourquoi(inscription, eleve, residence, public))
                continue
            prix = arrondir(part(regle.montant, self.periode) * facteur[0])
            designation = f"{regle.libelle} — {inscription.cours.discipline.nom}"
            if facteur[1]:
                designation = f"{designation} ({facteur[1]})"
            completes.append(
                LignePrix(
                    COURS,
                    designation,
                    prix,
                    tarif=regle.description(),
                    eleve=eleve,
                    inscription=inscription,
                )
            )
        t.lignes = [ligne for ligne in completes if ligne.inscription.pk not in deja.inscriptions]
        t.deja_facturees = len(completes) - len(t.lignes)
        if t.lignes:
            if self.grille.frais_famille and not deja.frais:
                t.lignes.insert(
                    0,
                    LignePrix(
                        FRAIS,
                        _("Family fee %(annee)s") % {"annee": self.annee.libelle},
                        self.grille.frais_famille,
                        tarif=_("Family fee"),
                    ),
                )
            t.lignes += self._remises(completes, deja)
        t.locations = self._locations(donnees, t.erreurs)
        return t

    def _pourquoi(self, inscription, eleve, residence, public) -> str:
        manques = []
        if not residence and any(r.residence for r in self.regles):
            manques.append(_("guardian 1's address has no town"))
        if not public and any(r.public for r in self.regles):
            manques.append(_("no date of birth"))
        message = _("No tariff rule for %(cours)s (%(eleve)s).") % {
            "cours": inscription.cours.code,
            "eleve": eleve,
        }
        if manques:
            manque = _("Missing: %(manques)s.") % {"manques": ", ".join(manques)}
            message = f"{message} {manque}"
        return message

    def _remises(self, completes: list[LignePrix], deja: Deja) -> list[LignePrix]:
        """The discounts of the 2nd and next pupils and the cap, less what the period's
        invoices already granted."""
        par_eleve: dict[int, Decimal] = defaultdict(lambda: ZERO)
        eleves = {}
        for ligne in completes:
            par_eleve[ligne.eleve.pk] += ligne.prix_unitaire
            eleves[ligne.eleve.pk] = ligne.eleve
        ordre = sorted(
            (pk for pk, total in par_eleve.items() if total > 0),
            key=lambda pk: (-par_eleve[pk], eleves[pk].date_naissance or date.max, pk),
        )
        lignes, total_remises = [], ZERO
        for rang, pk in enumerate(ordre, start=1):
            taux = self.grille.remise_2e if rang == 2 else self.grille.remise_3e if rang > 2 else 0
            if not taux:
                continue
            remise = arrondir(par_eleve[pk] * taux / 100)
            total_remises += remise
            reste = remise - deja.remises[pk]
            if reste > 0:
                libelle = (
                    _("Discount for the 2nd pupil (%(taux)s %%)")
                    if rang == 2
                    else _("Discount for the 3rd pupil and more (%(taux)s %%)")
                ) % {"taux": f"{taux.normalize():f}".replace(".", ",")}
                lignes.append(
                    LignePrix(REMISE, libelle, ZERO, remise=reste, tarif=libelle, eleve=eleves[pk])
                )
        plafond = self.grille.plafond_famille
        if plafond is not None:
            net = sum(par_eleve.values(), ZERO) - total_remises
            depassement = net - part(plafond, self.periode)
            reste = depassement - deja.plafond
            if depassement > 0 and reste > 0:
                libelle = _("Cap per family")
                lignes.append(LignePrix(PLAFOND, libelle, ZERO, remise=reste, tarif=libelle))
        return lignes

    def _locations(self, donnees: DonneesFamille, erreurs: list[str]) -> list[LignePrix]:
        lignes = []
        for location in donnees.locations:
            instrument = location.instrument
            tarif = self.locations.get(normaliser(instrument.categorie or ""))
            if tarif is not None:
                prix, regle = (
                    tarif.montant,
                    _("Rental rate %(categorie)s") % {"categorie": tarif.categorie},
                )
            elif location.loyer > 0:
                prix, regle = location.loyer, _("Rent of the contract")
            else:
                erreurs.append(_("No rental rate for %(instrument)s.") % {"instrument": instrument})
                continue
            designation = _("Rental of %(instrument)s from %(debut)s to %(fin)s") % {
                "instrument": instrument,
                "debut": location.date_debut.strftime("%d/%m/%Y"),
                "fin": location.date_fin.strftime("%d/%m/%Y"),
            }
            lignes.append(
                LignePrix(
                    LOCATION,
                    designation,
                    prix,
                    tarif=regle,
                    eleve=donnees.eleves.get(location.eleve_id),
                    location=location,
                )
            )
        return lignes


def factures_vivantes():
    """Issued invoices not cancelled as a whole."""
    return Facture.objects.emises().non_annulees()


def familles_a_tarifer(grille: GrilleTarifaire):
    """Ids of the families of the grid's school with a course sheet of its year or a
    rental not invoiced yet."""
    annee = grille.annee
    return (
        Famille.objects.filter(etablissement=grille.etablissement_id)
        .filter(
            Q(
                eleves__inscriptions__cours__annee=annee,
                eleves__inscriptions__situation_activite=Inscription.Situation.ACTIF,
            )
            | Q(
                eleves__locations__facture__isnull=True,
                eleves__locations__date_debut__lte=annee.fin,
                eleves__locations__date_fin__gte=annee.debut,
            )
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def charger(grille: GrilleTarifaire, periode: str, ids: list[int]) -> list[DonneesFamille]:
    """What pricing these families needs, in six queries."""
    annee = grille.annee
    donnees = {f.pk: DonneesFamille(famille=f) for f in Famille.objects.filter(pk__in=ids)}
    for responsable in Responsable.objects.filter(famille__in=ids).order_by("-rang"):
        donnees[responsable.famille_id].responsable = responsable
    for eleve in Eleve.objects.filter(famille__in=ids):
        donnees[eleve.famille_id].eleves[eleve.pk] = eleve
    inscriptions = (
        Inscription.objects.filter(eleve__famille__in=ids, cours__annee=annee)
        .filter(situation_activite=Inscription.Situation.ACTIF)
        .select_related("cours__discipline", "cours__cycle")
        .order_by("eleve_id", "cours__code", "pk")
    )
    par_eleve = {pk: d for d in donnees.values() for pk in d.eleves}
    for inscription in inscriptions:
        par_eleve[inscription.eleve_id].inscriptions.append(inscription)
    locations = Location.objects.filter(
        eleve__famille__in=ids,
        facture__isnull=True,
        date_debut__lte=annee.fin,
        date_fin__gte=annee.debut,
    ).select_related("instrument")
    for location in locations.order_by("date_debut", "pk"):
        par_eleve[location.eleve_id].locations.append(location)
    deja = LigneFacture.objects.filter(
        facture__in=factures_vivantes().filter(famille__in=ids, annee=annee)
    ).values_list(
        "facture__famille_id", "facture__periode", "genre", "inscription_id", "eleve_id", "remise"
    )
    for famille_id, periode_facture, genre, inscription_id, eleve_id, remise in deja:
        d = donnees[famille_id].deja
        if genre == FRAIS:
            d.frais = True
        if periode_facture != periode:
            continue
        if genre == COURS and inscription_id:
            d.inscriptions.add(inscription_id)
        elif genre == REMISE:
            d.remises[eleve_id] += remise
        elif genre == PLAFOND:
            d.plafond += remise
    return [donnees[pk] for pk in ids if pk in donnees]


def tarifer_familles(
    grille: GrilleTarifaire, periode: str, ids: Iterable[int] | None = None
) -> Iterator[Tarification]:
    """Price the families (all of the grid's school by default), chunk by chunk."""
    tarificateur = Tarificateur(grille, periode)
    ids = list(familles_a_tarifer(grille) if ids is None else ids)
    for debut in range(0, len(ids), TAILLE_LOT):
        for donnees in charger(grille, periode, ids[debut : debut + TAILLE_LOT]):
            yield tarificateur.tarifer(donnees)


def tarifer_famille(grille: GrilleTarifaire, periode: str, famille: Famille) -> Tarification:
    return next(tarifer_familles(grille, periode, [famille.pk]), Tarification(famille=famille))
