"""Staff tied to an Etablissement see and edit only that site's rows; a superuser sees all."""

from tests import factories as f


def test_site_staff_list_only_their_site(client_staff, famille, autre_etablissement):
    autre = f.FamilleFactory(etablissement=autre_etablissement, nom="LOINTAIN")
    page = client_staff.get("/admin/famille/famille/").content.decode()
    assert "ABARRE" in page
    assert "LOINTAIN" not in page
    assert client_staff.get(f"/admin/famille/famille/{autre.pk}/change/").status_code == 302


def test_site_staff_cannot_open_another_sites_pupil(client_staff, irina, autre_etablissement):
    loin = f.EleveFactory(famille=f.FamilleFactory(etablissement=autre_etablissement))
    assert client_staff.get(f"/admin/eleves/eleve/{irina.pk}/change/").status_code == 200
    response = client_staff.get(f"/admin/eleves/eleve/{loin.pk}/change/")
    # Django's admin answers an object outside the queryset with a redirect and a message.
    assert response.status_code == 302


def test_site_staff_see_only_their_etablissement(client_staff, etablissement, autre_etablissement):
    page = client_staff.get("/admin/imuse/etablissement/").content.decode()
    assert "Valognes" in page
    assert "Cherbourg" not in page


def test_foreign_key_choices_are_limited_to_the_site(
    client_staff, etablissement, autre_etablissement
):
    f.AnneeScolaireFactory(etablissement=etablissement, libelle="2026/2027")
    f.AnneeScolaireFactory(
        etablissement=autre_etablissement, libelle="2030/2031", debut="2030-09-01", fin="2031-07-01"
    )
    page = client_staff.get("/admin/eleves/cours/add/").content.decode()
    assert "2026/2027" in page
    assert "2030/2031" not in page


def test_rows_created_by_site_staff_belong_to_their_site(client_staff, etablissement):
    response = client_staff.post("/admin/eleves/salle/add/", {"nom": "Ravel", "lieu": "Annexe"})
    assert response.status_code == 302
    from eleves.models import Salle

    assert Salle.objects.get(nom="Ravel").etablissement == etablissement


def test_superuser_sees_every_site(client_superuser, famille, autre_etablissement):
    f.FamilleFactory(etablissement=autre_etablissement, nom="LOINTAIN")
    page = client_superuser.get("/admin/famille/famille/").content.decode()
    assert "ABARRE" in page
    assert "LOINTAIN" in page


def test_other_site_staff_do_not_see_this_site(staff_autre, famille):
    from django.test import Client

    client = Client()
    client.force_login(staff_autre, backend="comptes.backends.IdentifiantBackend")
    page = client.get("/admin/famille/famille/").content.decode()
    assert "ABARRE" not in page


def test_site_staff_cannot_grant_superuser(client_staff, staff):
    page = client_staff.get(f"/admin/comptes/utilisateur/{staff.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
