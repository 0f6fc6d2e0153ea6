"""The "Élèves" menu: picker, tabs, identity as a pending request, courses, sheets,
history, repertoire, documents."""

import datetime as dt

import pytest
from django.core import mail

from imuse.models import DemandeModification
from imuse.services import demande_ouverte
from tests import factories as f
from tests.eleves.conftest import annees_passees, cours, historique


def test_the_picker_lists_the_family_pupils_and_works_without_javascript(
    client_r1, irina, hugo, autre_eleve
):
    r = client_r1.get("/eleves/")
    html = r.content.decode()
    assert '<a href="/eleves/" aria-current="page">Élèves</a>' in html
    assert f'<option value="{irina.pk}">ABARRE Irina</option>' in html
    assert "TORRE" not in html
    r = client_r1.get("/eleves/", {"eleve": hugo.pk})
    assert r["Location"] == f"/eleves/{hugo.pk}/identite/"
    assert client_r1.get("/eleves/", {"eleve": autre_eleve.pk}).status_code == 404


def test_the_picker_of_a_file_keeps_the_open_tab(client_r1, irina, hugo):
    html = client_r1.get(f"/eleves/{irina.pk}/repertoire/").content.decode()
    assert '<input type="hidden" name="onglet" value="repertoire">' in html
    r = client_r1.get("/eleves/", {"eleve": hugo.pk, "onglet": "repertoire"})
    assert r["Location"] == f"/eleves/{hugo.pk}/repertoire/"
    r = client_r1.get("/eleves/", {"eleve": hugo.pk, "onglet": "<inconnu>"})
    assert r["Location"] == f"/eleves/{hugo.pk}/identite/"


def test_a_family_with_one_pupil_goes_straight_to_the_file(client_r1, irina):
    assert client_r1.get("/eleves/")["Location"] == f"/eleves/{irina.pk}/identite/"


def test_the_file_redirects_to_identite_and_each_tab_has_its_url(client_r1, irina, hugo):
    assert client_r1.get(f"/eleves/{irina.pk}/")["Location"] == f"/eleves/{irina.pk}/identite/"
    onglets = {
        "identite": "Identité",
        "cours": "Cours",
        "historique": "Historique",
        "repertoire": "Répertoire",
        "documents": "Mes documents",
    }
    for cle, libelle in onglets.items():
        r = client_r1.get(f"/eleves/{irina.pk}/{cle}/")
        assert r.status_code == 200
        html = r.content.decode()
        assert f'<a href="/eleves/{irina.pk}/{cle}/" aria-current="page">{libelle}</a>' in html
        assert html.count('aria-current="page"') == 2  # the menu entry and the tab
        assert f"<title>{libelle} — ABARRE Irina — Portail familles</title>" in html
        for autre in onglets:
            assert f'href="/eleves/{irina.pk}/{autre}/"' in html


IDENTITE = {
    "civilite": "MME",
    "nom": "ABARRE",
    "prenom": "Irina",
    "date_naissance": "14/03/2012",
    "lieu_naissance": "Cherbourg",
    "utiliser_coordonnees_responsable": "on",
    "adresse": "",
    "code_postal": "",
    "ville": "",
    "tel_domicile": "",
    "tel_mobile": "",
    "tel_pro": "",
    "email": "",
    "personne_a_prevenir": "",
    "tel_urgence": "",
    "droit_image": "False",
    "autorisation_sortie": "False",
}


def test_identite_shows_the_manual_fields_with_radio_groups(client_r1, irina):
    html = client_r1.get(f"/eleves/{irina.pk}/identite/").content.decode()
    for libelle in [
        "Date de naissance",
        "Lieu de naissance",
        "Utiliser les coordonnées du responsable légal",
        "Personne à prévenir",
        "Tél. urgence",
    ]:
        assert libelle in html
    assert "<legend>Droit à l&#x27;image\xa0:</legend>" in html
    assert "<legend>Autorisation de sortie\xa0:</legend>" in html
    assert 'type="radio" name="droit_image" value="True"' in html


