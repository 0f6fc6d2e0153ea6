"""A guardian's account is linked by searching it (name, e-mail, login, family number),
never by typing an internal number; the search stays within the staff's school."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def _chercher(client, terme):
    reponse = client.get(
        AUTOCOMPLETE,
        {
            "app_label": "famille",
            "model_name": "responsable",
            "field_name": "utilisateur",
            "term": terme,
        },
    )
    assert reponse.status_code == 200
    return [r["text"] for r in reponse.json()["results"]]


def test_the_guardian_page_searches_the_account_instead_of_asking_its_number(
    client_staff, responsable1
):
    page = client_staff.get(f"/admin/famille/responsable/{responsable1.pk}/change/")
    html = page.content.decode()
    assert "admin-autocomplete" in html
    assert 'class="vForeignKeyRawIdAdminField"' not in html


@pytest.mark.parametrize("terme", ["abarre1", "Jérémie", "jeremie@example.org", "1001"])
def test_an_account_is_found_by_login_name_email_or_family_number(
    client_staff, responsable1, terme
):
    assert any("abarre1" in texte for texte in _chercher(client_staff, terme))


def test_staff_of_another_school_find_nothing_of_this_one(
    client_staff, responsable1, autre_etablissement, staff_autre
):
    from tests.conftest import _client

    autre = _client(staff_autre)
    assert _chercher(autre, "abarre") == []
    assert _chercher(autre, "1001") == []
    loin = f.UtilisateurFactory(etablissement=autre_etablissement, identifiant="loin1")
    assert all("loin1" not in texte for texte in _chercher(client_staff, "loin"))
    assert loin.pk
