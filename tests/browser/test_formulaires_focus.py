"""Issue 14, forms and focus, in Chromium: the error summary takes the focus after every
failed submission, password errors are tied to their field, confirmations are focused."""

from playwright.sync_api import expect

from tests.browser.conftest import verifier_axe
from tests.factories import MOT_DE_PASSE


def _focus(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_focus_on_error_summary_after_two_failed_submissions(page, connecter, url, responsable1):
    connecter(page, "abarre1")
    page.goto(url("/famille/"))
    page.locator("#id_nom").fill("")
    page.get_by_role("button", name="Modifier").click()
    page.wait_for_load_state()
    assert _focus(page) == "resume-erreurs"
    # The summary's link leaves #id_nom in the address; the second failure must still
    # put the focus on the summary, not on the field named by the hash.
    page.locator("#resume-erreurs a").first.click()
    assert _focus(page) == "id_nom"
    page.get_by_role("button", name="Modifier").click()
    page.wait_for_load_state()
    assert "#" not in page.url
    assert _focus(page) == "resume-erreurs"
    verifier_axe(page, "famille-deux-echecs")


def test_password_errors_are_tied_to_their_field(page, connecter, url, responsable1):
    connecter(page, "abarre1")
    page.goto(url("/compte/mot-de-passe/"))
    page.get_by_label("Mot de passe actuel").fill(MOT_DE_PASSE)
    page.locator("#id_new_password1").fill("Un-mot-de-passe-long-1")
    page.locator("#id_new_password2").fill("Un-autre-mot-2")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert _focus(page) == "resume-erreurs"
    champ = page.locator("#id_new_password2")
    decrit = champ.get_attribute("aria-describedby").split()
    assert "id_new_password2_error" in decrit and "regles-mot-de-passe" in decrit
    assert "ne sont pas identiques" in page.locator("#id_new_password2_error").inner_text()
    assert champ.get_attribute("aria-invalid") == "true"
    verifier_axe(page, "mot-de-passe-erreur")


def test_confirmations_take_the_focus(page, connecter, url, responsable1):
    connecter(page, "abarre1")
    page.goto(url("/famille/"))
    page.get_by_label("Ville").fill("CHERBOURG")
    page.get_by_role("button", name="Modifier").click()
    page.wait_for_load_state()
    assert _focus(page) == "messages"
    assert "Votre fiche a été mise à jour" in page.locator("#messages").inner_text()
    assert page.locator("#messages").get_attribute("role") == "status"
    page.get_by_role("button", name="Activer le mode accessible").first.click()
    page.wait_for_load_state()
    assert _focus(page) == "messages"
    assert "Le mode accessible est activé." in page.locator("#messages").inner_text()
    verifier_axe(page, "confirmation-mode")
    page.locator(".form-deconnexion button").click()
    page.wait_for_url("**/compte/connexion/")
    assert _focus(page) == "messages"
    assert "Vous êtes déconnecté" in page.locator("#messages").inner_text()


def test_session_end_is_announced_and_can_be_continued(page, connecter, url, responsable1):
    page.clock.install()
    connecter(page, "abarre1")
    page.goto(url("/famille/"))
    page.get_by_label("Ville").fill("CHERBOURG")
    dialogue = page.get_by_role("dialog", name="Votre session va bientôt se terminer")
    assert not dialogue.is_visible()
    page.clock.run_for("28:01")
    assert dialogue.is_visible()
    assert _focus(page) == ""
    assert page.evaluate("document.activeElement.dataset.action") == "prolonger"
    verifier_axe(page, "avertissement-session")
    dialogue.get_by_role("button", name="Continuer ma session").click()
    # A string predicate would be polled through eval, which the portal's CSP forbids.
    expect(page.locator("#avertissement-session")).to_be_hidden()
    # Nothing typed was lost and the warning comes back before the renewed end.
    assert page.get_by_label("Ville").input_value() == "CHERBOURG"
    page.clock.run_for("28:01")
    assert dialogue.is_visible()
