"""Issue 14, pages: evaluation links and titles name the course and the date, unique search
labels, French data marked lang="fr" and day/month dates in the English interface."""

import datetime as dt
import re

from django.urls import reverse

from tests import factories as f


def _fiche(irina, etablissement):
    annee = f.AnneeScolaireFactory(etablissement=etablissement)
    inscription = f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 1"))
    evaluation = f.EvaluationFactory(
        inscription=inscription, date=dt.date(2026, 11, 6), appreciation="Très bon travail"
    )
    return inscription, evaluation


def test_evaluation_links_and_titles_name_the_course_and_the_date(client_r1, irina, etablissement):
    inscription, evaluation = _fiche(irina, etablissement)
    page = client_r1.get(reverse("eleves:inscription", args=[irina.pk, inscription.pk]))
    lien = re.search(
        rf'<a href="[^"]*/evaluations/{evaluation.pk}/">(.*?)</a>', page.content.decode()
    )
    assert lien, "no link to the evaluation"
    nom = re.sub(r"<[^>]+>", "", lien.group(1))
    assert nom == "Contrôle continu, FM 1, 06/11/2026"
    detail = client_r1.get(
        reverse("eleves:evaluation", args=[irina.pk, inscription.pk, evaluation.pk])
    )
    titre = re.search(r"<title>(.*?)</title>", detail.content.decode()).group(1)
    assert "FM 1" in titre and "06/11/2026" in titre


def test_the_two_search_fields_of_a_course_sheet_have_their_own_label(
    client_r1, irina, etablissement
):
    inscription, _evaluation = _fiche(irina, etablissement)
    page = client_r1.get(reverse("eleves:inscription", args=[irina.pk, inscription.pk]))
    libelles = re.findall(r'<label for="[^"]+">([^<]*)</label>', page.content.decode())
    assert "Rechercher dans les évaluations" in libelles
    assert "Rechercher dans les absences" in libelles
    assert "Recherche" not in libelles


def test_english_interface_marks_french_data_and_keeps_day_month_dates(
    client_r1, irina, etablissement
):
    inscription, evaluation = _fiche(irina, etablissement)
    client_r1.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client_r1.get(
        reverse("eleves:evaluation", args=[irina.pk, inscription.pk, evaluation.pk])
    ).content.decode()
    assert '<html lang="en"' in page
    assert '<dd lang="fr">Très bon travail</dd>' in page
    assert '<dd lang="fr">Contrôle continu</dd>' in page
    assert "06/11/2026" in page and "11/06/2026" not in page
