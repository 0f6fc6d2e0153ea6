"""Issue 14, WCAG 2.2.1: a form sent after the session ended loses nothing typed: it is
kept, the guardian logs in again and the submission goes on."""

import re
from pathlib import Path

from django.test import Client

from tests.factories import MOT_DE_PASSE

RACINE = Path(__file__).resolve().parents[2]


def _expirer(client: Client) -> None:
    """End the session as 30 idle minutes would: its row stays, expired."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))


def _fiche(responsable, **modifs) -> dict:
    donnees = {
        champ: getattr(responsable, champ) or ""
        for champ in ["civilite", "nom", "prenom", "adresse", "code_postal", "ville", "email"]
    }
    return {**donnees, **modifs}


def _connecter(client: Client, suivant: str, identifiant: str = "abarre1"):
    """Log in, then follow the redirects by hand (a replayed form redirects to its own
    page, which the test client's `follow` takes for a loop)."""
    reponse = client.post(
        f"/compte/connexion/?next={suivant}",
        {"identifiant": identifiant, "password": MOT_DE_PASSE, "site": "valognes"},
    )
    while reponse.status_code == 302:
        reponse = client.get(reponse["Location"])
    return reponse


def test_form_sent_after_the_session_ended_goes_on_after_logging_in(responsable1):
    client = Client()
    _connecter(client, "/")
    _expirer(client)
    reponse = client.post("/famille/", _fiche(responsable1, ville="CHERBOURG"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/compte/connexion/?next=/famille/")
    page = client.get(reponse["Location"]).content.decode()
    assert "ce que vous avez saisi a été conservé" in page
    page = _connecter(client, "/famille/").content.decode()
    assert "Votre fiche a été mise à jour" in page
    assert 'value="CHERBOURG"' in page
    # Once only: the next visit shows the page as usual.
    assert "Votre fiche a été mise à jour" not in client.get("/famille/").content.decode()


def test_kept_form_with_errors_comes_back_with_what_was_typed(responsable1):
    client = Client()
    _connecter(client, "/")
    _expirer(client)
    client.post("/famille/", _fiche(responsable1, ville="CHERBOURG", code_postal="5"))
    page = _connecter(client, "/famille/").content.decode()
    assert 'id="resume-erreurs"' in page
    assert 'value="CHERBOURG"' in page


def test_kept_form_is_not_given_to_another_account(responsable1, responsable2):
    client = Client()
    _connecter(client, "/")
    _expirer(client)
    client.post("/famille/", _fiche(responsable1, ville="CHERBOURG"))
    page = _connecter(client, "/famille/", "abarre2").content.decode()
    assert "CHERBOURG" not in page
    assert "Votre fiche a été mise à jour" not in page


def test_session_renewal_answers_204_logged_in_401_after(client_r1):
    assert client_r1.get("/compte/session/").status_code == 204
    assert Client().get("/compte/session/").status_code == 401


def test_every_post_form_names_its_action():
    """A POST form without `action` posts back to the address, hash included, so a second
    failure opens on the field named by the hash instead of the error summary (issue 14)."""
    sans_action = []
    for gabarit in RACINE.glob("**/templates/**/*.html"):
        if ".venv" in gabarit.parts:
            continue
        for balise in re.findall(r"<form\b[^>]*>", gabarit.read_text()):
            if 'method="post"' in balise and "action=" not in balise:
                sans_action.append(f"{gabarit.relative_to(RACINE)}: {balise}")
    assert not sans_action, "\n".join(sans_action)
