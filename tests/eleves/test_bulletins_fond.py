"""A big bulletins ZIP (over BULLETINS_TAILLE_SYNCHRONE) is read by a background task:
the page redirects to the run, which shows its progress and then its report with the
link to publish; the same checks and limits as a small archive; the archive is deleted
once read; another school's staff see nothing of it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eleves.models import DepotBulletins, DocumentEleve
from eleves.saisie_fond import ecrire_progression
from imuse.models import Journal
from tests.conftest import connecter_staff
from tests.eleves.test_saisie_bulletins import PDF, URL, archive, numeros  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def petit_seuil(settings):
    settings.BULLETINS_TAILLE_SYNCHRONE = 100  # every test archive is "big"


def _envoyer(client, fichiers, annee, capture):
    with capture(execute=True):
        return client.post(
            reverse(URL), {"archive": archive(fichiers), "annee": annee.pk, "titre": "S1"}
        )


def test_a_big_archive_is_read_in_the_background_with_its_report(
    client_staff,
    staff,
    numeros,  # noqa: F811
    annee,
    irina,
    django_capture_on_commit_callbacks,
):
    fichiers = {"bulletin-1042.pdf": PDF, "bulletin-9999.pdf": PDF}
    reponse = _envoyer(client_staff, fichiers, annee, django_capture_on_commit_callbacks)
    depot = DepotBulletins.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("admin:eleves_depotbulletins_change", args=[depot.pk])
    assert (depot.statut, depot.total, depot.par) == ("termine", 2, staff)
    assert not depot.archive  # deleted once read
    (bulletin,) = DocumentEleve.objects.all()
    assert bulletin.eleve == irina and not bulletin.visible_famille
    page = client_staff.get(reponse["Location"]).content.decode()
    assert "1 bulletin associé, 1 fichiers écartés." in page and 'value="100"' in page
    rapport = client_staff.get(reverse(URL) + f"?depot={depot.pk}").content.decode()
    assert "bulletin-9999.pdf" in rapport and f'name="document" value="{bulletin.pk}"' in rapport
    actions = set(Journal.objects.values_list("action", flat=True))
    assert {"bulletins.lancer", "bulletins.terminer", "bulletins.importer"} <= actions


def test_progress_while_it_runs_and_a_failed_archive_says_why(
    client_staff,
    numeros,  # noqa: F811
    annee,
    etablissement,
    django_capture_on_commit_callbacks,
):
    depot = DepotBulletins.objects.create(
        etablissement=etablissement, annee=annee, titre="S1", nom_original="gros.zip", total=400
    )
    depot.statut = DepotBulletins.Statut.EN_COURS
    depot.save()
    ecrire_progression(depot, 120, 400)
    url = reverse("admin:eleves_depotbulletins_change", args=[depot.pk])
    page = client_staff.get(url).content.decode()
    assert 'value="30"' in page and "120 / 400" in page
    # The page follows the run by itself (static script, no inline code under the CSP).
    suivi = reverse("admin:eleves_depotbulletins_progression", args=[depot.pk])
    assert f'data-url="{suivi}"' in page and "js/importation.js" in page
    assert client_staff.get(suivi).json() == {
        "en_cours": True,
        "statut": "en cours",
        "fait": 120,
        "total": 400,
    }
    # Not a ZIP: said beside the field at once, nothing kept.
    pas_zip = SimpleUploadedFile("x.zip", b"x" * 200)
    reponse = client_staff.post(reverse(URL), {"archive": pas_zip, "annee": annee.pk, "titre": "S"})
    assert "Ce fichier n&#x27;est pas une archive ZIP lisible." in reponse.content.decode()
    assert DepotBulletins.objects.count() == 1


def test_another_school_s_staff_see_nothing(
    staff_autre,
    client_staff,
    numeros,  # noqa: F811
    annee,
    django_capture_on_commit_callbacks,
):
    _envoyer(client_staff, {"bulletin-1042.pdf": PDF}, annee, django_capture_on_commit_callbacks)
    depot = DepotBulletins.objects.get()
    autre = connecter_staff(Client(), staff_autre)
    assert autre.get(
        reverse("admin:eleves_depotbulletins_change", args=[depot.pk])
    ).status_code in (302, 404)
    assert (
        "gros" not in autre.get(reverse("admin:eleves_depotbulletins_changelist")).content.decode()
    )
    assert autre.get(reverse(URL) + f"?depot={depot.pk}").status_code == 404
    suivi = reverse("admin:eleves_depotbulletins_progression", args=[depot.pk])
    assert autre.get(suivi).status_code == 404
    # Once finished, the page no longer polls.
    page = client_staff.get(reverse("admin:eleves_depotbulletins_change", args=[depot.pk]))
    assert "js/importation.js" not in page.content.decode()
    assert client_staff.get(suivi).json()["en_cours"] is False
