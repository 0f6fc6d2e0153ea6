"""Families with their guardians R1 and R2, keyed by the school's family number."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptes.identifiants import identifiant_valide, normaliser_identifiant
from comptes.models import Utilisateur
from famille.models import Famille, Responsable
from importation import valeurs as v
from importation.genres.base import (
    CREE,
    INCHANGE,
    MODIFIE,
    Colonne,
    Contexte,
    Ligne,
    ResultatLigne,
    TypeImport,
    champs_en_attente,
    creer,
    enregistrer,
)
from imuse.journal import journaliser

situation_familiale = v.choix(
    {
        "celibataire": "celibataire",
        "marie": "marie",
        "pacse": "pacse",
        "concubin": "concubinage",
        "unionlibre": "concubinage",
        "vitmaritalement": "concubinage",
        "divorce": "divorce",
        "separe": "separe",
        "veu": "veuf",
    },
    prefixe=True,
)

# (model field, header without the rank, parser, format, example R1, example R2, aliases)
CHAMPS_RESPONSABLE = [
    ("civilite", "Civilité", v.civilite, "M, Mme (ou Monsieur, Madame)", "M", "Mme", ()),
    ("nom", "Nom", v.texte, "texte", "ABARRE", "ABARRE", ()),
    ("prenom", "Prénom", v.texte, "texte", "Jérémie", "Sophie", ()),
    ("adresse", "Adresse", v.texte, "texte", "12 rue des Lilas", "12 rue des Lilas", ()),
    ("code_postal", "Code postal", v.code_postal, "5 chiffres", "50700", "50700", ("CP",)),
    ("ville", "Ville", v.texte, "texte", "VALOGNES", "VALOGNES", ("Commune",)),
    (
        "tel_domicile",
        "Tél domicile",
        v.telephone,
        "téléphone français",
        "02 33 94 22 77",
        "",
        ("Téléphone domicile", "Tél fixe", "Téléphone"),
    ),
    (
        "tel_mobile",
        "Mobile",
        v.telephone,
        "téléphone français",
        "06 12 34 56 78",
        "06 98 76 54 32",
        ("Tél mobile", "Portable", "Tél portable", "Téléphone mobile"),
    ),
    (
        "tel_pro",
        "Tél pro",
        v.telephone,
        "téléphone français",
        "",
        "",
        ("Téléphone professionnel", "Tél professionnel", "Téléphone pro"),
    ),
    (
        "email",
        "E-mail",
        v.email,
        "adresse e-mail",
        "jeremie.abarre@example.org",
        "sophie.abarre@example.org",
        ("Email", "Courriel", "Mail", "Adresse e-mail"),
    ),
    (
        "situation_familiale",
        "Situation familiale",
        situation_familiale,
        "Célibataire, Marié(e), Pacsé(e), Concubinage, Divorcé(e), Séparé(e), Veuf(ve)",
        "Marié(e)",
        "Marié(e)",
        (),
    ),
    ("profession", "Profession", v.texte, "texte", "Infirmier", "Professeure", ()),
]
REQUIS_R1 = {"nom", "prenom"}


def identifiant(valeur) -> str:
    """A login given by the file: ASCII letters, digits, dot, dash, underscore."""
    brut = v.texte(valeur)
    if not brut:
        return ""
    if not identifiant_valide(brut):
        raise v.ValeurInvalide(
            _("“%(valeur)s” is not a valid login: letters without accents, digits, dot, dash.")
            % {"valeur": brut}
        )
    return normaliser_identifiant(brut)


def _colonnes() -> list[Colonne]:
    colonnes = [
        Colonne(
            "N° famille",
            "numero",
            v.entier,
            requise=True,
            obligatoire=True,
            format="nombre entier",
            exemple="1001",
            alias=("Numéro famille", "No famille", "Num famille", "Code famille"),
        ),
        Colonne(
            "Nom famille",
            "nom",
            v.texte,
            format="texte (sinon le nom du R1)",
            exemple="ABARRE",
            longueur=150,
            alias=("Nom de famille", "Famille"),
        ),
    ]
    for rang in (1, 2):
        for champ, entete, lire, format_, ex1, ex2, alias in CHAMPS_RESPONSABLE:
            longueur = Responsable._meta.get_field(champ).max_length
            colonnes.append(
                Colonne(
                    f"{entete} R{rang}",
                    f"r{rang}_{champ}",
                    lire,
                    requise=rang == 1 and champ in REQUIS_R1,
                    obligatoire=rang == 1 and champ in REQUIS_R1,
                    format=format_,
                    exemple=ex1 if rang == 1 else ex2,
                    longueur=longueur if lire is v.texte else None,
                    alias=tuple(f"{a} R{rang}" for a in alias),
                    creation=champ in ("civilite", "nom", "prenom"),
                )
            )
        colonnes.append(
            Colonne(
                f"Identifiant R{rang}",
                f"r{rang}_identifiant",
                identifiant,
                format="identifiant de connexion (lettres sans accent, chiffres, . - _) ; "
                "crée le compte du responsable qui n'en a pas, renomme celui qu'il a si "
                "l'identifiant est libre sur le site (sinon la ligne est en erreur)",
                exemple=f"jabarre{rang}" if rang == 1 else "sabarre1",
                longueur=150,
                alias=(f"Login R{rang}", f"Identifiant de connexion R{rang}"),
            )
        )
    return colonnes


def _pris(ctx: Contexte) -> set[str]:
    """The logins of the site (normalised), loaded once per import."""
    pris = ctx.cache.get("identifiants")
    if pris is None:
        pris = ctx.cache["identifiants"] = set(
            Utilisateur.objects.filter(etablissement=ctx.etablissement).values_list(
                "identifiant", flat=True
            )
        )
    return pris


def _renommer(ctx: Contexte, resultat: ResultatLigne, responsable: Responsable, voulu: str):
    """The file gives a guardian who has an account another login: the account takes it
    when it is free on the site (reported and journaled; a holder who already logged in
    is warned of), otherwise the line is in error (nothing is silently ignored)."""
    compte = responsable.utilisateur
    ancien = compte.identifiant
    if ancien == voulu:
        return
    pris = _pris(ctx)
    if voulu in pris:
        resultat.erreur(
            _(
                "Login “%(identifiant)s” is already used on this site by another account; "
                "the account of guardian %(rang)s keeps “%(ancien)s”."
            )
            % {"identifiant": voulu, "rang": responsable.rang, "ancien": ancien}
        )
        return
    pris.discard(ancien)
    pris.add(voulu)
    compte.identifiant = voulu
    compte.save(update_fields=["identifiant"])
    journaliser(
        compte,
        "compte.renommer",
        par=ctx.par,
        famille=responsable.famille_id,
        fichier=ctx.nom_fichier,
        ligne=resultat.numero,
        ancien=ancien,
        nouveau=voulu,
    )
    resultat.changements.append((f"{responsable} — {_('login')}", ancien, voulu))
    if resultat.statut == INCHANGE:
        resultat.statut = MODIFIE
    if compte.last_login is not None or compte.premiere_connexion_le is not None:
        resultat.avertissements.append(
            _(
                "The account of guardian %(rang)s has already been used: its holder logs in "
                "with “%(identifiant)s” from now on, tell them."
            )
            % {"rang": responsable.rang, "identifiant": voulu}
        )


def _compte(ctx: Contexte, resultat: ResultatLigne, responsable: Responsable, voulu: str):
    """Give `responsable` (without an account) one with the file's login, if it is free
    on the site; saved now, so the guardian's deferred row can point to it."""
    pris = _pris(ctx)
    if voulu in pris:
        resultat.erreur(
            _("Login “%(identifiant)s” is already used on this site.") % {"identifiant": voulu}
        )
        return
    pris.add(voulu)
    compte = Utilisateur(
        etablissement=ctx.etablissement,
        identifiant=voulu,
        email=responsable.email,
        nom=responsable.nom,
        prenom=responsable.prenom,
        doit_changer_mot_de_passe=True,
    )
    compte.set_unusable_password()
    compte.save()
    journaliser(compte, "compte.creer", par=ctx.par, fichier=ctx.nom_fichier, ligne=resultat.numero)
    responsable.utilisateur = compte
    if responsable.pk:
        responsable.save(update_fields=["utilisateur"])


