"""The courses of a year, keyed by year and code; the structure they name is found by
name, and created (with a warning) when the school has none of that name yet."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eleves.models import Cours, Cycle, Discipline, Enseignant, Salle
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
from importation.genres.structure import Referentiel, cle_enseignant, departement_de
from importation.lecture import cle
from imuse.models import AnneeScolaire

jour = v.choix(
    {
        "lundi": 1,
        "lun": 1,
        "1": 1,
        "mardi": 2,
        "mar": 2,
        "2": 2,
        "mercredi": 3,
        "mer": 3,
        "3": 3,
        "jeudi": 4,
        "jeu": 4,
        "4": 4,
        "vendredi": 5,
        "ven": 5,
        "5": 5,
        "samedi": 6,
        "sam": 6,
        "6": 6,
        "dimanche": 7,
        "dim": 7,
        "7": 7,
    }
)

COLONNES = [
    Colonne(
        "Année",
        "annee",
        v.texte,
        requise=True,
        obligatoire=True,
        format="libellé d'une année scolaire de l'établissement",
        exemple="2025/2026",
        alias=("Année scolaire",),
    ),
    Colonne(
        "Code",
        "code",
        v.texte,
        requise=True,
        obligatoire=True,
        longueur=50,
        exemple="PIANO 1C1",
        alias=("Code cours", "Cours"),
    ),
    Colonne(
        "Discipline",
        "discipline",
        v.texte,
        requise=True,
        obligatoire=True,
        longueur=100,
        format="texte (créée si elle n'existe pas)",
        exemple="Piano",
    ),
    Colonne(
        "Département",
        "departement",
        v.texte,
        longueur=100,
        format="texte (pour créer une discipline nouvelle)",
        exemple="Claviers",
    ),
    Colonne(
        "Enseignant",
        "enseignant",
        v.texte,
        format="NOM Prénom (créé s'il n'existe pas)",
        exemple="DURAND Claire",
        alias=("Professeur",),
    ),
    Colonne("Cycle", "cycle", v.texte, longueur=20, format="code du cycle", exemple="1C"),
    Colonne("Salle", "salle", v.texte, longueur=100, format="nom de la salle", exemple="Salle 3"),
    Colonne("Jour", "jour", jour, format="Lundi … Dimanche (ou 1 à 7)", exemple="Mercredi"),
    Colonne("Heure", "heure", v.heure, format="heure 14:30 ou 14h30", exemple="14:30"),
    Colonne("Durée", "duree", v.duree, format="1:30, 1h30 ou minutes (45)", exemple="0:30"),
]


def separer_nom(texte: str) -> tuple[str, str]:
    """'DURAND Claire' -> ('DURAND', 'Claire'): upper-case words are the last name."""
    mots = texte.split()
    nom = [m for m in mots if m.isupper()]
    prenom = [m for m in mots if not m.isupper()]
    if not nom or not prenom:
        return texte, ""
    return " ".join(nom), " ".join(prenom)


class CoursAnnee(TypeImport):
    code = "cours"
    libelle = gettext_lazy("Courses of a year")
    colonnes = COLONNES

    def preparer(self, ctx: Contexte) -> None:
        ctx.cache["ref"] = Referentiel(ctx.etablissement)
        ctx.cache["annees"] = {
            cle(a.libelle): a for a in AnneeScolaire.objects.filter(etablissement=ctx.etablissement)
        }
        ctx.cache["cours"] = {
            (c.annee_id, cle(c.code)): c
            for c in Cours.objects.filter(annee__etablissement=ctx.etablissement)
        }

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        valeurs, ref, site = ligne.valeurs, ctx.cache["ref"], ctx.etablissement
        annee = ctx.cache["annees"].get(cle(valeurs["annee"]))
        if annee is None:
            resultat.erreur(
                _("No school year “%(annee)s” in this school: create it first.")
                % {"annee": valeurs["annee"]}
            )
            return
        k = (annee.pk, cle(valeurs["code"]))
        vus = ctx.cache.setdefault("vus", {})
        if k in vus:
            resultat.erreur(
                _("Course %(code)s of %(annee)s is already on line %(ligne)s of this file.")
                % {"code": valeurs["code"], "annee": annee, "ligne": vus[k]}
            )
            return
        vus[k] = ligne.numero
        champs = {}
        discipline = ref.disciplines.get(cle(valeurs["discipline"]))
        if discipline is None:
            departement = departement_de(
                ctx, ref, valeurs.get("departement") or valeurs["discipline"], resultat
            )
            discipline = Discipline.objects.create(
                etablissement=site, departement=departement, nom=valeurs["discipline"]
            )
            ref.disciplines[cle(discipline.nom)] = discipline
            resultat.avertissements.append(
                _("Discipline “%(nom)s” created.") % {"nom": discipline.nom}
            )
        champs["discipline"] = discipline
        if "enseignant" in valeurs:
            champs["enseignant"] = self._enseignant(ref, site, valeurs["enseignant"], resultat)
        if "cycle" in valeurs:
            champs["cycle"] = self._nomme(
                ref.cycles,
                valeurs["cycle"],
                resultat,
                lambda n: Cycle.objects.create(etablissement=site, code=n),
                _("Cycle “%(nom)s” created."),
            )
        if "salle" in valeurs:
            champs["salle"] = self._nomme(
                ref.salles,
                valeurs["salle"],
                resultat,
                lambda n: Salle.objects.create(etablissement=site, nom=n),
                _("Room “%(nom)s” created."),
            )
        for champ in ("jour", "heure"):
            if champ in valeurs:
                champs[champ] = valeurs[champ] or None
        if valeurs.get("duree"):
            champs["duree"] = valeurs["duree"]
        cours = ctx.cache["cours"].get(k)
        if cours is None:
            champs.setdefault("duree", timedelta(hours=1))
            cours = Cours(annee=annee, code=valeurs["code"], **champs)
            resultat.objet = str(cours)
            creer(ctx, cours, resultat, etablissement=site)
            ctx.cache["cours"][k] = cours
            return
        resultat.objet = str(cours)
        enregistrer(ctx, cours, champs, resultat, etablissement=site)

    @staticmethod
    def _nomme(index, nom, resultat, creer_objet, message):
        if not nom:
            return None
        objet = index.get(cle(nom))
        if objet is None:
            objet = creer_objet(nom)
            index[cle(nom)] = objet
            resultat.avertissements.append(message % {"nom": nom})
        return objet

    @staticmethod
    def _enseignant(ref, site, texte, resultat):
        if not texte:
            return None
        objet = ref.enseignants.get(cle(texte))
        if objet is None:
            nom, prenom = separer_nom(texte)
            objet = Enseignant.objects.create(etablissement=site, nom=nom, prenom=prenom)
            ref.enseignants[cle(texte)] = objet
            resultat.avertissements.append(_("Teacher “%(nom)s” created.") % {"nom": texte})
        return objet


__all__ = ["CoursAnnee", "cle_enseignant"]
