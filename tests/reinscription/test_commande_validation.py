"""`python manage.py valider_reinscriptions`: the admin's bulk validation from the command
line, with --dry-run, the requests whose documents are not all accepted left out unless
--incompletes, a report of what could not be placed."""

import io

import pytest
from django.core.management import CommandError, call_command

from eleves.models import Inscription
from imuse.models import Journal
from reinscription.models import DemandeReinscription, ValidationGroupee
from tests.reinscription.test_validation_groupee import demandes  # noqa: F401 (fixture)

Etat = DemandeReinscription.Etat
pytestmark = pytest.mark.django_db


def _lancer(*args):
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("valider_reinscriptions", *args, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


def test_dry_run_says_where_each_sheet_goes_and_writes_nothing(demandes, etablissement):  # noqa: F811
    irina_d, hugo_d = demandes
    campagne = irina_d.campagne
    avant = Inscription.objects.count()
    sortie, _ = _lancer(campagne.annee.libelle, "--etablissement", etablissement.code, "--dry-run")
    assert "documents not all accepted" in sortie and "left out" in sortie
    assert "FM 2C4 A → FM 2C4 A" in sortie and "Pian 2C4 → Pian 2C4" in sortie
    assert "2 course sheets would be placed" in sortie
    assert Inscription.objects.count() == avant and not ValidationGroupee.objects.exists()
    irina_d.refresh_from_db()
    assert irina_d.etat == Etat.EN_ATTENTE


def test_the_complete_requests_are_validated_with_progress(demandes, etablissement):  # noqa: F811
    irina_d, hugo_d = demandes
    sortie, erreurs = _lancer(str(irina_d.campagne.pk), "--etablissement", etablissement.code)
    irina_d.refresh_from_db()
    hugo_d.refresh_from_db()
    assert (irina_d.etat, hugo_d.etat) == (Etat.VALIDEE, Etat.EN_ATTENTE)
    assert "1 requests processed: 2 course sheets placed, 0 not placed" in sortie
    assert "validation" in erreurs  # the progress bar
    (validation,) = ValidationGroupee.objects.all()
    assert validation.statut == "termine" and validation.par is None
    assert Journal.objects.filter(action="reinscription.validation_groupee_terminee").exists()


def test_incompletes_validates_them_too_and_reports_what_finds_no_course(
    demandes,  # noqa: F811
    etablissement,
):
    irina_d, hugo_d = demandes
    sortie, _ = _lancer(
        irina_d.campagne.annee.libelle, "--etablissement", etablissement.code, "--incompletes"
    )
    hugo_d.refresh_from_db()
    assert hugo_d.etat == Etat.VALIDEE and "validated anyway" in sortie
    assert "not placed" in sortie  # Hugo's classes have no course next year


def test_unknown_school_or_campaign_is_a_clear_error(demandes, etablissement, autre_etablissement):  # noqa: F811
    with pytest.raises(CommandError, match="No school"):
        _lancer("2026/2027", "--etablissement", "nulle-part")
    with pytest.raises(CommandError, match="No campaign"):
        _lancer("2026/2027", "--etablissement", autre_etablissement.code)
