"""The families file's `Identifiant R1/R2` column on a guardian who already has an account
under another login: the preview shows the change, the account takes the login when it is
free on the site (journaled; a holder who already logged in is warned of), otherwise the
line is in error with a French reason and nothing is written."""

import pytest
from django.utils import timezone

from comptes.models import Utilisateur
from imuse.models import Journal
from tests import factories as f
from tests.importation.outils import ENTETES_FAMILLES, ecrire_csv, famille, lancer

pytestmark = pytest.mark.django_db
ENTETES = [*ENTETES_FAMILLES, "Identifiant R1"]


def _fichier(tmp_path, identifiant, nom="f.csv"):
    ligne = [*famille(1001, nom="ABARRE", prenom="Jérémie"), identifiant]
    return ecrire_csv(tmp_path / nom, [ENTETES, ligne])


@pytest.fixture
def existant(tmp_path, etablissement, staff):
    """Family 1001 imported once, with R1's account `abarre1` (never used)."""
    lancer("familles", _fichier(tmp_path, "abarre1", "a.csv"), etablissement, par=staff)
    return Utilisateur.objects.get(etablissement=etablissement, identifiant="abarre1")


def test_a_free_login_renames_the_account_shown_in_the_preview(
    tmp_path, etablissement, staff, existant
):
    apercu = lancer(
        "familles", _fichier(tmp_path, "J.Abarre"), etablissement, par=staff, appliquer=False
    )
    (ligne,) = apercu.lignes
    assert ligne["statut"] == "modifie"
    assert ligne["changements"] == [["ABARRE Jérémie — identifiant", "abarre1", "j.abarre"]]
    existant.refresh_from_db()
    assert existant.identifiant == "abarre1"  # the preview writes nothing

    rapport = lancer("familles", _fichier(tmp_path, "J.Abarre"), etablissement, par=staff)
    assert rapport.applique
    existant.refresh_from_db()
    assert existant.identifiant == "j.abarre" and not ligne["avertissements"]
    entree = Journal.objects.get(action="compte.renommer")
    assert (entree.par, entree.donnees["ancien"], entree.donnees["nouveau"]) == (
        staff,
        "abarre1",
        "j.abarre",
    )
    # The same file again changes nothing.
    again = lancer("familles", _fichier(tmp_path, "J.Abarre"), etablissement, par=staff)
    assert again.comptes["inchange"] == 1


def test_a_login_used_by_another_account_is_an_error_and_nothing_changes(
    tmp_path, etablissement, staff, existant
):
    f.UtilisateurFactory(etablissement=etablissement, identifiant="pris")
    rapport = lancer("familles", _fichier(tmp_path, "pris"), etablissement, par=staff)
    assert not rapport.applique
    (ligne,) = rapport.lignes
    assert ligne["erreurs"] == [
        "L'identifiant « pris » est déjà utilisé sur ce site par un autre compte ; "
        "le compte du responsable 1 garde « abarre1 »."
    ]
    existant.refresh_from_db()
    assert existant.identifiant == "abarre1"


def test_an_account_already_used_is_renamed_with_a_warning(
    tmp_path, etablissement, staff, existant
):
    existant.premiere_connexion_le = timezone.now()
    existant.save()
    rapport = lancer("familles", _fichier(tmp_path, "jabarre"), etablissement, par=staff)
    assert rapport.applique
    (ligne,) = rapport.lignes
    assert "se connecte désormais avec « jabarre »" in ligne["avertissements"][0]


def test_the_admin_preview_shows_the_rename(tmp_path, client_staff, etablissement, existant):
    with _fichier(tmp_path, "j.abarre").open("rb") as fichier:
        page = client_staff.post(
            "/admin/importation/importation/add/",
            {"type_import": "familles", "fichier": fichier},
            follow=True,
        ).content.decode()
    assert "abarre1" in page and "j.abarre" in page
