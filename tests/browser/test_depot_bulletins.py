"""A big bulletins ZIP read in the background: its run's page in a real browser, with axe,
while it runs (progress bar, updated by itself) and once finished (the link to the report
that publishes, shown without a reload by hand)."""

from playwright.sync_api import expect

from eleves.models import DepotBulletins
from eleves.saisie_fond import ecrire_progression

from .conftest import verifier_axe


def test_the_run_page_while_it_runs_then_finished(page, url, connecter, staff, annee):
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    depot = DepotBulletins.objects.create(
        etablissement=annee.etablissement,
        annee=annee,
        titre="Bulletin S1",
        nom_original="bulletins.zip",
        total=400,
        statut=DepotBulletins.Statut.EN_COURS,
        par=staff,
    )
    ecrire_progression(depot, 120, 400)
    connecter(page, "gestion")
    page.goto(url(f"/admin/eleves/depotbulletins/{depot.pk}/change/"))
    barre = page.get_by_role("progressbar", name="avancement", exact=True)
    assert barre.get_attribute("value") == "30"
    assert "120 / 400" in page.content()
    verifier_axe(page, "depot-bulletins-en-cours")

    # The page follows the run by itself.
    ecrire_progression(depot, 200, 400)
    expect(page.locator("#texte-progression")).to_contain_text("200 / 400")
    expect(page.locator("#barre-progression")).to_have_attribute("value", "200")

    depot.statut = DepotBulletins.Statut.TERMINE
    depot.traites = 400
    depot.refus = [["bulletin-9999.pdf", "aucun numéro d'élève de l'établissement"]]
    depot.save()
    lien = page.get_by_role("link", name="Voir le compte rendu et publier les bulletins")
    lien.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="1 fichier écarté")).to_be_visible()
    verifier_axe(page, "depot-bulletins-rapport")
