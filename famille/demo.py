"""Demo families: the ABARRE family (demo / demo2), an adult pupil (adulte), a family
whose account must choose its password (nouveau), and about 40 others."""

from __future__ import annotations

from django.conf import settings

from comptes.models import Utilisateur
from famille.models import (
    Civilite,
    CodeSocioProfessionnel,
    Famille,
    Responsable,
    SituationFamiliale,
)
from imuse.demo import MOT_DE_PASSE_DEMO

NOMBRE_FAMILLES = 40


def _compte(etablissement, identifiant, email, mot_de_passe=None, **valeurs) -> Utilisateur:
    user = Utilisateur.objects.filter(etablissement=etablissement, identifiant=identifiant).first()
    if user is None:
        user = Utilisateur(
            etablissement=etablissement, identifiant=identifiant, email=email, **valeurs
        )
        if mot_de_passe:
            user.set_password(mot_de_passe)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _famille(etablissement, numero, nom) -> tuple[Famille, bool]:
    return Famille.objects.get_or_create(
        etablissement=etablissement, numero=numero, defaults={"nom": nom}
    )


def _responsable(famille, rang, utilisateur, **valeurs) -> Responsable:
    responsable, _ = Responsable.objects.get_or_create(
        famille=famille, rang=rang, defaults={"utilisateur": utilisateur, **valeurs}
    )
    return responsable


def _telephone(rng, prefixe: str) -> str:
    return " ".join([prefixe, *(f"{rng.randint(0, 99):02d}" for _ in range(4))])


def _famille_abarre(etablissement):
    famille, _ = _famille(etablissement, 1001, "ABARRE")
    commun = {
        "adresse": "19 rue de Paris",
        "code_postal": "50700",
        "ville": "VALOGNES",
        "tel_domicile": "02 33 55 02 38",
    }
    r1 = _responsable(
        famille,
        1,
        _compte(etablissement, "demo", "jeremie.abarre@example.org", MOT_DE_PASSE_DEMO),
        civilite=Civilite.MONSIEUR,
        nom="ABARRE",
        prenom="Jérémie",
        tel_mobile="06 01 02 03 04",
        email="jeremie.abarre@example.org",
        situation_familiale=SituationFamiliale.MARIE,
        code_socio_professionnel=CodeSocioProfessionnel.AGRICULTEUR,
        profession="Apiculteur",
        **commun,
    )
    r2 = _responsable(
        famille,
        2,
        _compte(etablissement, "demo2", "sophie.abarre@example.org", MOT_DE_PASSE_DEMO),
        civilite=Civilite.MADAME,
        nom="ABARRE",
        prenom="Sophie",
        tel_mobile="06 11 22 33 44",
        tel_pro="02 33 40 50 60",
        email="sophie.abarre@example.org",
        situation_familiale=SituationFamiliale.MARIE,
        code_socio_professionnel=CodeSocioProfessionnel.ENSEIGNANT,
        profession="Professeure des écoles",
        **commun,
    )
    return famille, r1, r2


def _famille_adulte(etablissement):
    famille, _ = _famille(etablissement, 1002, "MARTIN")
    responsable = _responsable(
        famille,
        1,
        _compte(etablissement, "adulte", "claire.martin@example.org", MOT_DE_PASSE_DEMO),
        civilite=Civilite.MADAME,
        nom="MARTIN",
        prenom="Claire",
        adresse="4 place du Château",
        code_postal="50700",
        ville="VALOGNES",
        tel_mobile="06 45 67 89 01",
        email="claire.martin@example.org",
        situation_familiale=SituationFamiliale.CELIBATAIRE,
        code_socio_professionnel=CodeSocioProfessionnel.CADRE_ENTREPRISE,
        profession="Ingénieure",
    )
    return famille, responsable


def _autres_familles(ctx, etablissement, nombre, premier_numero) -> list[Famille]:
    faker, rng = ctx.faker, ctx.rng
    familles = []
    for i in range(nombre):
        numero = premier_numero + i
        nom = faker.last_name().upper()
        famille, cree = _famille(etablissement, numero, nom)
        familles.append(famille)
        if not cree:
            continue
        for rang in (1, 2)[: rng.choice((1, 2, 2))]:
            civilite = Civilite.MADAME if rang == 1 else Civilite.MONSIEUR
            prenom = faker.first_name_female() if rang == 1 else faker.first_name_male()
            email = f"{prenom}.{nom}{numero}@example.net".lower().replace(" ", "")
            _responsable(
                famille,
                rang,
                _compte(etablissement, f"{nom.lower().replace(' ', '')}{numero}-{rang}", email),
                civilite=civilite,
                nom=nom,
                prenom=prenom,
                adresse=faker.street_address(),
                code_postal=faker.postcode(),
                ville=faker.city().upper(),
                tel_mobile=_telephone(rng, rng.choice(("06", "07"))),
                email=email,
                situation_familiale=rng.choice(SituationFamiliale.values),
                code_socio_professionnel=rng.choice(CodeSocioProfessionnel.values),
                profession=faker.job()[:100],
            )
    return familles


def _famille_nouvelle(etablissement):
    famille, _ = _famille(etablissement, 1003, "NOËL")
    _responsable(
        famille,
        1,
        _compte(
            etablissement,
            "nouveau",
            "paul.noel@example.org",
            "Bienvenue2026",
            doit_changer_mot_de_passe=True,
        ),
        civilite=Civilite.MONSIEUR,
        nom="NOËL",
        prenom="Paul",
        ville="VALOGNES",
        code_postal="50700",
        email="paul.noel@example.org",
    )
    return famille


