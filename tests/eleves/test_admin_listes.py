"""The admin lists of course sheets, pupils and families at scale: the sheet's stored
year (Inscription.annee), another site's staff seeing nothing, bounded queries."""

import pytest
from django.test import Client

from eleves.models import Inscription
from tests import factories as f
from tests.conftest import connecter_staff

LISTES = [
    "/admin/eleves/inscription/",
    "/admin/eleves/inscription/?q=ABARRE",
    "/admin/eleves/inscription/?q=FM",
    "/admin/eleves/eleve/?q=ABARRE",
    "/admin/famille/famille/?q=ABARRE",
    "/admin/famille/famille/?q=1001",
    "/admin/famille/responsable/?q=ABARRE",
    "/admin/comptes/utilisateur/?q=abarre",
]


def test_a_sheet_stores_its_course_s_year_however_it_is_created(irina, hugo, annee):
    ancienne = f.AnneeScolaireFactory(
        etablissement=annee.etablissement,
        libelle="2020/2021",
        debut="2020-09-01",
        fin="2021-07-01",
        courante=False,
    )
    cours = f.CoursFactory(annee=annee, code="FM 1")
    vieux = f.CoursFactory(annee=ancienne, code="FM 0")
    fiche = f.InscriptionFactory(eleve=irina, cours=cours)
    assert fiche.annee_id == annee.pk
    (lot,) = Inscription.objects.bulk_create([Inscription(eleve=hugo, cours=vieux)])
    assert Inscription.objects.get(pk=lot.pk).annee_id == ancienne.pk
    # A sheet moved to another course, a course moved to another year: the year follows.
    fiche.cours = vieux
    fiche.save(update_fields=["cours"])
    assert Inscription.objects.get(pk=fiche.pk).annee_id == ancienne.pk
    vieux.annee = annee
    vieux.save()
    assert set(Inscription.objects.values_list("annee_id", flat=True)) == {annee.pk}


def test_the_sheets_list_filters_on_the_stored_year_newest_first(client_staff, irina, annee):
    ancienne = f.AnneeScolaireFactory(
        etablissement=annee.etablissement,
        libelle="2020/2021",
        debut="2020-09-01",
        fin="2021-07-01",
        courante=False,
    )
    premiere = f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=ancienne, code="A1"))
    seconde = f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="B2"))
    page = client_staff.get("/admin/eleves/inscription/").content.decode()
    assert page.index(f"/inscription/{seconde.pk}/change/") < page.index(
        f"/inscription/{premiere.pk}/change/"
    )
    page = client_staff.get(f"/admin/eleves/inscription/?annee__id__exact={ancienne.pk}")
    html = page.content.decode()
    assert f"/inscription/{premiere.pk}/change/" in html
    assert f"/inscription/{seconde.pk}/change/" not in html


@pytest.mark.parametrize("url", LISTES)
def test_another_site_s_staff_see_nothing_of_the_lists_and_searches(
    url, client_staff, staff_autre, responsable1, irina, annee
):
    fiche = f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 9"))
    liens = [
        f"/eleves/inscription/{fiche.pk}/change/",
        f"/eleves/eleve/{irina.pk}/change/",
        f"/famille/famille/{irina.famille_id}/change/",
        f"/famille/responsable/{responsable1.pk}/change/",
        f"/comptes/utilisateur/{responsable1.utilisateur_id}/change/",
    ]
    ici = client_staff.get(url).content.decode()
    assert any(lien in ici for lien in liens)
    page = connecter_staff(Client(), staff_autre).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for lien in liens:
        assert lien not in html, lien
    assert "Irina" not in html and "Jérémie" not in html and "FM 9" not in html


@pytest.mark.parametrize("url", LISTES)
def test_the_lists_and_searches_read_a_bounded_number_of_queries(
    url, client_staff, responsable1, responsable2, irina, hugo, annee, django_assert_max_num_queries
):
    for i in range(30):
        eleve = f.EleveFactory(famille=irina.famille, nom="ABARRE", prenom=f"E{i}")
        f.InscriptionFactory(eleve=eleve, cours=f.CoursFactory(annee=annee, code=f"FM {i}"))
    with django_assert_max_num_queries(16):
        page = client_staff.get(url)
    assert page.status_code == 200
    assert "ABARRE" in page.content.decode() or "abarre" in page.content.decode()
