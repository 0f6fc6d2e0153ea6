"""Invitations: an e-mail per account with its login and a first-connection link valid
14 days, sent in bulk from the admin by a background task with progress; the per-account
state (invited on, first connection on, sending failed) in the list, with a filter."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptes.models import EnvoiInvitations, Utilisateur
from comptes.services import invitation_envoyer
from imuse.models import Courriel, Journal
from tests import factories as f
from tests.conftest import connecter_staff

pytestmark = pytest.mark.django_db
LISTE = "/admin/comptes/utilisateur/"


def _nouveau(famille, prenom="Sophie", email="sophie@example.org", rang=2):
    compte = Utilisateur(etablissement=famille.etablissement, identifiant=f"{prenom.lower()}1")
    compte.set_unusable_password()
    compte.save()
    return f.ResponsableFactory(
        famille=famille, rang=rang, prenom=prenom, nom="ABARRE", email=email, utilisateur=compte
    ).utilisateur


def _lien(message) -> str:
    return re.search(r"http://127.0.0.1:8000(/compte/invitation/[^\s]+/)", message.body).group(1)


def _premiere_connexion(client, chemin, mot_de_passe="Bienvenue2026"):
    reponse = client.get(chemin)
    if reponse.status_code != 302:
        return reponse
    return client.post(
        reponse["Location"], {"new_password1": mot_de_passe, "new_password2": mot_de_passe}
    )


@pytest.fixture
def sophie(famille):
    return _nouveau(famille)


def test_the_invitation_gives_the_login_and_a_link_to_choose_a_password_then_logs_in(
    client, staff, sophie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_envoyer(utilisateur=sophie, par=staff)
    message = mail.outbox[0]
    assert message.to == ["sophie@example.org"]
    assert "Votre accès au portail des familles" in message.subject
    assert "Votre identifiant : sophie1" in message.body
    assert "valable jusqu’au" in message.body or "valable jusqu'au" in message.body
    reponse = _premiere_connexion(client, _lien(message))
    assert reponse.status_code == 302 and reponse["Location"] == "/accueil/"
    page = client.get("/accueil/").content.decode()
    assert "Votre mot de passe a été enregistré" in page
    sophie.refresh_from_db()
    assert sophie.premiere_connexion_le is not None and sophie.check_password("Bienvenue2026")
    assert not sophie.doit_changer_mot_de_passe
    actions = list(
        Journal.objects.filter(action__startswith="compte.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["compte.inviter", "compte.premiere_connexion"]


def test_the_link_works_once_for_14_days_and_a_new_invitation_voids_the_old(
    client, staff, sophie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_envoyer(utilisateur=sophie, par=staff)
        invitation_envoyer(utilisateur=sophie, par=staff)
    ancien, nouveau = _lien(mail.outbox[0]), _lien(mail.outbox[1])
    if ancien != nouveau:
        page = _premiere_connexion(Client(), ancien).content.decode()
        assert "Ce lien d’invitation n’est plus valable" in page
    # Past 14 days, the link is refused (the lost-password link is one hour).
    from comptes.tokens import lien_invitation

    plus_tard = lien_invitation._now() + timedelta(days=14, hours=1)
    lien_invitation._now = lambda: plus_tard
    try:
        assert "n’est plus valable" in _premiere_connexion(Client(), nouveau).content.decode()
    finally:
        del lien_invitation._now
    assert _premiere_connexion(client, nouveau).status_code == 302
    # Used once: refused afterwards.
    assert "n’est plus valable" in _premiere_connexion(Client(), nouveau).content.decode()


def test_an_account_that_already_logged_in_is_not_invited(staff, responsable1):
    from comptes.services import InvitationErreur

    responsable1.utilisateur.last_login = timezone.now()
    responsable1.utilisateur.save()
    with pytest.raises(InvitationErreur):
        invitation_envoyer(utilisateur=responsable1.utilisateur, par=staff)


def test_staff_invite_everyone_not_yet_invited_in_the_background_with_progress(
    client_staff, famille, sophie, responsable1, etablissement, django_capture_on_commit_callbacks
):
    sans = _nouveau(f.FamilleFactory(etablissement=etablissement), prenom="Paul", email="", rang=1)
    responsable1.utilisateur.last_login = timezone.now()
    responsable1.utilisateur.save()
    page = client_staff.get(LISTE + "inviter-tous/").content.decode()
    assert "1 compte a une adresse e-mail" in page
    assert "1 compte n’a pas d’adresse e-mail" in page
    # Those without an account yet are one link away (guardians, adult pupils).
    assert "/admin/famille/responsable/?utilisateur__isempty=1" in page
    assert "/admin/eleves/eleve/?majeur=oui" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_staff.post(LISTE + "inviter-tous/")
    page = client_staff.get(reponse["Location"]).content.decode()
    assert "Envoi de 1 invitations lancé" in page or "Envoi de 1 invitation lancé" in page
    envoi = EnvoiInvitations.objects.get()
    assert envoi.statut == "termine" and (envoi.total, envoi.envoyes) == (1, 1)
    assert '<progress max="100" value="100"' in page
    assert [m.to for m in mail.outbox] == [["sophie@example.org"]]
    # While a sending runs, its page follows it by itself (static script polling JSON).
    envoi.statut, envoi.traites = EnvoiInvitations.Statut.EN_COURS, 0
    envoi.save()
    page = client_staff.get(reponse["Location"]).content.decode()
    suivi = reverse("admin:comptes_envoiinvitations_progression", args=[envoi.pk])
    assert f'data-url="{suivi}"' in page and "js/importation.js" in page
    assert client_staff.get(suivi).json() == {
        "en_cours": True,
        "statut": "en cours",
        "fait": 0,
        "total": 1,
    }
    sans.refresh_from_db()
    assert sans.invite_le is None
    # The list shows the state and filters on it.
    liste = client_staff.get(LISTE + "?invitation=jamais_utilisee").content.decode()
    assert "sophie1" in liste and "paul1" not in liste and "abarre1" not in liste
    assert client_staff.get(LISTE + "?invitation=non_invite").content.decode().count("paul1") >= 1


def test_staff_resend_to_a_selection_and_see_a_failed_sending(
    client_staff, sophie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_staff.post(LISTE, {"action": "inviter", "_selected_action": [sophie.pk]})
    sophie.refresh_from_db()
    Courriel.objects.filter(pk=sophie.invitation_courriel_id).update(etat=Courriel.Etat.ECHEC)
    liste = client_staff.get(LISTE + "?invitation=echec").content.decode()
    assert "sophie1" in liste and "échec : voir le courriel" in liste
    premiere = sophie.invite_le
    with django_capture_on_commit_callbacks(execute=True):
        client_staff.post(LISTE, {"action": "inviter", "_selected_action": [sophie.pk]})
    sophie.refresh_from_db()
    assert sophie.invite_le > premiere and len(mail.outbox) == 2
    assert "sophie1" not in client_staff.get(LISTE + "?invitation=echec").content.decode()
    renvoi = Journal.objects.filter(action="compte.inviter").order_by("pk").last()
    assert renvoi.donnees["renvoi"] is True


def test_staff_of_another_school_invite_nothing_here(staff_autre, sophie):
    client = connecter_staff(Client(), staff_autre)
    client.post(LISTE, {"action": "inviter", "_selected_action": [sophie.pk]})
    client.post(LISTE + "inviter-tous/")
    sophie.refresh_from_db()
    assert sophie.invite_le is None and not EnvoiInvitations.objects.filter(total__gt=0).exists()
    assert "sophie1" not in client.get(LISTE + "?invitation=non_invite").content.decode()


def test_a_staff_account_is_invited_the_same_way_then_sets_up_two_step_login(
    client, staff, etablissement, django_capture_on_commit_callbacks
):
    nouveau = Utilisateur(
        etablissement=etablissement, identifiant="secretariat", email="secr@example.org"
    )
    nouveau.is_staff = True
    nouveau.set_unusable_password()
    nouveau.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_envoyer(utilisateur=nouveau, par=staff)
    reponse = _premiere_connexion(client, _lien(mail.outbox[0]))
    assert reponse["Location"] == "/admin/"
    assert "/compte/deux-facteurs/activer/" in client.get("/admin/")["Location"]


def test_the_dashboard_counts_invitations_never_used(client_staff, staff, sophie):
    invitation_envoyer(utilisateur=sophie, par=staff)
    page = client_staff.get("/admin/").content.decode()
    assert re.search(
        r'<a href="/admin/comptes/utilisateur/\?invitation=jamais_utilisee">'
        r"Invitations jamais utilisées</a></th>\s*<td>1</td>",
        page,
    )


def test_the_family_overview_shows_each_account_s_invitation_state(
    client_staff, staff, famille, responsable1, sophie
):
    invitation_envoyer(utilisateur=sophie, par=staff)
    sophie.refresh_from_db()
    Courriel.objects.filter(pk=sophie.invitation_courriel_id).update(etat=Courriel.Etat.ECHEC)
    page = html.unescape(
        client_staff.get(f"/admin/famille/famille/{famille.pk}/synthese/").content.decode()
    )
    aujourdhui = timezone.localdate().strftime("%d/%m/%Y")
    assert f"compte sophie1, jamais connecté (invité le {aujourdhui}, échec d'envoi)" in page
    assert "compte abarre1, jamais connecté (pas encore invité)" in page