def test_identite_changes_wait_for_validation_with_markers_and_email(
    client_r1, irina, django_capture_on_commit_callbacks
):
    donnees = IDENTITE | {"tel_mobile": "0611223344", "droit_image": "True"}
    with django_capture_on_commit_callbacks(execute=True):
        r = client_r1.post(f"/eleves/{irina.pk}/identite/", donnees, follow=True)
    html = r.content.decode()
    assert "un accusé de réception vous a été envoyé" in html
    irina.refresh_from_db()
    assert irina.tel_mobile == "" and irina.droit_image is False
    demande = demande_ouverte(irina)
    assert demande.valeurs == {
        "tel_mobile": {"avant": "", "demande": "06 11 22 33 44"},
        "droit_image": {"avant": "False", "demande": "True"},
    }
    assert 'value="06 11 22 33 44"' in html
    assert "Valeur enregistrée : (vide)" in html
    assert "Valeur enregistrée : Non" in html
    assert 'aria-describedby="id_droit_image_helptext"' in html  # on the fieldset
    assert "En attente de validation par le personnel administratif." in html
    assert "Oui" in mail.outbox[0].body


def test_own_address_is_asked_only_without_the_guardian_details(client_r1, irina):
    sans = IDENTITE | {"utiliser_coordonnees_responsable": "", "ville": "Caen"}
    del sans["utiliser_coordonnees_responsable"]
    r = client_r1.post(f"/eleves/{irina.pk}/identite/", sans)
    assert r.status_code == 400
    html = r.content.decode()
    assert (
        "Remplissez ce champ, ou cochez « Utiliser les coordonnées du responsable légal »" in html
    )
    assert 'value="Caen"' in html
    assert not DemandeModification.objects.exists()


def test_identite_bad_input_keeps_what_was_typed(client_r1, irina):
    donnees = IDENTITE | {"tel_urgence": "06 11", "date_naissance": "31/02/2012"}
    r = client_r1.post(f"/eleves/{irina.pk}/identite/", donnees)
    assert r.status_code == 400
    html = r.content.decode()
    assert 'value="06 11"' in html and 'value="31/02/2012"' in html
    assert "Saisissez un numéro de téléphone français" in html


@pytest.mark.parametrize("date", ["01/01/2099", "01/01/1800"])
def test_a_birth_date_in_the_future_or_long_ago_is_refused(client_r1, irina, date):
    r = client_r1.post(f"/eleves/{irina.pk}/identite/", IDENTITE | {"date_naissance": date})
    assert r.status_code == 400
    html = r.content.decode()
    assert f'value="{date}"' in html
    assert "Saisissez une date de naissance passée" in html
    assert demande_ouverte(irina) is None


def test_cours_lists_this_years_courses_with_the_manual_columns(
    client_r1, irina, fiche_irina, structure, etablissement
):
    (ancienne,) = annees_passees(etablissement, 1)
    f.InscriptionFactory(
        eleve=irina, cours=f.CoursFactory(annee=ancienne, code="FM 1C1 OLD", **structure)
    )
    html = client_r1.get(f"/eleves/{irina.pk}/cours/").content.decode()
    for colonne in ["Cours", "Enseignant", "Cycle", "Salle", "Jour", "Heure de passage", "Durée"]:
        assert f'<th scope="col">{colonne}</th>' in html
    assert f'href="/eleves/{irina.pk}/fiches/{fiche_irina.pk}/">FM 2C4 A</a>' in html
    assert "ASTAREL Carmen" in html and "Vendredi" in html and "17:30" in html
    assert "01:30" in html
    assert "FM 1C1 OLD" not in html


