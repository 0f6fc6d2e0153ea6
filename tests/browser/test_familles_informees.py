"""Issue 13's portal pages in Chromium, in normal and accessible mode, with axe-core:
reporting an absence (with its errors), a course sheet with a cancelled session and a
reported absence, Préférences, Mes données, Accueil's What's new, the privacy page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eleves.services import seance_annuler
from tests import factories as f
from tests.browser.conftest import verifier_axe
from tests.browser.test_accessibilite import _activer_mode, _contraste_renforce


def _verifier(page, nom: str, mode: str) -> None:
    verifier_axe(page, f"{nom}-{mode}")
    if mode == "accessible":
        _contraste_renforce(page, nom)


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_issue_13_pages_have_no_axe_violation(
    page, url, connecter, responsable1, irina, etablissement, staff, mode
):
    annee = f.AnneeScolaireFactory(etablissement=etablissement)
    fiche = f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 2C4 A"))
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="PIANO 1C2"))
    seance_annuler(
        cours=fiche.cours,
        date=dt.date(2026, 12, 11),
        motif="Professeur absent",
        remplacement_date=dt.date(2026, 12, 16),
        remplacement_heure=dt.time(14, 0),
        par=staff,
    )
    doc = f.DocumentEleveFactory(eleve=irina, titre="Bulletin du trimestre")
    doc.publie_le = timezone.now()
    doc.save()
    page.goto(url("/compte/connexion/"))
    if mode == "accessible":
        _activer_mode(page)
    page.get_by_role("link", name="Confidentialité et données personnelles").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Vos droits")).to_be_visible()
    _verifier(page, "confidentialite-publique", mode)
    connecter(page, "abarre1")
    page.goto(url("/accueil/"))
    expect(page.get_by_role("heading", name="Nouveautés")).to_be_visible()
    expect(page.get_by_text("Nouveau document pour Irina : Bulletin du trimestre")).to_be_visible()
    _verifier(page, "accueil-nouveautes", mode)

    page.goto(url(f"/eleves/{irina.pk}/absences/"))
    page.get_by_label("Premier jour").fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Seulement les cours cochés ci-dessous").check()
    page.get_by_label("Motif").fill("Voyage")
    page.get_by_role("button", name="Signaler l'absence").click()
    page.wait_for_load_state()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    assert page.get_by_label("Motif").input_value() == "Voyage"
    _verifier(page, "absence-erreurs", mode)
    page.get_by_label("Premier jour").fill(
        (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    )
    page.get_by_label("PIANO 1C2").check()
    page.get_by_role("button", name="Signaler l'absence").click()
    page.wait_for_load_state()
    expect(page.get_by_text("L'absence a été signalée à l'école.")).to_be_visible()
    _verifier(page, "absences-signalees", mode)

    page.goto(url(f"/eleves/{irina.pk}/fiches/{fiche.pk}/"))
    expect(page.get_by_role("heading", name="Séances annulées")).to_be_visible()
    expect(page.get_by_text("Professeur absent").first).to_be_visible()
    _verifier(page, "fiche-seance-annulee", mode)

    page.goto(url("/famille/preferences/"))
    assert page.get_by_label("Factures émises").is_disabled()
    assert page.get_by_label("Factures émises").is_checked()
    page.get_by_label("Évaluations publiées").uncheck()
    page.get_by_label("Anglais").check()
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Vos préférences ont été enregistrées.")).to_be_visible()
    assert not page.get_by_label("Évaluations publiées").is_checked()
    _verifier(page, "preferences", mode)

    page.goto(url("/famille/donnees/"))
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_load_state()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    _verifier(page, "mes-donnees-erreurs", mode)
    page.get_by_role("button", name="Préparer le fichier").click()
    page.wait_for_load_state()
    page.goto(url("/famille/donnees/"))
    expect(page.get_by_role("link", name="Télécharger le ZIP")).to_be_visible()
    _verifier(page, "mes-donnees", mode)

    page.get_by_role("link", name="Confidentialité", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Confidentialité")
    _verifier(page, "confidentialite", mode)