def demande_demo(objet, utilisateur, valeurs: dict[str, str]) -> None:
    """An open request on `objet`, created once (the demo stays idempotent)."""
    from django.contrib.contenttypes.models import ContentType

    from imuse.models import DemandeModification
    from imuse.services import en_texte

    if DemandeModification.objects.filter(
        content_type=ContentType.objects.get_for_model(objet), object_id=objet.pk
    ).exists():
        return
    DemandeModification.objects.create(
        etablissement=objet.famille.etablissement,
        famille_id=objet.famille_id,
        famille_libelle=str(objet.famille),
        content_type=ContentType.objects.get_for_model(objet),
        object_id=objet.pk,
        cree_par=utilisateur,
        valeurs={
            champ: {"avant": en_texte(getattr(objet, champ)), "demande": valeur}
            for champ, valeur in valeurs.items()
        },
    )


def demande_traitee_demo(objet, utilisateur, decisions: dict[str, tuple[str, bool, str]]):
    """A processed request with its history (once), so staff see the history in the admin.

    `decisions` maps a field to (asked value as text, accepted, reason of a refusal); the
    accepted values are already on the record.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from imuse.models import DemandeModification, HistoriqueModification
    from imuse.services import libelle_champ, valeur_affichee

    content_type = ContentType.objects.get_for_model(objet)
    if DemandeModification.objects.filter(
        content_type=content_type, object_id=objet.pk, statut="traitee"
    ).exists():
        return
    modele = type(objet)
    maintenant = timezone.now()
    demande = DemandeModification.objects.create(
        etablissement=objet.famille.etablissement,
        famille_id=objet.famille_id,
        famille_libelle=str(objet.famille),
        content_type=content_type,
        object_id=objet.pk,
        cree_par=utilisateur,
        statut=DemandeModification.Statut.TRAITEE,
        traite_le=maintenant,
        valeurs={
            champ: {
                "avant": "",
                "demande": valeur,
                "decision": "accepter" if acceptee else "refuser",
                "motif": motif,
            }
            for champ, (valeur, acceptee, motif) in decisions.items()
        },
    )
    HistoriqueModification.objects.bulk_create(
        HistoriqueModification(
            demande=demande,
            content_type=content_type,
            object_id=objet.pk,
            champ=champ,
            libelle=libelle_champ(modele, champ),
            valeur_avant=valeur_affichee(modele, champ, ""),
            valeur_demandee=valeur_affichee(modele, champ, valeur),
            acceptee=acceptee,
            motif=motif,
            traite_le=maintenant,
        )
        for champ, (valeur, acceptee, motif) in decisions.items()
    )


def _invitation_demo(famille: Famille) -> list[str]:
    """One account invited (its e-mail waits in the outbox), the others not yet: staff
    can try "Invite everyone not yet invited" on the accounts list."""
    from comptes.services import invitation_envoyer
    from comptes.services.invitations import lien_premiere_connexion

    responsable = famille.responsables.select_related("utilisateur").order_by("rang").first()
    compte = responsable.utilisateur
    if compte.invite_le is None and compte.premiere_connexion_le is None:
        compte = invitation_envoyer(utilisateur=compte, par=None)
    lignes = [
        f"  Invitation: account {compte.identifiant} ({responsable.email}) was invited;",
        f"    its e-mail is in the outbox: {settings.PORTAIL_URL}/admin/imuse/courriel/",
        "    (printed by the worker's console backend too), invitations never used:",
        f"    {settings.PORTAIL_URL}/admin/comptes/utilisateur/?invitation=jamais_utilisee",
    ]
    if compte.premiere_connexion_le is None:
        lien = settings.PORTAIL_URL + lien_premiere_connexion(compte)
        lignes.append(f"    its first-connection link: {lien}")
    return lignes


def charger(ctx) -> list[str]:
    etablissement = ctx.etablissement
    famille, r1, r2 = _famille_abarre(etablissement)
    demande_demo(
        r1,
        r1.utilisateur,
        {"tel_mobile": "06 07 08 09 10", "profession": "Apiculteur et maraîcher"},
    )
    adulte, responsable_adulte = _famille_adulte(etablissement)
    nouvelle = _famille_nouvelle(etablissement)
    autres = _autres_familles(ctx, etablissement, NOMBRE_FAMILLES, 2000)
    autres_site2 = _autres_familles(ctx, ctx.autre_etablissement, 5, 5000)
    ctx.donnees.update(
        famille_demo=famille,
        responsable_demo=r1,
        responsable_demo2=r2,
        famille_adulte=adulte,
        responsable_adulte=responsable_adulte,
        famille_nouvelle=nouvelle,
        autres_familles=autres,
        familles_site2=autres_site2,
    )
    return [
        *_invitation_demo(autres[0]),
        f"  Family ABARRE, {etablissement.nom}:",
        f"    guardian 1: demo / {MOT_DE_PASSE_DEMO}    guardian 2: demo2 / {MOT_DE_PASSE_DEMO}",
        "    pending requests: on demo's own file and on Irina's identity",
        f"  Adult pupil: adulte / {MOT_DE_PASSE_DEMO}",
        "  First connection (must choose a password): nouveau / Bienvenue2026",
    ]
