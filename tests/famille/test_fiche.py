"""The "Famille" menu: the responsable's own record, submitted as a pending request."""

import pytest
from django.core import mail
from django.urls import reverse

from imuse.models import DemandeModification
from imuse.services import demande_ouverte

URL = "/famille/"


def donnees(responsable, **changements):
    valeurs = {
        "civilite": responsable.civilite,
        "nom": responsable.nom,
        "prenom": responsable.prenom,
        "adresse": responsable.adresse,
        "code_postal": responsable.code_postal,
        "ville": responsable.ville,
        "tel_domicile": responsable.tel_domicile,
        "tel_mobile": responsable.tel_mobile,
        "tel_pro": "",
        "tel_supplementaire_1": "",
        "tel_supplementaire_2": "",
        "tel_supplementaire_3": "",
        "email": responsable.email,
        "situation_familiale": "",
        "code_socio_professionnel": "",
        "profession": "",
    }
    return valeurs | changements


def test_the_menu_entry_and_page_show_every_field_of_the_manual(client_r1, responsable2):
    r = client_r1.get(URL)
    assert reverse("famille:fiche") == URL
    html = r.content.decode()
    assert r.status_code == 200
    assert '<a href="/famille/" aria-current="page">Famille</a>' in html
    for libelle in [
        "Civilité",
        "Nom",
        "Prénom",
        "Adresse",
        "Code postal",
        "Ville",
        "Tél. domicile",
        "Mobile",
        "Tél. pro",
        "Tél. supplémentaire 1",
        "Tél. supplémentaire 2",
        "Tél. supplémentaire 3",
        "E-mail",
        "Situation familiale",
        "Code socio-professionnel",
        "Profession",
    ]:
        assert f">{libelle}\xa0:</label>" in html, libelle
    # The other responsable, read only.
    assert "Responsable 2" in html
    assert "sophie@example.org" in html
    assert 'name="prenom" value="Sophie"' not in html