class Familles(TypeImport):
    code = "familles"
    libelle = gettext_lazy("Families and their guardians")
    colonnes = _colonnes()

    def traiter_lot(self, ctx: Contexte, lignes: list[Ligne]):
        numeros = set()
        for ligne in lignes:
            try:
                numeros.add(v.entier(ligne.brutes.get("numero")))
            except v.ValeurInvalide:
                pass
        existantes = {
            f.numero: f
            for f in Famille.objects.filter(etablissement=ctx.etablissement, numero__in=numeros)
        }
        responsables = {
            (r.famille_id, r.rang): r
            for r in Responsable.objects.filter(
                famille__in=list(existantes.values())
            ).select_related("utilisateur")
        }
        ctx.cache["familles"] = existantes
        ctx.cache["responsables"] = responsables
        ctx.cache["en_attente"] = champs_en_attente(list(responsables.values()))
        return super().traiter_lot(ctx, lignes)

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        valeurs = ligne.valeurs
        numero = valeurs["numero"]
        vus = ctx.cache.setdefault("vus", {})
        if numero in vus:
            resultat.erreur(
                _("Family number %(numero)s is already on line %(ligne)s of this file.")
                % {"numero": numero, "ligne": vus[numero]}
            )
            return
        vus[numero] = ligne.numero
        famille = ctx.cache["familles"].get(numero)
        donnees = {
            rang: {
                champ: valeurs[f"r{rang}_{champ}"]
                for champ, *_reste in CHAMPS_RESPONSABLE
                if f"r{rang}_{champ}" in valeurs
            }
            for rang in (1, 2)
        }
        if not any(donnees[2].values()):
            donnees[2] = {}  # no second guardian in this row: R2 left as it is
        for rang, champs in donnees.items():
            existant = famille and ctx.cache["responsables"].get((famille.pk, rang))
            if champs and not existant:
                for requis, entete in (
                    ("civilite", "Civilité"),
                    ("nom", "Nom"),
                    ("prenom", "Prénom"),
                ):
                    if not champs.get(requis):
                        resultat.erreur(
                            _("Column “%(colonne)s”: a value is required.")
                            % {"colonne": f"{entete} R{rang}"}
                        )
        identifiants = {rang: valeurs.get(f"r{rang}_identifiant") for rang in (1, 2)}
        if identifiants[1] and identifiants[1] == identifiants[2]:
            resultat.erreur(_("R1 and R2 cannot share one login."))
        if resultat.erreurs:
            return
        if famille is None:
            famille = Famille(
                etablissement=ctx.etablissement,
                numero=numero,
                nom=valeurs.get("nom") or donnees[1]["nom"].upper(),
            )
            resultat.objet = str(famille)
            creer(
                ctx,
                famille,
                resultat,
                differe=True,
                responsables=len([d for d in donnees.values() if d]),
            )
            for rang, champs in donnees.items():
                if champs:
                    responsable = Responsable(famille=famille, rang=rang, **champs)
                    if identifiants[rang]:
                        _compte(ctx, resultat, responsable, identifiants[rang])
                    creer(ctx, responsable, None, differe=True)
            return
        resultat.objet = str(famille)
        if valeurs.get("nom"):
            enregistrer(ctx, famille, {"nom": valeurs["nom"]}, resultat)
        for rang, champs in donnees.items():
            if not champs:
                continue
            responsable = ctx.cache["responsables"].get((famille.pk, rang))
            if responsable is None:
                responsable = Responsable(famille=famille, rang=rang, **champs)
                if identifiants[rang]:
                    _compte(ctx, resultat, responsable, identifiants[rang])
                statut = resultat.statut
                creer(ctx, responsable, resultat)
                resultat.statut = statut if statut == CREE else "modifie"
                resultat.changements.append(
                    (str(responsable), _("(none)"), _("guardian %(rang)s added") % {"rang": rang})
                )
                continue
            enregistrer(
                ctx,
                responsable,
                champs,
                resultat,
                en_attente=ctx.cache["en_attente"].get(responsable.pk, ()),
            )
            if identifiants[rang] and responsable.utilisateur_id is not None:
                _renommer(ctx, resultat, responsable, identifiants[rang])
            elif identifiants[rang] and responsable.utilisateur_id is None:
                _compte(ctx, resultat, responsable, identifiants[rang])
                if not resultat.erreurs:
                    resultat.changements.append(
                        (
                            str(responsable),
                            _("(none)"),
                            _("account %(identifiant)s created")
                            % {"identifiant": identifiants[rang]},
                        )
                    )
                    resultat.statut = "modifie" if resultat.statut != CREE else CREE