def test_the_course_sheet_shows_only_published_evaluations_and_final_absences(
    client_r1, irina, fiche_irina
):
    html = client_r1.get(f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/").content.decode()
    assert "Très bon travail" in html
    assert "Brouillon secret" not in html
    assert "Maladie" in html
    assert "Provisoire" not in html
    assert "15,75 / 20,00" in html
    publiee = fiche_irina.evaluations.get(publiee=True)
    brouillon = fiche_irina.evaluations.get(publiee=False)
    url = f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/evaluations/"
    assert f'href="{url}{publiee.pk}/"' in html
    detail = client_r1.get(f"{url}{publiee.pk}/").content.decode()
    assert "Très bon travail" in detail and "Dénominateur" in detail
    assert client_r1.get(f"{url}{brouillon.pk}/").status_code == 404
    finale = fiche_irina.absences.get(definitive=True)
    provisoire = fiche_irina.absences.get(definitive=False)
    url = f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/absences/"
    assert "Maladie" in client_r1.get(f"{url}{finale.pk}/").content.decode()
    assert client_r1.get(f"{url}{provisoire.pk}/").status_code == 404


def test_recherche_filters_rows_on_the_server(client_r1, irina, fiche_irina, annee, structure):
    f.InscriptionFactory(
        eleve=irina, cours=f.CoursFactory(annee=annee, code="PIANO 1C2", **structure)
    )
    html = client_r1.get(f"/eleves/{irina.pk}/cours/", {"q": "piano"}).content.decode()
    assert "PIANO 1C2" in html and "FM 2C4 A" not in html
    assert 'value="piano"' in html
    # The caption counts the rows found, in French.
    assert "— 1 résultat</caption>" in " ".join(html.split()).replace(" </caption>", "</caption>")
    html = client_r1.get(f"/eleves/{irina.pk}/cours/", {"q": "zzz"}).content.decode()
    assert "Aucun cours ne correspond à votre recherche." in html
    url = f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/"
    html = client_r1.get(url, {"eval-q": "orthographe"}).content.decode()
    assert "Très bon travail" not in html and "Maladie" in html


def test_historique_lists_earlier_years_and_opens_each_sheet_with_neighbours(
    client_r1, irina, etablissement, structure, fiche_irina
):
    fiches = historique(irina, etablissement, structure, 3)
    html = client_r1.get(f"/eleves/{irina.pk}/historique/").content.decode()
    for colonne in ["Année", "Département", "Classe", "Cycle", "Enseignant"]:
        assert f'<th scope="col">{colonne}</th>' in html
    assert "2025/2026" in html and "2023/2024" in html
    assert "2026/2027" not in html
    assert html.index("2025/2026") < html.index("2023/2024")
    milieu = fiches[1]
    html = client_r1.get(f"/eleves/{irina.pk}/fiches/{milieu.pk}/").content.decode()
    for libelle in [
        "Année",
        "Période",
        "Département",
        "Classe",
        "Cycle",
        "Enseignant",
        "Nb heures",
        "Nb heures effectuées",
        "Abs. tot.",
        "Abs. non just.",
        "Horaires aménagés",
        "Situation d'activité",
        "Motif",
        "Premier instrument",
        "Moyenne",
        "Moyenne lettrée",
        "Mention",
        "Résultat classe",
        "Résultat cycle",
        "Admission classe",
        "Admission cycle",
        "Commentaire",
    ]:
        assert f"<dt>{libelle}</dt>" in html, libelle
    assert "du 01/09/2024 au 04/07/2025" in html
    assert "15,75 / 20" in html and "Belle année" in html
    assert f'href="/eleves/{irina.pk}/fiches/{fiches[0].pk}/" rel="prev"' in html
    assert f'href="/eleves/{irina.pk}/fiches/{fiches[2].pk}/" rel="next"' in html
    assert "Fiche 2 sur 3" in html
    assert f'href="/eleves/{irina.pk}/historique/" aria-current="page"' in html


def test_repertoire_newest_first_and_filtered_by_year(client_r1, irina, annee, etablissement):
    (ancienne,) = annees_passees(etablissement, 1)
    f.PieceRepertoireFactory(
        eleve=irina, titre="Vieux menuet", annee=ancienne, date=dt.date(2025, 10, 1)
    )
    f.PieceRepertoireFactory(
        eleve=irina, titre="Gymnopédie", annee=annee, date=dt.date(2026, 10, 1)
    )
    html = client_r1.get(f"/eleves/{irina.pk}/repertoire/").content.decode()
    for colonne in ["Titre", "Compositeur", "Discipline", "Année", "Date", "Commentaire"]:
        assert f'<th scope="col">{colonne}</th>' in html
    assert html.index("Gymnopédie") < html.index("Vieux menuet")
    html = client_r1.get(f"/eleves/{irina.pk}/repertoire/", {"annee": ancienne.pk}).content.decode()
    assert "Vieux menuet" in html and "Gymnopédie" not in html
    html = client_r1.get(f"/eleves/{irina.pk}/repertoire/", {"q": "satie"}).content.decode()
    assert "Gymnopédie" in html and "Vieux menuet" in html  # both by Erik Satie


def test_documents_shows_published_ones_and_downloads_through_the_checked_view(client_r1, irina):
    publie = f.DocumentEleveFactory(eleve=irina, titre="Bulletin annuel 2025/2026")
    cache = f.DocumentEleveFactory(
        eleve=irina, titre="Attestation brouillon", visible_famille=False
    )
    html = client_r1.get(f"/eleves/{irina.pk}/documents/").content.decode()
    assert "Bulletin annuel 2025/2026" in html and "Attestation brouillon" not in html
    r = client_r1.get(f"/eleves/{irina.pk}/documents/{publie.pk}/")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="bulletin.pdf"'
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert client_r1.get(f"/eleves/{irina.pk}/documents/{cache.pk}/").status_code == 404


def test_another_familys_pupil_sheet_document_and_records_answer_404(
    client_autre, irina, fiche_irina
):
    document = f.DocumentEleveFactory(eleve=irina)
    evaluation = fiche_irina.evaluations.get(publiee=True)
    absence = fiche_irina.absences.get(definitive=True)
    base = f"/eleves/{irina.pk}"
    urls = [
        f"{base}/",
        f"{base}/identite/",
        f"{base}/cours/",
        f"{base}/historique/",
        f"{base}/repertoire/",
        f"{base}/documents/",
        f"{base}/fiches/{fiche_irina.pk}/",
        f"{base}/fiches/{fiche_irina.pk}/evaluations/{evaluation.pk}/",
        f"{base}/fiches/{fiche_irina.pk}/absences/{absence.pk}/",
        f"{base}/documents/{document.pk}/",
        f"/eleves/?eleve={irina.pk}",
    ]
    for url in urls:
        assert client_autre.get(url).status_code == 404, url
    assert client_autre.post(f"{base}/identite/", IDENTITE).status_code == 404
    assert client_autre.post(f"{base}/calendrier/renouveler/").status_code == 404
    assert not DemandeModification.objects.exists()


def test_a_sheet_of_one_pupil_is_404_under_another_pupil_of_the_same_family(
    client_r1, hugo, fiche_irina
):
    assert client_r1.get(f"/eleves/{hugo.pk}/fiches/{fiche_irina.pk}/").status_code == 404


def preparer(eleve, etablissement, structure, annee, nombre_annees):
    """A current course sheet plus `nombre_annees` of history, pieces and documents."""
    courante = f.InscriptionFactory(
        eleve=eleve, cours=f.CoursFactory(annee=annee, code=f"FM {eleve.prenom}", **structure)
    )
    f.EvaluationFactory.create_batch(nombre_annees, inscription=courante)
    f.AbsenceFactory.create_batch(nombre_annees, inscription=courante)
    fiches = historique(eleve, etablissement, structure, nombre_annees)
    for _ in range(nombre_annees):
        f.PieceRepertoireFactory(eleve=eleve)
        f.DocumentEleveFactory(eleve=eleve)
    return courante, fiches


def nombre_requetes(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


@pytest.mark.parametrize(
    "page",
    [
        "identite",
        "cours",
        "historique",
        "repertoire",
        "documents",
        "fiche",
        "ancienne",
        "evaluation",
        "absence",
    ],
)
def test_queries_are_bounded_and_the_same_for_one_and_ten_years_of_history(
    client_r1, irina, hugo, etablissement, structure, annee, page
):
    def url(eleve, courante, fiches):
        if page == "fiche":
            return f"/eleves/{eleve.pk}/fiches/{courante.pk}/"
        if page == "ancienne":
            return f"/eleves/{eleve.pk}/fiches/{fiches[0].pk}/"
        if page == "evaluation":
            objet = courante.evaluations.first()
            return f"/eleves/{eleve.pk}/fiches/{courante.pk}/evaluations/{objet.pk}/"
        if page == "absence":
            objet = courante.absences.first()
            return f"/eleves/{eleve.pk}/fiches/{courante.pk}/absences/{objet.pk}/"
        return f"/eleves/{eleve.pk}/{page}/"

    premiere = url(irina, *preparer(irina, etablissement, structure, annee, 1))
    # Warm the per-process caches (ContentType) so that the test passes run alone too.
    client_r1.get(premiere)
    une = nombre_requetes(client_r1, premiere)
    dix = nombre_requetes(
        client_r1, url(hugo, *preparer(hugo, etablissement, structure, annee, 10))
    )
    assert une == dix
    # A course sheet also reads the declared absences, the closures and the cancellations.
    assert dix <= (17 if page in ("fiche", "ancienne") else 14)


def test_next_years_courses_are_not_history(client_r1, irina, etablissement, structure, annee):
    """A validated re-enrolment creates next year's sheets: they are not earlier years."""
    anciennes = historique(irina, etablissement, structure, 2)
    suivante = f.AnneeScolaireFactory(
        etablissement=etablissement,
        libelle="2027/2028",
        debut=dt.date(2027, 9, 1),
        fin=dt.date(2028, 7, 4),
        courante=False,
    )
    future = f.InscriptionFactory(
        eleve=irina, cours=cours(suivante, structure, code="FM 2C5 FUTUR")
    )
    html = client_r1.get(f"/eleves/{irina.pk}/historique/").content.decode()
    assert "2025/2026" in html
    assert "2027/2028" not in html and "FM 2C5 FUTUR" not in html
    html = client_r1.get(f"/eleves/{irina.pk}/fiches/{anciennes[0].pk}/").content.decode()
    assert f"/fiches/{future.pk}/" not in html
    assert "Fiche 1 sur 2" in html


def test_historique_search_shows_the_matching_sheets_with_their_columns(
    client_r1, irina, etablissement, structure
):
    fiches = historique(irina, etablissement, structure, 2)
    sans_professeur = fiches[1].cours
    sans_professeur.enseignant, sans_professeur.cycle = None, None
    sans_professeur.save()
    enseignant = structure["enseignant"]
    base = f"/eleves/{irina.pk}/historique/"
    html = client_r1.get(base, {"q": "FM 0C"}).content.decode()
    assert "1 résultat" in html and f"FM 0C {irina.prenom}" in html
    assert f"<td>{enseignant.nom.upper()} {enseignant.prenom}</td>" in html
    assert f"<td>{structure['cycle'].code}</td>" in html
    assert f'href="/eleves/{irina.pk}/fiches/{fiches[0].pk}/"' in html
    html = client_r1.get(base, {"q": "FM 1C"}).content.decode()
    assert f"FM 1C {irina.prenom}" in html and "FM 0C" not in html
    assert "<td></td>\n      <td></td>\n    </tr>" in html  # no cycle, no teacher
    html = client_r1.get(base, {"q": enseignant.nom}).content.decode()
    assert "1 résultat" in html and "FM 1C" not in html
