"""Control characters are refused in every text field (imuse/texte.py), file names in
headers go through Django's content_disposition_header, a postal code typed with a
space is one value, an unchanged request is not mailed again, NUL bytes answer 400."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from django import forms
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse

from imuse.forms import Formulaire
from imuse.texte import APPS, SansCaracteresDeControle
from tests.facturation import factories as ff
from tests.famille.test_fiche import URL as URL_FAMILLE
from tests.famille.test_fiche import donnees


def test_every_text_field_of_our_models_refuses_control_characters():
    vus = 0
    for modele in apps.get_models():
        if modele._meta.app_label not in APPS:
            continue
        for champ in modele._meta.concrete_fields:
            if isinstance(champ, models.CharField | models.TextField) and not isinstance(
                champ, models.FileField
            ):
                validateurs = [
                    v for v in champ.validators if isinstance(v, SansCaracteresDeControle)
                ]
                assert len(validateurs) == 1, f"{modele.__name__}.{champ.name}"
                assert validateurs[0].multiligne is isinstance(champ, models.TextField)
                vus += 1
    assert vus > 100


def _formulaires():
    a_voir = list(forms.BaseForm.__subclasses__())
    while a_voir:
        classe = a_voir.pop()
        a_voir.extend(classe.__subclasses__())
        if classe.__module__.split(".")[0] in APPS:
            yield classe


def test_every_plain_form_of_ours_derives_from_the_protected_base():
    formulaires = list(_formulaires())
    assert len(formulaires) >= 8
    for classe in formulaires:
        if issubclass(classe, forms.ModelForm):
            continue  # its model's fields carry the validator (test above)
        texte = [
            nom
            for nom, champ in classe.base_fields.items()
            if isinstance(champ, forms.CharField)
            and not isinstance(champ.widget, forms.PasswordInput)
        ]
        if texte:
            assert issubclass(classe, Formulaire), f"{classe.__module__}.{classe.__name__}: {texte}"


def test_a_carriage_return_in_a_first_name_is_refused_next_to_the_field(client_r1, responsable1):
    reponse = client_r1.post(URL_FAMILLE, donnees(responsable1, prenom="Jérémie\r\nX-Injecte: 1"))
    page = reponse.content.decode()
    assert reponse.status_code == 400  # the portal's answer to a form with errors
    assert "contient un caractère de contrôle (retour chariot)" in page
    assert not mail.outbox


def test_a_tab_in_an_address_is_refused_but_line_breaks_stay_in_long_texts(responsable1):
    from django.core.exceptions import ValidationError

    responsable1.adresse = "1 rue\tde Paris"
    with pytest.raises(ValidationError) as erreur:
        responsable1.full_clean()
    assert "adresse" in erreur.value.message_dict
    SansCaracteresDeControle(multiligne=True)("ligne 1\r\nligne 2\tfin")


def test_staff_cannot_type_a_control_character_in_the_admin(client_staff, irina):
    url = f"/admin/eleves/eleve/{irina.pk}/change/"
    page = client_staff.get(url)
    assert page.status_code == 200
    formulaire = page.context["adminform"].form
    valeurs = {
        k: v for k, v in formulaire.initial.items() if v is not None and not isinstance(v, list)
    }
    valeurs.update(prenom="Irina\x1b[31m")
    reponse = client_staff.post(url, {**{k: str(v) for k, v in valeurs.items()}})
    assert "caractère de contrôle (U+001B)" in reponse.content.decode()


def test_the_login_form_refuses_a_control_character_plainly(client, etablissement):
    reponse = client.post(
        "/compte/connexion/", {"site": "valognes", "identifiant": "abarre\n1", "password": "x"}
    )
    assert reponse.status_code == 400
    assert "caractère de contrôle (saut de ligne)" in reponse.content.decode()


def test_file_names_keep_their_accents_in_the_header(client_r1, famille, irina):
    irina.prenom = "Irène"
    irina.save()
    ff.facture(famille, eleve=irina, montant="100.00", jour=date(2026, 1, 10))
    ff.reglement(famille, "100.00", jour=date(2026, 2, 1))
    reponse = client_r1.get(reverse("facturation:attestation_pdf", args=[2026, irina.pk]))
    entete = reponse["Content-Disposition"]
    assert "filename*=utf-8''attestation-2026-ABARRE-Ir%C3%A8ne.pdf" in entete
    assert "\r" not in entete and "\n" not in entete


def test_a_postal_code_typed_with_a_space_is_one_value(client_r1, responsable1):
    client_r1.post(URL_FAMILLE, donnees(responsable1, code_postal="50 100"))
    from imuse.services import demande_ouverte

    assert demande_ouverte(responsable1).valeurs["code_postal"]["demande"] == "50100"


def test_a_wrong_postal_code_shows_one_error(client_r1, responsable1):
    page = client_r1.post(URL_FAMILLE, donnees(responsable1, code_postal="50 70")).content.decode()
    assert page.count("Saisissez un code postal de cinq chiffres") == 2  # summary + field
    assert "au plus 5 caractères" not in page


def test_an_unchanged_request_sent_again_is_not_mailed_again(
    client_r1, responsable1, django_capture_on_commit_callbacks
):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client_r1.post(URL_FAMILLE, donnees(responsable1, ville="CHERBOURG"))
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client_r1.post(URL_FAMILLE, donnees(responsable1, ville="CAEN"))
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/eleves/calendrier/abc%00def.ics",
        "/bac-a-sable/?transaction_id=a%00b",
        "/facturation/paiement/retour/dummy/?transaction_id=%00",
        "/facturation/paiement/notification/payfip_ws/?idop=x%00",
    ],
)
def test_a_nul_byte_answers_400(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 400
    assert "Requête invalide" in reponse.content.decode()


def test_a_nul_byte_in_a_posted_form_answers_400(client):
    reponse = client.post(
        "/facturation/paiement/notification/dummy/",
        urlencode({"transaction_id": "a\x00b"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert reponse.status_code == 400


def test_a_non_ascii_signature_is_refused_not_a_500(
    client, client_r1, famille, irina, etablissement
):
    from tests.facturation.test_paiement import NOTIFICATION, commencer

    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, eleve=irina)
    paiement = commencer(client_r1, facture)
    message = urlencode(
        {
            "transaction_id": paiement.transaction_id,
            "amount": "84.00",
            "ok": "1",
            "signed": "1",
            "signature": "é" * 64,
        }
    )
    reponse = client.post(NOTIFICATION, message, content_type="application/x-www-form-urlencoded")
    assert reponse.status_code == 400


def test_a_nul_byte_in_a_multipart_form_answers_400_and_files_keep_theirs(client_r1, irina):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert client_r1.post("/bac-a-sable/", {"transaction_id": "a\x00b"}).status_code == 400
    # A file's bytes may hold NUL: only text fields are looked at.
    fichier = SimpleUploadedFile("photo.png", b"\x89PNG\x00\x00")
    reponse = client_r1.post(f"/eleves/{irina.pk}/identite/", {"fichier": fichier})
    assert reponse.status_code != 400 or "Requête invalide" not in reponse.content.decode()
