"""Login, lost password and Accueil in Chromium, checked with axe-core."""

from playwright.sync_api import expect

from tests.browser.conftest import verifier_axe


def test_login_page_has_no_axe_violation(page, url, etablissement):
    page.goto(url("/compte/connexion/"))
    assert page.title() == "Connexion — Portail familles"
    verifier_axe(page, "connexion")


def test_login_error_state_has_no_axe_violation(page, url, responsable1):
    page.goto(url("/compte/connexion/"))
    page.get_by_label("Identifiant").fill("abarre1")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect").first).to_be_visible()
    assert page.get_by_label("Identifiant").input_value() == "abarre1"
    # The error summary takes the focus so that screen readers read it first.
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, "connexion-erreur")


def test_lost_password_page_and_its_errors_have_no_axe_violation(page, url, etablissement):
    page.goto(url("/compte/mot-de-passe-perdu/"))
    verifier_axe(page, "mot-de-passe-perdu")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Veuillez saisir votre identifiant.").first).to_be_visible()
    expect(page.get_by_text("Veuillez saisir votre adresse e-mail.").first).to_be_visible()
    verifier_axe(page, "mot-de-passe-perdu-erreurs")


def test_family_logs_in_and_sees_accueil(page, connecter, responsable1, irina, hugo):
    connecter(page, "abarre1")
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Monsieur ABARRE Jérémie"
    expect(page.get_by_text("ABARRE Irina")).to_be_visible()
    current = page.locator("nav a[aria-current='page']")
    assert current.inner_text() == "Accueil"
    verifier_axe(page, "accueil")


def test_logout_returns_to_login_with_a_message(page, connecter, responsable1):
    connecter(page, "abarre1")
    page.get_by_role("button", name="Déconnexion").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Connexion"
    expect(page.get_by_text("Vous êtes déconnecté")).to_be_visible()


def test_new_password_page_and_its_errors_have_no_axe_violation(page, url, responsable1):
    """The link of the lost-password e-mail: the form, then its error state (issue 14)."""
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from comptes.tokens import lien_mot_de_passe

    utilisateur = responsable1.utilisateur
    uid = urlsafe_base64_encode(force_bytes(utilisateur.pk))
    page.goto(
        url(f"/compte/nouveau-mot-de-passe/{uid}/{lien_mot_de_passe.make_token(utilisateur)}/")
    )
    verifier_axe(page, "nouveau-mot-de-passe")
    page.locator("#id_new_password1").fill("court")
    page.locator("#id_new_password2").fill("autre")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, "nouveau-mot-de-passe-erreurs")


def test_printed_code_page_and_its_errors_have_no_axe_violation(page, url, responsable1):
    """First connection with the code of the printed letter: the form, then its error state."""
    page.goto(url("/compte/premiere-connexion/code/"))
    verifier_axe(page, "code-invitation")
    page.get_by_role("button", name="Enregistrer mon mot de passe et me connecter").click()
    page.wait_for_load_state()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, "code-invitation-erreurs")


def test_invitation_link_page_and_its_errors_have_no_axe_violation(page, url, famille, staff):
    """The first-connection link of the invitation e-mail: the form, then its error state."""
    from comptes.models import Utilisateur
    from comptes.services.invitations import invitation_envoyer, lien_premiere_connexion
    from tests import factories as f

    compte = Utilisateur(etablissement=famille.etablissement, identifiant="sophie1")
    compte.set_unusable_password()
    compte.save()
    f.ResponsableFactory(famille=famille, rang=2, email="sophie@example.org", utilisateur=compte)
    invitation_envoyer(utilisateur=compte, par=staff)
    compte.refresh_from_db()
    page.goto(url(lien_premiere_connexion(compte)))
    assert "/choisir/" in page.url
    verifier_axe(page, "invitation")
    page.locator("#id_new_password1").fill("court")
    page.locator("#id_new_password2").fill("autre")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, "invitation-erreurs")
