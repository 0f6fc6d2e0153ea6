"""Admin lists sorted by a header click (imuse/admin_tri.py): by the clicked column then
the key in the same direction, so one index on (column, id) serves both ways; only
indexed columns sortable; the year filter of the sheets lists the staff's site's years."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.conftest import connecter_staff


def _requete_liste(client, url: str, table: str) -> str:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    # The page's rows: the ordered query of the list's table.
    lignes = [
        q["sql"]
        for q in requetes.captured_queries
        if f'FROM "{table}"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert lignes
    return lignes[-1][lignes[-1].index("ORDER BY") :]


@pytest.mark.parametrize(
    ("o", "ordre"),
    [
        ("1", '"eleves_eleve"."nom" ASC, "eleves_eleve"."id" ASC'),
        ("-1", '"eleves_eleve"."nom" DESC, "eleves_eleve"."id" DESC'),
        ("5", '"eleves_eleve"."date_naissance" ASC, "eleves_eleve"."id" ASC'),
    ],
)
def test_a_header_click_orders_by_the_column_then_the_key_the_same_way(
    client_staff, irina, o, ordre
):
    assert ordre in _requete_liste(client_staff, f"/admin/eleves/eleve/?o={o}", "eleves_eleve")


def test_a_list_s_own_order_is_left_as_django_makes_it(client_staff, irina):
    # The pupils' index (nom, prenom, -id) is built for it.
    ordre = _requete_liste(client_staff, "/admin/eleves/eleve/", "eleves_eleve")
    assert '"eleves_eleve"."prenom" ASC, "eleves_eleve"."id" DESC' in ordre


def test_pupils_with_the_same_name_come_by_creation_both_ways(client_staff, famille):
    a, b, c = (f.EleveFactory(famille=famille, nom="MARTIN", prenom=p) for p in "CAB")
    html = client_staff.get("/admin/eleves/eleve/?o=1").content.decode()
    positions = [html.index(f"/eleves/eleve/{e.pk}/change/") for e in (a, b, c)]
    assert positions == sorted(positions)
    html = client_staff.get("/admin/eleves/eleve/?o=-1").content.decode()
    positions = [html.index(f"/eleves/eleve/{e.pk}/change/") for e in (a, b, c)]
    assert positions == sorted(positions, reverse=True)


def test_only_indexed_columns_sort_the_sheets(client_staff, irina, annee):
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 1"))
    html = client_staff.get("/admin/eleves/inscription/").content.decode()
    assert 'class="sortable column-eleve' in html and 'class="sortable column-moyenne' in html
    # The course and the status still show, without a sort link: filters do that.
    assert "column-cours" in html and 'class="sortable column-cours' not in html
    assert "column-situation_activite" in html
    assert 'class="sortable column-situation_activite' not in html
    # An index typed by hand for an unsortable column is ignored, not an error: the
    # list keeps its own order (Django checks `sortable_by` for the links only).
    ordre = _requete_liste(client_staff, "/admin/eleves/inscription/?o=2", "eleves_inscription")
    assert "eleves_cours" not in ordre and '"eleves_inscription"."id" DESC' in ordre
    ordre = _requete_liste(client_staff, "/admin/eleves/inscription/?o=2.4", "eleves_inscription")
    assert ordre.startswith('ORDER BY "eleves_inscription"."moyenne" ASC')
    page = client_staff.get("/admin/eleves/inscription/?o=2")
    assert page.status_code == 200 and "FM 1" in page.content.decode()


def test_the_year_filter_lists_this_site_s_years_never_another_s(
    client_staff, staff_autre, irina, annee, autre_etablissement
):
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 1"))
    # A filter shows from two choices: a past year of the site, without any sheet.
    passee = f.AnneeScolaireFactory(
        etablissement=annee.etablissement,
        libelle="2020/2021",
        debut="2020-09-01",
        fin="2021-07-01",
        courante=False,
    )
    ailleurs = f.AnneeScolaireFactory(
        etablissement=autre_etablissement, libelle="1999/2000", debut="1999-09-01", fin="2000-07-01"
    )
    html = client_staff.get("/admin/eleves/inscription/").content.decode()
    assert f"annee__id__exact={annee.pk}" in html and annee.libelle in html
    assert f"annee__id__exact={passee.pk}" in html
    assert "1999/2000" not in html and f"annee__id__exact={ailleurs.pk}" not in html
    autre = connecter_staff(Client(), staff_autre).get("/admin/eleves/inscription/?o=1")
    html = autre.content.decode()
    assert autre.status_code == 200
    assert annee.libelle not in html and "FM 1" not in html and "Irina" not in html


def test_invoices_sort_by_amount_both_ways_and_not_by_nature(
    client_staff, staff_autre, famille, autre_etablissement
):
    from tests.facturation.factories import facture, reglement

    petite, grande, egale = (facture(famille, montant=m) for m in ("10.00", "90.00", "10.00"))
    html = client_staff.get("/admin/facturation/facture/?o=7").content.decode()
    ordre = [html.index(f"/facturation/facture/{x.pk}/change/") for x in (petite, egale, grande)]
    assert ordre == sorted(ordre)
    html = client_staff.get("/admin/facturation/facture/?o=-7").content.decode()
    ordre = [html.index(f"/facturation/facture/{x.pk}/change/") for x in (grande, egale, petite)]
    assert ordre == sorted(ordre)
    assert 'class="sortable column-nature' not in html and "column-nature" in html
    recu = reglement(famille, montant="5.00", reference="CHQ-778")
    html = client_staff.get("/admin/facturation/reglement/?o=-7").content.decode()
    assert "CHQ-778" in html and 'class="sortable column-mode' not in html
    # Another school's staff, sorting the same way, see none of it.
    autre = connecter_staff(Client(), staff_autre)
    for url in ("/admin/facturation/facture/?o=-7", "/admin/facturation/reglement/?o=-7"):
        page = autre.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "CHQ-778" not in html and f"/reglement/{recu.pk}/change/" not in html
        assert f"/facture/{grande.pk}/change/" not in html
