"""The invitations' admin in a real browser, with axe: the accounts list with its
invitation columns, "Invite everyone not yet invited" and its confirmation reached with
the keyboard, the sending's progress page whose message takes the focus; the error state
(an action on a selection with nothing to invite) whose message takes the focus."""

from playwright.sync_api import expect

from comptes.models import Utilisateur
from tests import factories as f

from .conftest import verifier_axe


def _sans_connexion(famille, prenom, *, actif=True):
    compte = Utilisateur(
        etablissement=famille.etablissement, identifiant=f"{prenom.lower()}1", is_active=actif
    )
    compte.set_unusable_password()
    compte.save()
    f.ResponsableFactory(
        famille=famille,
        rang=2,
        prenom=prenom,
        nom="ABARRE",
        email="s@example.org",
        utilisateur=compte,
    )
    return compte


def test_invite_everyone_then_the_error_state(page, url, connecter, staff, famille, autre_famille):
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    sophie = _sans_connexion(famille, "Sophie")
    inactif = _sans_connexion(autre_famille, "Zoe", actif=False)
    connecter(page, "gestion")
    page.goto(url("/admin/comptes/utilisateur/"))
    verifier_axe(page, "invitations-liste")

    lien = page.get_by_role("link", name="Inviter tous ceux qui ne l'ont pas été")
    lien.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("1 compte a une adresse e-mail")).to_be_visible()
    verifier_axe(page, "invitations-confirmation")
    bouton = page.get_by_role("button", name="Envoyer 1 invitation")
    bouton.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/admin/comptes/envoiinvitations/" in page.url
    expect(page.locator("#messages")).to_be_focused()
    assert "Envoi de 1 invitations lancé" in page.get_by_role("status").first.inner_text()
    verifier_axe(page, "invitations-envoi")
    sophie.refresh_from_db()
    assert sophie.invite_le is not None

    # Error state: the selection holds only a disabled account, nothing to invite.
    page.goto(url("/admin/comptes/utilisateur/"))
    page.get_by_role("checkbox", name=f"Choisir cet objet pour une action - {inactif}").check()
    page.locator("select[name='action']").select_option("inviter")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#messages")).to_be_focused()
    assert "Aucun compte à inviter." in page.get_by_role("status").first.inner_text()
    verifier_axe(page, "invitations-erreur")
