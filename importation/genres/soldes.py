"""Money at the move: an opening balance, or past invoices and payments, per family.

Rows become invoices and payments through facturation's services (numbered in the
portal's series; a payment is allocated to the family's oldest unpaid invoices), and are
journaled. An imported row is recognised again by family, kind, date, amount and label
(or reference), so the same file twice changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation.models import Facture, ModeReglement, Nature, Reglement
from facturation.services import FacturationError, facture_creer, reglement_enregistrer
from facturation.services import Ligne as LigneFacture
from famille.models import Famille
from importation import valeurs as v
from importation.genres.base import (
    CREE,
    Colonne,
    Contexte,
    Ligne,
    ResultatLigne,
    TypeImport,
)
from importation.lecture import cle
from imuse.journal import journaliser

genre_solde = v.choix(
    {
        "solde": "solde",
        "report": "solde",
        "facture": "facture",
        "avis": "facture",
        "reglement": "reglement",
        "paiement": "reglement",
        "encaissement": "reglement",
    },
    prefixe=True,
)
mode = v.choix(
    {
        "cheque": "cheque",
        "chq": "cheque",
        "especes": "especes",
        "esp": "especes",
        "carte": "carte_en_ligne",
        "cb": "carte_en_ligne",
        "prelevement": "prelevement",
        "virement": "virement",
        "vir": "virement",
        "chequesvacances": "cheques_vacances",
        "ancv": "cheques_vacances",
    },
    prefixe=True,
)
nature = v.choix({"cotisation": "cotisation", "location": "location"}, prefixe=True)

COLONNES = [
    Colonne(
        "N° famille",
        "famille",
        v.entier,
        requise=True,
        obligatoire=True,
        format="nombre entier (famille déjà importée)",
        exemple="1001",
        alias=("Numéro famille", "No famille", "Num famille"),
    ),
    Colonne(
        "Type",
        "genre",
        genre_solde,
        requise=True,
        obligatoire=True,
        format="Solde (solde d'ouverture), Facture ou Règlement",
        exemple="Solde",
    ),
    Colonne(
        "Date",
        "date",
        v.date,
        requise=True,
        obligatoire=True,
        format="date JJ/MM/AAAA ou date Excel",
        exemple="31/08/2026",
    ),
    Colonne(
        "Montant",
        "montant",
        v.montant,
        requise=True,
        obligatoire=True,
        format="montant en euros (1 234,56)",
        exemple="125,50",
    ),
    Colonne(
        "Libellé",
        "libelle",
        v.texte,
        longueur=100,
        format="texte (sinon « Solde antérieur », la facture ou le règlement)",
        exemple="Solde antérieur",
    ),
    Colonne(
        "Mode",
        "mode",
        mode,
        format="règlements : Chèque, Espèces, Carte, Prélèvement, Virement, Chèques vacances",
        exemple="",
        alias=("Mode de règlement",),
    ),
    Colonne(
        "Référence",
        "reference",
        v.texte,
        longueur=100,
        format="texte (n° de chèque, de l'ancienne facture…)",
        exemple="",
    ),
    Colonne(
        "Nature",
        "nature",
        nature,
        format="Cotisation (par défaut) ou Location",
        exemple="Cotisation",
    ),
]


class Soldes(TypeImport):
    code = "soldes"
    libelle = gettext_lazy("Balances: opening balance, past invoices and payments")
    colonnes = COLONNES

    def traiter_lot(self, ctx: Contexte, lignes: list[Ligne]):
        numeros = set()
        for ligne in lignes:
            try:
                numeros.add(v.entier(ligne.brutes.get("famille")))
            except v.ValeurInvalide:
                pass
        familles = {
            f.numero: f
            for f in Famille.objects.filter(etablissement=ctx.etablissement, numero__in=numeros)
        }
        ctx.cache["familles"] = familles
        ctx.cache["factures"] = {
            (f.famille_id, f.date_emission, f.montant, cle(f.libelle)): f
            for f in Facture.objects.filter(famille__in=list(familles.values()))
        }
        ctx.cache["reglements"] = {
            (r.famille_id, r.date, r.montant, r.mode, cle(r.reference)): r
            for r in Reglement.objects.filter(famille__in=list(familles.values()))
        }
        return super().traiter_lot(ctx, lignes)

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        valeurs = ligne.valeurs
        famille = ctx.cache["familles"].get(valeurs["famille"])
        if famille is None:
            resultat.erreur(
                _("No family number %(numero)s in this school: import the families first.")
                % {"numero": valeurs["famille"]}
            )
            return
        genre, montant, jour = valeurs["genre"], valeurs["montant"], valeurs["date"]
        nature_ = valeurs.get("nature") or Nature.COTISATION
        if montant <= 0:
            resultat.erreur(
                _("The amount must be positive (a credit balance is entered as a credit note).")
            )
            return
        resultat.objet = str(famille)
        if genre == "reglement":
            self._reglement(ctx, famille, valeurs, nature_, resultat)
            return
        libelle = valeurs.get("libelle") or (
            _("Previous balance") if genre == "solde" else _("Invoice")
        )
        if valeurs.get("reference"):
            libelle = f"{libelle} ({valeurs['reference']})"[:100]
        k = (famille.pk, jour, montant, cle(libelle))
        if k in ctx.cache["factures"]:
            return
        try:
            facture = facture_creer(
                famille=famille,
                nature=nature_,
                lignes=[LigneFacture(designation=libelle, prix_unitaire=montant)],
                par=ctx.par,
                libelle=libelle,
                date_emission=jour,
            )
        except FacturationError as erreur:
            resultat.erreur(str(erreur))
            return
        ctx.cache["factures"][k] = facture
        resultat.statut = CREE
        resultat.objet = f"{famille} — {facture.numero} : {libelle}"
        journaliser(
            facture,
            "import.creer",
            par=ctx.par,
            fichier=ctx.nom_fichier,
            ligne=resultat.numero,
            montant=montant,
            type=genre,
        )

    def _reglement(self, ctx, famille, valeurs, nature_, resultat) -> None:
        if not valeurs.get("mode"):
            resultat.erreur(_("Column “%(colonne)s”: a value is required.") % {"colonne": "Mode"})
            return
        reference = valeurs.get("reference", "")
        k = (famille.pk, valeurs["date"], valeurs["montant"], valeurs["mode"], cle(reference))
        if k in ctx.cache["reglements"]:
            return
        try:
            reglement = reglement_enregistrer(
                famille=famille,
                nature=nature_,
                mode=valeurs["mode"],
                montant=valeurs["montant"],
                par=ctx.par,
                jour=valeurs["date"],
                reference=reference,
            )
        except FacturationError as erreur:
            resultat.erreur(str(erreur))
            return
        ctx.cache["reglements"][k] = reglement
        resultat.statut = CREE
        resultat.objet = f"{famille} — {reglement.numero} ({reglement.get_mode_display()})"
        journaliser(
            reglement,
            "import.creer",
            par=ctx.par,
            fichier=ctx.nom_fichier,
            ligne=resultat.numero,
            montant=valeurs["montant"],
        )


__all__ = ["Soldes", "ModeReglement"]
