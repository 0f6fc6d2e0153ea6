"""Course sheets (a pupil in a course of a year, current or past, with results), and
evaluations on them. A sheet is keyed by pupil number, year and course code."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eleves.models import Cours, Eleve, Evaluation, Inscription
from importation import valeurs as v
from importation.genres.base import (
    Colonne,
    Contexte,
    Ligne,
    ResultatLigne,
    TypeImport,
    creer,
    enregistrer,
)
from importation.lecture import cle

situation = v.choix(
    {"actif": "actif", "inactif": "inactif", "abandon": "abandon", "a": "actif", "i": "inactif"},
    prefixe=True,
)

CLES = [
    Colonne(
        "N° élève",
        "eleve",
        v.entier,
        requise=True,
        obligatoire=True,
        format="nombre entier (élève déjà importé)",
        exemple="5001",
        alias=("Numéro élève", "No élève", "Num élève"),
    ),
    Colonne(
        "Année",
        "annee",
        v.texte,
        requise=True,
        obligatoire=True,
        format="libellé d'une année scolaire",
        exemple="2025/2026",
        alias=("Année scolaire",),
    ),
    Colonne(
        "Code cours",
        "cours",
        v.texte,
        requise=True,
        obligatoire=True,
        format="code d'un cours de l'année (déjà importé)",
        exemple="PIANO 1C1",
        alias=("Cours",),
    ),
]


def _longueur(modele, champ):
    return modele._meta.get_field(champ).max_length


COLONNES_INSCRIPTION = [
    *CLES,
    Colonne("Moyenne", "moyenne", v.decimal, format="nombre (15,5)", exemple="15,5"),
    Colonne(
        "Moyenne lettrée",
        "moyenne_lettree",
        v.texte,
        longueur=_longueur(Inscription, "moyenne_lettree"),
        exemple="",
    ),
    Colonne(
        "Mention",
        "mention",
        v.texte,
        longueur=_longueur(Inscription, "mention"),
        exemple="Très bien",
    ),
    Colonne(
        "Résultat classe",
        "resultat_classe",
        v.texte,
        longueur=_longueur(Inscription, "resultat_classe"),
        exemple="Admis",
    ),
    Colonne(
        "Résultat cycle",
        "resultat_cycle",
        v.texte,
        longueur=_longueur(Inscription, "resultat_cycle"),
        exemple="",
    ),
    Colonne(
        "Admission classe",
        "admission_classe",
        v.texte,
        longueur=_longueur(Inscription, "admission_classe"),
        exemple="1C2",
    ),
    Colonne(
        "Admission cycle",
        "admission_cycle",
        v.texte,
        longueur=_longueur(Inscription, "admission_cycle"),
        exemple="",
    ),
    Colonne(
        "Commentaire",
        "commentaire",
        v.texte_long,
        format="texte, plusieurs lignes",
        exemple="Bonne année.",
    ),
    Colonne(
        "Situation",
        "situation_activite",
        situation,
        format="Actif, Inactif ou Abandon",
        exemple="Actif",
    ),
    Colonne(
        "Premier instrument",
        "premier_instrument",
        v.booleen,
        format="Oui/Non, O/N, 1/0, Vrai/Faux",
        exemple="Oui",
    ),
    Colonne(
        "Horaires aménagés",
        "horaires_amenages",
        v.booleen,
        format="Oui/Non, O/N, 1/0, Vrai/Faux",
        exemple="Non",
    ),
    Colonne("Heure de passage", "heure_passage", v.heure, format="heure 14:30", exemple=""),
]
BOOLEENS = {"premier_instrument", "horaires_amenages", "absent", "publiee"}


class _SurFiche(TypeImport):
    """Rows naming a pupil, a year and a course code."""

    def preparer(self, ctx: Contexte) -> None:
        ctx.cache["cours"] = {
            (cle(c.annee.libelle), cle(c.code)): c
            for c in Cours.objects.filter(annee__etablissement=ctx.etablissement).select_related(
                "annee"
            )
        }

    def traiter_lot(self, ctx: Contexte, lignes: list[Ligne]):
        numeros = set()
        for ligne in lignes:
            try:
                numeros.add(v.entier(ligne.brutes.get("eleve")))
            except v.ValeurInvalide:
                pass
        ctx.cache["eleves"] = {
            e.numero: e
            for e in Eleve.objects.filter(
                famille__etablissement=ctx.etablissement, numero__in=numeros
            )
        }
        eleves = list(ctx.cache["eleves"].values())
        ctx.cache["fiches"] = {
            (i.eleve_id, i.cours_id): i for i in Inscription.objects.filter(eleve__in=eleves)
        }
        self.lire_lot(ctx, eleves)
        return super().traiter_lot(ctx, lignes)

    def lire_lot(self, ctx: Contexte, eleves) -> None:
        pass

    def eleve_et_cours(self, ctx, valeurs, resultat):
        eleve = ctx.cache["eleves"].get(valeurs["eleve"])
        if eleve is None:
            resultat.erreur(
                _("No pupil number %(numero)s in this school: import the pupils first.")
                % {"numero": valeurs["eleve"]}
            )
        cours = ctx.cache["cours"].get((cle(valeurs["annee"]), cle(valeurs["cours"])))
        if cours is None:
            resultat.erreur(
                _("No course %(code)s in %(annee)s: import the courses of the year first.")
                % {"code": valeurs["cours"], "annee": valeurs["annee"]}
            )
        return eleve, cours

    @staticmethod
    def champs(valeurs: dict) -> dict:
        champs = {k: val for k, val in valeurs.items() if k not in ("eleve", "annee", "cours")}
        for champ in BOOLEENS & set(champs):
            if champs[champ] is None:
                champs[champ] = False
        if champs.get("situation_activite") == "":
            champs.pop("situation_activite")
        return champs


class Inscriptions(_SurFiche):
    code = "inscriptions"
    libelle = gettext_lazy("Course sheets of a year, with results")
    colonnes = COLONNES_INSCRIPTION

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        eleve, cours = self.eleve_et_cours(ctx, ligne.valeurs, resultat)
        if resultat.erreurs:
            return
        k = (eleve.pk, cours.pk)
        vus = ctx.cache.setdefault("vus", {})
        if k in vus:
            resultat.erreur(
                _("The same course sheet is already on line %(ligne)s of this file.")
                % {"ligne": vus[k]}
            )
            return
        vus[k] = ligne.numero
        champs = self.champs(ligne.valeurs)
        fiche = ctx.cache["fiches"].get(k)
        if fiche is None:
            fiche = Inscription(eleve=eleve, cours=cours, **champs)
            fiche.eleve, fiche.cours = eleve, cours
            resultat.objet = f"{eleve} — {cours.code} ({cours.annee.libelle})"
            creer(
                ctx,
                fiche,
                resultat,
                differe=True,
                etablissement=ctx.etablissement,
                famille=eleve.famille_id,
            )
            ctx.cache["fiches"][k] = fiche
            return
        resultat.objet = f"{eleve} — {cours.code} ({cours.annee.libelle})"
        fiche.eleve, fiche.cours = eleve, cours
        enregistrer(
            ctx, fiche, champs, resultat, etablissement=ctx.etablissement, famille=eleve.famille_id
        )


COLONNES_EVALUATION = [
    *CLES,
    Colonne(
        "Type",
        "type_evaluation",
        v.texte,
        requise=True,
        obligatoire=True,
        longueur=_longueur(Evaluation, "type_evaluation"),
        exemple="Contrôle continu",
        alias=("Type d'évaluation", "Évaluation"),
    ),
    Colonne(
        "Date",
        "date",
        v.date,
        requise=True,
        obligatoire=True,
        format="date JJ/MM/AAAA ou date Excel",
        exemple="15/12/2025",
    ),
    Colonne(
        "Critère",
        "critere",
        v.texte,
        longueur=_longueur(Evaluation, "critere"),
        exemple="Technique",
    ),
    Colonne("Note", "note", v.decimal, format="nombre (14,5)", exemple="14,5"),
    Colonne(
        "Dénominateur",
        "denominateur",
        v.decimal,
        format="nombre (20 par défaut)",
        exemple="20",
        alias=("Sur",),
    ),
    Colonne(
        "Coefficient",
        "coefficient",
        v.decimal,
        format="nombre (1 par défaut)",
        exemple="1",
        alias=("Coef",),
    ),
    Colonne("Lettre", "lettre", v.texte, longueur=_longueur(Evaluation, "lettre"), exemple=""),
    Colonne("Mention", "mention", v.texte, longueur=_longueur(Evaluation, "mention"), exemple=""),
    Colonne("Appréciation", "appreciation", v.texte_long, exemple="Des progrès réguliers."),
    Colonne("Choix", "choix", v.texte, longueur=_longueur(Evaluation, "choix"), exemple=""),
    Colonne("Absent", "absent", v.booleen, format="Oui/Non, O/N, 1/0, Vrai/Faux", exemple="Non"),
    Colonne(
        "Publiée",
        "publiee",
        v.booleen,
        format="Oui/Non (Non par défaut : visible de la famille une fois publiée)",
        exemple="Oui",
    ),
]
DEFAUTS = {"denominateur": 20, "coefficient": 1}


class Evaluations(_SurFiche):
    code = "evaluations"
    libelle = gettext_lazy("Evaluations")
    colonnes = COLONNES_EVALUATION

    def lire_lot(self, ctx: Contexte, eleves) -> None:
        ctx.cache["evaluations"] = {
            (e.inscription_id, cle(e.type_evaluation), e.date, cle(e.critere)): e
            for e in Evaluation.objects.filter(inscription__eleve__in=eleves)
        }

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        eleve, cours = self.eleve_et_cours(ctx, ligne.valeurs, resultat)
        if resultat.erreurs:
            return
        fiche = ctx.cache["fiches"].get((eleve.pk, cours.pk))
        if fiche is None:
            resultat.erreur(
                _("%(eleve)s has no course sheet in %(code)s: import the course sheets first.")
                % {"eleve": eleve, "code": cours.code}
            )
            return
        champs = self.champs(ligne.valeurs)
        for champ, defaut in DEFAUTS.items():
            if champ in champs and champs[champ] is None:
                champs[champ] = defaut
        k = (
            fiche.pk,
            cle(champs["type_evaluation"]),
            champs["date"],
            cle(champs.get("critere", "")),
        )
        vus = ctx.cache.setdefault("vus", {})
        if k in vus:
            resultat.erreur(
                _("The same evaluation is already on line %(ligne)s of this file.")
                % {"ligne": vus[k]}
            )
            return
        vus[k] = ligne.numero
        resultat.objet = (
            f"{eleve} — {cours.code} : {champs['type_evaluation']} {champs['date']:%d/%m/%Y}"
        )
        evaluation = ctx.cache["evaluations"].get(k)
        journal = {"etablissement": ctx.etablissement, "famille": eleve.famille_id}
        if evaluation is None:
            evaluation = Evaluation(inscription=fiche, **champs)
            creer(ctx, evaluation, resultat, differe=True, **journal)
            ctx.cache["evaluations"][k] = evaluation
            return
        enregistrer(ctx, evaluation, champs, resultat, **journal)
