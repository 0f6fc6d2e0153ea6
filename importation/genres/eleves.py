"""Pupils, keyed by the school's pupil number, each in the family its number names."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eleves.models import Eleve
from famille.models import Famille
from importation import valeurs as v
from importation.genres.base import (
    Colonne,
    Contexte,
    Ligne,
    ResultatLigne,
    TypeImport,
    champs_en_attente,
    creer,
    enregistrer,
)


def _texte(champ: str) -> int:
    return Eleve._meta.get_field(champ).max_length


COLONNES = [
    Colonne(
        "N° élève",
        "numero",
        v.entier,
        requise=True,
        obligatoire=True,
        format="nombre entier",
        exemple="5001",
        alias=("Numéro élève", "No élève", "Num élève", "Code élève"),
    ),
    Colonne(
        "N° famille",
        "famille",
        v.entier,
        requise=True,
        obligatoire=True,
        format="nombre entier (famille déjà importée)",
        exemple="1001",
        alias=("Numéro famille", "No famille", "Num famille", "Code famille"),
    ),
    Colonne(
        "Civilité",
        "civilite",
        v.civilite,
        format="M, Mme (ou Monsieur, Madame)",
        exemple="Mme",
        creation=True,
    ),
    Colonne(
        "Nom",
        "nom",
        v.texte,
        requise=True,
        obligatoire=True,
        exemple="ABARRE",
        longueur=_texte("nom"),
    ),
    Colonne(
        "Prénom",
        "prenom",
        v.texte,
        requise=True,
        obligatoire=True,
        exemple="Irina",
        longueur=_texte("prenom"),
    ),
    Colonne(
        "Date de naissance",
        "date_naissance",
        v.date,
        format="date JJ/MM/AAAA ou date Excel",
        exemple="12/09/2011",
        alias=("Né le", "Née le", "Naissance"),
    ),
    Colonne(
        "Lieu de naissance",
        "lieu_naissance",
        v.texte,
        exemple="CHERBOURG",
        longueur=_texte("lieu_naissance"),
    ),
    Colonne("Adresse", "adresse", v.texte, exemple="", longueur=_texte("adresse")),
    Colonne(
        "Code postal", "code_postal", v.code_postal, format="5 chiffres", exemple="", alias=("CP",)
    ),
    Colonne("Ville", "ville", v.texte, exemple="", longueur=_texte("ville")),
    Colonne(
        "Tél domicile",
        "tel_domicile",
        v.telephone,
        format="téléphone français",
        exemple="",
        alias=("Téléphone domicile", "Téléphone"),
    ),
    Colonne(
        "E-mail",
        "email",
        v.email,
        format="adresse e-mail",
        exemple="",
        alias=("Email", "Courriel", "Mail"),
    ),
    Colonne(
        "Mobile",
        "tel_mobile",
        v.telephone,
        format="téléphone français",
        exemple="06 11 22 33 44",
        alias=("Tél mobile", "Portable", "Tél portable"),
    ),
    Colonne(
        "Personne à prévenir",
        "personne_a_prevenir",
        v.texte,
        exemple="Sophie ABARRE",
        longueur=_texte("personne_a_prevenir"),
    ),
    Colonne(
        "Tél urgence",
        "tel_urgence",
        v.telephone,
        format="téléphone français",
        exemple="06 98 76 54 32",
        alias=("Téléphone urgence", "Tél d'urgence"),
    ),
    Colonne(
        "Droit à l'image",
        "droit_image",
        v.booleen,
        format="Oui/Non, O/N, 1/0, Vrai/Faux",
        exemple="Oui",
    ),
    Colonne(
        "Autorisation de sortie",
        "autorisation_sortie",
        v.booleen,
        format="Oui/Non, O/N, 1/0, Vrai/Faux",
        exemple="Non",
        alias=("Autorisé à sortir seul", "Sortie seul"),
    ),
]
BOOLEENS = {"droit_image", "autorisation_sortie"}
# The pupil's own address or phone in the file: they no longer use the guardian's.
COORDONNEES = {"adresse", "code_postal", "ville", "tel_domicile"}


class Eleves(TypeImport):
    code = "eleves"
    libelle = gettext_lazy("Pupils")
    colonnes = COLONNES

    def traiter_lot(self, ctx: Contexte, lignes: list[Ligne]):
        numeros, familles = set(), set()
        for ligne in lignes:
            for champ, ensemble in (("numero", numeros), ("famille", familles)):
                try:
                    ensemble.add(v.entier(ligne.brutes.get(champ)))
                except v.ValeurInvalide:
                    pass
        ctx.cache["familles"] = {
            f.numero: f
            for f in Famille.objects.filter(etablissement=ctx.etablissement, numero__in=familles)
        }
        existants = {
            e.numero: e
            for e in Eleve.objects.filter(
                famille__etablissement=ctx.etablissement, numero__in=numeros
            ).select_related("famille")
        }
        ctx.cache["eleves"] = existants
        ctx.cache["en_attente"] = champs_en_attente(list(existants.values()))
        return super().traiter_lot(ctx, lignes)

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        valeurs = dict(ligne.valeurs)
        numero = valeurs.pop("numero")
        vus = ctx.cache.setdefault("vus", {})
        if numero in vus:
            resultat.erreur(
                _("Pupil number %(numero)s is already on line %(ligne)s of this file.")
                % {"numero": numero, "ligne": vus[numero]}
            )
            return
        vus[numero] = ligne.numero
        numero_famille = valeurs.pop("famille")
        famille = ctx.cache["familles"].get(numero_famille)
        if famille is None:
            resultat.erreur(
                _("No family number %(numero)s in this school: import the families first.")
                % {"numero": numero_famille}
            )
            return
        for champ in BOOLEENS:
            if champ in valeurs and valeurs[champ] is None:
                valeurs[champ] = False
        if any(valeurs.get(champ) for champ in COORDONNEES):
            valeurs["utiliser_coordonnees_responsable"] = False
        eleve = ctx.cache["eleves"].get(numero)
        if eleve is None:
            if not valeurs.get("civilite"):
                resultat.erreur(
                    _("Column “%(colonne)s”: a value is required.") % {"colonne": "Civilité"}
                )
                return
            eleve = Eleve(famille=famille, numero=numero, **valeurs)
            resultat.objet = str(eleve)
            creer(ctx, eleve, resultat, differe=True, numero=numero)
            ctx.cache["eleves"][numero] = eleve
            return
        resultat.objet = str(eleve)
        if not valeurs.get("civilite"):
            valeurs.pop("civilite", None)
        if eleve.famille_id != famille.pk:
            valeurs["famille"] = famille
        enregistrer(
            ctx, eleve, valeurs, resultat, en_attente=ctx.cache["en_attente"].get(eleve.pk, ())
        )
