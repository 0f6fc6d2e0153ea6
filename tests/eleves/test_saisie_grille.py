"""An evaluation of a whole course entered on one page, checked cell by cell, published
in one step; staff of another school reach nothing of it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from eleves.models import Evaluation
from imuse.journal import journal_de
from tests import factories as f
from tests.conftest import connecter_staff


@pytest.fixture
def piano(annee, etablissement, famille, irina, hugo):
    cours = f.CoursFactory(annee=annee, code="Piano 1C1")
    fiches = [f.InscriptionFactory(eleve=e, cours=cours) for e in (irina, hugo)]
    # A pupil who dropped out is not in the grid.
    f.InscriptionFactory(
        eleve=f.EleveFactory(famille=famille, prenom="Zoé"),
        cours=cours,
        situation_activite="abandon",
    )
    return cours, fiches


def url(cours, **params):
    base = reverse("admin:eleves_cours_grille", args=[cours.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def donnees(fiches, cellules, date="12/03/2027", type_="Contrôle", sur="20"):
    valeurs = {"date": date, "type_evaluation": type_, "denominateur": sur, "action": "enregistrer"}
    for fiche, (note, absent, appreciation) in zip(fiches, cellules, strict=False):
        valeurs[f"e{fiche.pk}-note"] = note
        if absent:
            valeurs[f"e{fiche.pk}-absent"] = "on"
        valeurs[f"e{fiche.pk}-appreciation"] = appreciation
    return valeurs


def test_the_grid_lists_the_active_pupils_with_labelled_cells(client_staff, piano):
    cours, fiches = piano
    texte = client_staff.get(url(cours)).content.decode()
    assert "<caption>Élèves de Piano 1C1 : note, absence et appréciation</caption>" in texte
    assert "ABARRE Irina" in texte and "ABARRE Hugo" in texte and "Zoé" not in texte
    assert (
        f'<label for="id_e{fiches[0].pk}-note" class="visually-hidden">Note de ABARRE Irina'
        in texte
    )
    assert "Enregistrer l'évaluation" in texte
    # The course list links to the grid.
    liste = client_staff.get(reverse("admin:eleves_cours_changelist")).content.decode()
    assert "Saisir une évaluation de Piano 1C1" in liste


def test_each_wrong_cell_has_its_french_error_and_nothing_is_saved(client_staff, piano):
    cours, fiches = piano
    reponse = client_staff.post(url(cours), donnees(fiches, [("24", False, ""), ("12", True, "")]))
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert reponse.status_code == 200
    assert "La note doit être comprise entre 0 et 20." in texte
    assert "Un élève absent n'a pas de note" in texte
    assert f'id="id_e{fiches[0].pk}-note_error"' in texte
    assert "2 lignes à corriger" in texte
    assert 'value="24"' in texte  # what was typed is kept
    assert not Evaluation.objects.exists()
    reponse = client_staff.post(url(cours), donnees(fiches, [("abc", False, "")], date="31/02"))
    texte = reponse.content.decode()
    assert "Saisissez un nombre, par exemple 14,5." in texte
    assert "Saisissez une date telle que 12/03/2027." in texte


def test_a_saved_grid_is_published_in_one_step(client_staff, client_r1, piano, irina):
    cours, fiches = piano
    reponse = client_staff.post(
        url(cours),
        donnees(fiches, [("14,5", False, "Beau son"), ("", True, "")]),
        follow=True,
    )
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "2 saisies, 0 modifiées, 0 retirées" in texte
    irina_e = Evaluation.objects.get(inscription=fiches[0])
    assert irina_e.note == Decimal("14.5") and irina_e.appreciation == "Beau son"
    assert irina_e.date == dt.date(2027, 3, 12) and not irina_e.publiee
    assert Evaluation.objects.get(inscription=fiches[1]).absent
    fiche_portail = f"/eleves/{irina.pk}/fiches/{fiches[0].pk}/"
    assert "Beau son" not in client_r1.get(fiche_portail).content.decode()
    assert "Publier l'évaluation du 12/03 de Piano 1C1" in texte
    reponse = client_staff.post(
        url(cours), {"action": "publier", "date": "2027-03-12", "type": "Contrôle"}, follow=True
    )
    assert "2 évaluations publiées" in reponse.content.decode()
    assert Evaluation.objects.filter(publiee=True, publiee_le__isnull=False).count() == 2
    assert "Beau son" in client_r1.get(fiche_portail).content.decode()
    assert journal_de(cours).filter(action="evaluation.grille_publier").exists()
    assert journal_de(fiches[0]).filter(action="inscription.publier").exists()


def test_reopening_a_grid_updates_and_an_emptied_cell_is_removed(client_staff, piano):
    cours, fiches = piano
    client_staff.post(url(cours), donnees(fiches, [("10", False, ""), ("11", False, "")]))
    texte = client_staff.get(url(cours, date="2027-03-12", type="Contrôle")).content.decode()
    assert 'value="10"' in texte and 'value="11"' in texte
    client_staff.post(
        url(cours, date="2027-03-12", type="Contrôle"),
        donnees(fiches, [("12", False, ""), ("", False, "")]),
    )
    assert [e.note for e in Evaluation.objects.all()] == [Decimal("12")]


def test_another_school_s_staff_get_404(piano, staff_autre):
    cours, fiches = piano
    client = connecter_staff(Client(), staff_autre)
    assert client.get(url(cours)).status_code == 404
    reponse = client.post(url(cours), donnees(fiches, [("10", False, ""), ("11", False, "")]))
    assert reponse.status_code == 404
    assert not Evaluation.objects.exists()


def test_the_grid_keeps_its_queries_bounded(
    client_staff, piano, famille, django_assert_max_num_queries
):
    cours, _fiches = piano
    for n in range(30):
        f.InscriptionFactory(eleve=f.EleveFactory(famille=famille, prenom=f"É{n}"), cours=cours)
    with django_assert_max_num_queries(15):
        reponse = client_staff.get(url(cours))
    assert reponse.content.decode().count('<th scope="row">') == 32