def test_modifier_creates_a_request_and_leaves_the_record_untouched(
    client_r1, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client_r1.post(URL, donnees(responsable1, ville="CHERBOURG"), follow=True)
    html = r.content.decode()
    assert "Votre fiche a été mise à jour et un accusé de réception" in html
    responsable1.refresh_from_db()
    assert responsable1.ville == "VALOGNES"
    demande = demande_ouverte(responsable1)
    assert demande.valeurs == {"ville": {"avant": "VALOGNES", "demande": "CHERBOURG"}}
    # The portal shows the asked value, a marker and the waiting notice under the button.
    assert 'name="ville" value="CHERBOURG"' in html
    assert 'aria-describedby="id_ville_helptext"' in html
    assert (
        'id="id_ville_helptext"><span class="marqueur-attente"><span aria-hidden="true">✎ '
        "</span>Modification en attente de validation. Valeur enregistrée : VALOGNES"
    ) in html
    assert 'id="en-attente"' in html
    assert "En attente de validation par le personnel administratif." in html
    assert 'aria-describedby="id_nom_helptext"' not in html
    (message,) = mail.outbox
    assert message.to == ["jeremie@example.org"]
    assert "Ville : CHERBOURG" in message.body
    assert "<strong>CHERBOURG</strong>" in message.alternatives[0][0]


def test_the_family_can_change_its_request_while_it_waits(client_r1, responsable1):
    client_r1.post(URL, donnees(responsable1, ville="CHERBOURG"))
    client_r1.post(URL, donnees(responsable1, ville="CAEN", profession="Apiculteur"))
    demande = DemandeModification.objects.get()
    assert demande.valeurs["ville"] == {"avant": "VALOGNES", "demande": "CAEN"}
    assert demande.valeurs["profession"]["demande"] == "Apiculteur"


def test_without_any_change_nothing_waits(client_r1, responsable1):
    r = client_r1.post(URL, donnees(responsable1), follow=True)
    assert "aucune modification n&#x27;est en attente" in r.content.decode()
    assert not DemandeModification.objects.exists()


@pytest.mark.parametrize(
    "saisie",
    [
        "0233942277",
        "02.33.94.22.77",
        "02 33 94 22 77",
        "+33 2 33 94 22 77",
        "+33233942277",
        "+33 (0)2 33 94 22 77",
        "0033 2 33 94 22 77",
    ],
)
def test_phone_numbers_are_normalised(client_r1, responsable1, saisie):
    r = client_r1.post(URL, donnees(responsable1, tel_domicile=saisie))
    assert r.status_code == 302
    demande = DemandeModification.objects.get()
    assert demande.valeurs["tel_domicile"]["demande"] == "02 33 94 22 77"
    assert 'value="02 33 94 22 77"' in client_r1.get(URL).content.decode()


@pytest.mark.parametrize("saisie", ["02 33 94 22", "12 33 94 22 77", "02-33-94-22-77-88", "abc"])
def test_a_wrong_phone_number_gets_a_clear_message_and_keeps_what_was_typed(
    client_r1, responsable1, saisie
):
    r = client_r1.post(
        URL, donnees(responsable1, tel_pro=saisie, ville="CHERBOURG", profession="Apiculteur")
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "Saisissez un numéro de téléphone français à 10 chiffres" in html
    assert f'value="{saisie}"' in html
    assert 'value="CHERBOURG"' in html
    assert 'value="Apiculteur"' in html
    assert 'id="resume-erreurs"' in html
    assert not DemandeModification.objects.exists()


def test_postal_code_and_email_are_checked(client_r1, responsable1):
    r = client_r1.post(URL, donnees(responsable1, code_postal="5070", email="pas-un-email"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "Saisissez un code postal de cinq chiffres" in html
    assert "Saisissez une adresse de courriel valide." in html
    assert 'value="pas-un-email"' in html


def test_accueil_shows_a_notice_for_every_open_request(client_r1, responsable1, irina):
    client_r1.post(URL, donnees(responsable1, ville="CHERBOURG"))
    from imuse.services import demande_soumettre

    demande_soumettre(objet=irina, valeurs={"lieu_naissance": "Caen"}, par=None)
    html = client_r1.get("/accueil/").content.decode()
    assert "Votre fiche est en attente de validation par le personnel administratif." in html
    assert "La fiche de ABARRE Irina est en attente de validation" in html
    assert f'href="/eleves/{irina.pk}/identite/"' in html


def test_another_family_never_sees_these_requests(client_autre, client_r1, responsable1):
    client_r1.post(URL, donnees(responsable1, ville="CHERBOURG"))
    assert "en attente" not in client_autre.get("/accueil/").content.decode()
    assert "CHERBOURG" not in client_autre.get(URL).content.decode()


def test_the_page_runs_a_bounded_number_of_queries(
    client_r1, responsable1, responsable2, django_assert_max_num_queries
):
    client_r1.post(URL, donnees(responsable1, ville="CHERBOURG"))
    with django_assert_max_num_queries(8):
        assert client_r1.get(URL).status_code == 200


def test_staff_are_sent_to_the_admin(client_staff):
    assert client_staff.get(URL)["Location"] == "/admin/"


def test_accueil_notices_cost_at_most_two_queries(rf, responsable1, irina):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eleves.accueil import notices
    from imuse.services import demande_soumettre

    demande_soumettre(objet=responsable1, valeurs={"ville": "CAEN"}, par=None)
    demande_soumettre(objet=irina, valeurs={"lieu_naissance": "Caen"}, par=None)
    from imuse.portail import Portail

    request = rf.get("/accueil/")
    request.user = responsable1.utilisateur
    request.portail = Portail(request, responsable1)
    with CaptureQueriesContext(connection) as requetes:
        assert len(notices(request)) == 2
    assert len(requetes) <= 2


def _requetes(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_queries_do_not_grow_with_the_history_of_processed_requests(
    client_r1, responsable1, responsable2
):
    from imuse.services import ACCEPTER, demande_soumettre, demande_traiter

    client_r1.post(URL, donnees(responsable1, ville="CHERBOURG"))
    avant = _requetes(client_r1, URL)
    for n in range(10):
        demande = demande_ouverte(responsable1)
        demande_traiter(demande=demande, decisions={"ville": (ACCEPTER, "")}, par=None)
        demande_soumettre(objet=responsable1, valeurs={"ville": f"VILLE {n}"}, par=None)
    assert _requetes(client_r1, URL) == avant <= 8


def test_the_other_guardian_shows_read_only_and_never_another_familys(
    client_r1, client_r2, client_autre, responsable1, responsable2, autre_responsable
):
    page = client_r1.get(URL).content.decode()
    assert "En lecture seule" in page and "Sophie" in page and "sophie@example.org" in page
    # Each guardian sees the other, not themselves, in the read-only card.
    page2 = client_r2.get(URL).content.decode()
    carte = page2[page2.index('id="titre-autre"') :]
    assert responsable1.prenom in carte and responsable1.email in carte
    assert "sophie@example.org" not in carte
    # A family with one guardian has no card, and sees nothing of family ABARRE.
    seul = client_autre.get(URL).content.decode()
    assert 'id="titre-autre"' not in seul and "Sophie" not in seul
