"""Issue 14: axe with its best-practice rules too, on the main portal pages in both modes
(the suite's verifier_axe runs the WCAG tags only)."""

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def test_portal_pages_have_no_best_practice_violation(page, url, connecter, responsable1, irina):
    connecter(page, "abarre1")
    pages = [
        "/accueil/",
        "/famille/",
        f"/eleves/{irina.pk}/identite/",
        "/facturation/",
        "/accessibilite/",
        "/accessibilite/aide/",
        "/accessibilite/plan/",
        "/accessibilite/declaration/",
        "/compte/mot-de-passe/",
    ]
    violations = []
    for mode in ["normal", "accessible"]:
        if mode == "accessible":
            page.get_by_role("button", name="Activer le mode accessible").first.click()
            page.wait_for_load_state()
        for chemin in pages:
            page.goto(url(chemin))
            resultats = Axe().run(
                page,
                options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
            )
            violations += [f"{mode} {chemin}: {v['id']}" for v in resultats.response["violations"]]
    assert not violations, "\n".join(violations)
