"""The teaching structure: departments, disciplines, cycles, teachers and rooms, one
file with a "Type" column; each keyed by its name (a cycle by its code, a teacher by
last and first name) within the school."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eleves.models import Cycle, Departement, Discipline, Enseignant, Salle
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

GENRES = {
    "departement": "departement",
    "discipline": "discipline",
    "instrument": "discipline",
    "cycle": "cycle",
    "enseignant": "enseignant",
    "professeur": "enseignant",
    "salle": "salle",
}
type_structure = v.choix(GENRES, prefixe=True)


def cle_enseignant(nom: str, prenom: str) -> str:
    return cle(f"{nom} {prenom}")


class Referentiel:
    """The school's structure by key, read once per import, completed as rows add to it."""

    def __init__(self, etablissement):
        self.etablissement = etablissement
        self.departements = {
            cle(o.nom): o for o in Departement.objects.filter(etablissement=etablissement)
        }
        self.disciplines = {
            cle(o.nom): o for o in Discipline.objects.filter(etablissement=etablissement)
        }
        self.cycles = {cle(o.code): o for o in Cycle.objects.filter(etablissement=etablissement)}
        self.salles = {cle(o.nom): o for o in Salle.objects.filter(etablissement=etablissement)}
        self.enseignants = {}
        for o in Enseignant.objects.filter(etablissement=etablissement):
            self.enseignants[cle_enseignant(o.nom, o.prenom)] = o
            self.enseignants.setdefault(cle_enseignant(o.prenom, o.nom), o)


COLONNES = [
    Colonne(
        "Type",
        "genre",
        type_structure,
        requise=True,
        obligatoire=True,
        format="Département, Discipline, Cycle, Enseignant ou Salle",
        exemple="Discipline",
    ),
    Colonne(
        "Nom",
        "nom",
        v.texte,
        requise=True,
        obligatoire=True,
        longueur=100,
        format="texte (pour un cycle : son libellé, facultatif)",
        exemple="Piano",
        alias=("Libellé", "Intitulé"),
    ),
    Colonne(
        "Code", "code", v.texte, longueur=20, format="texte (cycles : obligatoire)", exemple=""
    ),
    Colonne("Prénom", "prenom", v.texte, longueur=100, format="texte (enseignants)", exemple=""),
    Colonne("Civilité", "civilite", v.civilite, format="M, Mme (enseignants)", exemple=""),
    Colonne(
        "Département",
        "departement",
        v.texte,
        longueur=100,
        format="texte (disciplines : obligatoire ; créé s'il n'existe pas)",
        exemple="Claviers",
    ),
    Colonne("Lieu", "lieu", v.texte, longueur=100, format="texte (salles)", exemple=""),
]


class Structure(TypeImport):
    code = "structure"
    libelle = gettext_lazy("Teaching structure (departments, disciplines, cycles, teachers, rooms)")
    colonnes = COLONNES

    def preparer(self, ctx: Contexte) -> None:
        ctx.cache["ref"] = Referentiel(ctx.etablissement)

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        valeurs, ref, site = ligne.valeurs, ctx.cache["ref"], ctx.etablissement
        genre, nom = valeurs["genre"], valeurs["nom"]
        if genre == "departement":
            self._simple(
                ctx,
                resultat,
                ref.departements,
                cle(nom),
                Departement(etablissement=site, nom=nom),
                {},
            )
        elif genre == "discipline":
            if not valeurs.get("departement"):
                resultat.erreur(
                    _("Column “%(colonne)s”: a value is required.") % {"colonne": "Département"}
                )
                return
            departement = departement_de(ctx, ref, valeurs["departement"], resultat)
            self._simple(
                ctx,
                resultat,
                ref.disciplines,
                cle(nom),
                Discipline(etablissement=site, nom=nom, departement=departement),
                {"departement": departement},
            )
        elif genre == "cycle":
            code = valeurs.get("code") or nom
            self._simple(
                ctx,
                resultat,
                ref.cycles,
                cle(code),
                Cycle(etablissement=site, code=code, nom=nom if valeurs.get("code") else ""),
                {"nom": nom} if valeurs.get("code") else {},
            )
        elif genre == "salle":
            champs = {"lieu": valeurs["lieu"]} if "lieu" in valeurs else {}
            self._simple(
                ctx,
                resultat,
                ref.salles,
                cle(nom),
                Salle(etablissement=site, nom=nom, **champs),
                champs,
            )
        else:
            prenom = valeurs.get("prenom", "")
            champs = {"civilite": valeurs["civilite"]} if valeurs.get("civilite") else {}
            cle_e = cle_enseignant(nom, prenom)
            self._simple(
                ctx,
                resultat,
                ref.enseignants,
                cle_e,
                Enseignant(etablissement=site, nom=nom, prenom=prenom, **champs),
                champs,
            )

    def _simple(self, ctx, resultat, index, k, nouveau, champs) -> None:
        vus = ctx.cache.setdefault("vus", {})
        cle_ligne = (type(nouveau).__name__, k)
        if cle_ligne in vus:
            resultat.erreur(
                _("The same %(genre)s is already on line %(ligne)s of this file.")
                % {"genre": nouveau._meta.verbose_name, "ligne": vus[cle_ligne]}
            )
            return
        vus[cle_ligne] = resultat.numero
        existant = index.get(k)
        if existant is None:
            resultat.objet = f"{nouveau._meta.verbose_name} : {nouveau}"
            creer(ctx, nouveau, resultat)
            index[k] = nouveau
            return
        resultat.objet = f"{existant._meta.verbose_name} : {existant}"
        enregistrer(ctx, existant, champs, resultat)


def departement_de(ctx, ref: Referentiel, nom: str, resultat: ResultatLigne) -> Departement:
    """The department named `nom`, created (and said so) when the school has none yet."""
    departement = ref.departements.get(cle(nom))
    if departement is None:
        departement = Departement.objects.create(etablissement=ref.etablissement, nom=nom)
        ref.departements[cle(nom)] = departement
        resultat.avertissements.append(_("Department “%(nom)s” created.") % {"nom": nom})
    return departement
