"""Issue 14, at 320 CSS pixels (1280 at 400 % zoom), both modes: "Paiement en ligne" and
the re-enrolment boxes sit inside the viewport with no horizontal scrolling (their rows
stack), and table captions are not clipped by their scroll box."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibilite import _activer_mode
from tests.browser.test_facturation import _compte
from tests.reinscription.conftest import (  # noqa: F401 (fixtures)
    campagne,
    certificat,
    cours_irina,
    danse,
    domicile,
    photo,
    pieces,
)

LARGEUR = 320

# Every box of `selecteur`: its left and right edges, and whether an ancestor scroll box
# must be scrolled sideways to show it.
DANS_LA_FENETRE = """(selecteur) => [...document.querySelectorAll(selecteur)].map(e => {
  const r = e.getBoundingClientRect();
  let boite = e.parentElement, cache = false;
  while (boite) {
    const b = boite.getBoundingClientRect();
    const deborde = r.left < b.left - 1 || r.right > b.right + 1;
    if (getComputedStyle(boite).overflowX !== "visible" && deborde) cache = true;
    boite = boite.parentElement;
  }
  return {texte: (e.innerText || e.id || "").trim().slice(0, 60), gauche: r.left, droite: r.right,
          largeur: r.width, cache: cache};
})"""


def _verifier(page, selecteur: str, quoi: str, mode: str) -> int:
    boites = page.evaluate(DANS_LA_FENETRE, selecteur)
    for b in boites:
        assert b["largeur"] > 0, f"{quoi} ({mode}) has no width: {b}"
        assert 0 <= b["gauche"] and b["droite"] <= LARGEUR, f"{quoi} ({mode}) off-screen: {b}"
        assert not b["cache"], f"{quoi} ({mode}) needs horizontal scrolling: {b}"
    assert page.evaluate("document.documentElement.scrollWidth") <= LARGEUR
    return len(boites)


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_essential_controls_are_reachable_at_320_pixels(
    navigateur, url, connecter, famille, irina, etablissement, responsable1, request, mode
):
    request.getfixturevalue("cours_irina")
    request.getfixturevalue("pieces")
    _compte(famille, irina, etablissement)
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": LARGEUR, "height": 800})
    page = contexte.new_page()
    page.set_default_timeout(20_000)
    try:
        connecter(page, "abarre1")
        if mode == "accessible":
            _activer_mode(page)
        page.goto(url("/facturation/"))
        assert _verifier(page, ".tableau-dues button[type=submit]", "Paiement en ligne", mode) == 1
        expect(page.get_by_role("button", name="Paiement en ligne")).to_be_visible()
        # Captions: the stacked table's and the ledger's (which scrolls in its box).
        assert _verifier(page, "table caption", "caption", mode) >= 2
        page.goto(url(f"/reinscription/eleve/{irina.pk}/"))
        assert _verifier(page, ".tableau-cours input[type=checkbox]", "re-enrolment box", mode) == 2
        _verifier(page, "#id_administrative", "administrative box", mode)
        _verifier(page, "table caption", "caption", mode)
        page.get_by_label("Se réinscrire en FM 2C4 A").check()  # reachable, no scrolling
    finally:
        contexte.close()
