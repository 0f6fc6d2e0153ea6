"""Whether a campaign is open comes with the account of each request (settings.
COMPTES_ANNOTE_AVEC): a pupil page's tabs ask no query of their own, and what staff change
shows at the next request."""

import datetime as dt

from django.utils import timezone

from tests.conftest import page_et_requetes

ONGLET = ">Réinscription</a>"


def _identite(client, eleve):
    return page_et_requetes(client, f"/eleves/{eleve.pk}/identite/", 'SELECT "reinscription_')


def test_without_a_campaign_the_tab_is_absent_and_nothing_is_asked(client_r1, irina, annee):
    texte, propres = _identite(client_r1, irina)
    assert ONGLET not in texte and propres == []


def test_an_open_campaign_shows_the_tab_without_loading_it(client_r1, irina, campagne):
    texte, propres = _identite(client_r1, irina)
    assert ONGLET in texte and propres == []
    assert client_r1.get(f"/reinscription/eleve/{irina.pk}/").status_code == 200


def test_closing_or_postponing_it_shows_at_the_next_request(client_r1, irina, campagne):
    assert ONGLET in _identite(client_r1, irina)[0]
    campagne.active = False
    campagne.save(update_fields=["active"])
    assert ONGLET not in _identite(client_r1, irina)[0]
    campagne.active = True
    campagne.ouverture = timezone.localdate() + dt.timedelta(days=1)
    campagne.save(update_fields=["active", "ouverture"])
    assert ONGLET not in _identite(client_r1, irina)[0]
    assert client_r1.get(f"/reinscription/eleve/{irina.pk}/").status_code == 404


def test_another_site_s_campaign_is_not_this_family_s(client_r1, irina, annee, autre_etablissement):
    from tests.reinscription.factories import CampagneFactory

    CampagneFactory(etablissement=autre_etablissement)
    assert ONGLET not in _identite(client_r1, irina)[0]


def test_an_account_of_another_site_than_its_family_reads_the_campaign_itself(
    client_r1, responsable1, irina, campagne, autre_etablissement
):
    compte = responsable1.utilisateur
    compte.etablissement = autre_etablissement
    compte.save(update_fields=["etablissement"])
    texte, propres = _identite(client_r1, irina)
    assert ONGLET in texte and len(propres) == 1
