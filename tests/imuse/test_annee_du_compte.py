"""The site's current school year comes with the account of each request (settings.
COMPTES_ANNOTE_AVEC, imuse.portail.annee_du_compte): the pupil pages that show it ask no
query of their own, and a change of current year shows at the next request."""

import datetime as dt

from imuse.models import AnneeScolaire
from tests import factories as f
from tests.conftest import page_et_requetes


def _cours(client, eleve):
    return page_et_requetes(client, f"/eleves/{eleve.pk}/cours/", 'SELECT "imuse_anneescolaire"')


def test_the_current_year_comes_with_the_account(client_r1, irina, annee):
    texte, propres = _cours(client_r1, irina)
    assert annee.libelle in texte
    assert propres == []


def test_the_year_read_with_the_account_is_the_stored_one(responsable1, annee):
    from comptes.backends import IdentifiantBackend
    from imuse.portail import Portail, _annee_lue_avec_le_compte

    compte = IdentifiantBackend().get_user(responsable1.utilisateur.pk)
    lue = _annee_lue_avec_le_compte(Portail(type("R", (), {"user": compte})(), compte.responsable))
    stockee = AnneeScolaire.objects.get(pk=annee.pk)
    for champ in ("pk", "etablissement_id", "libelle", "debut", "fin", "courante"):
        assert getattr(lue, champ) == getattr(stockee, champ)
    assert not lue._state.adding


def test_a_new_current_year_shows_at_the_next_request(client_r1, irina, annee, etablissement):
    assert annee.libelle in _cours(client_r1, irina)[0]
    annee.courante = False
    annee.save(update_fields=["courante"])
    suivante = f.AnneeScolaireFactory(
        etablissement=etablissement,
        libelle="2099/2100",
        debut=dt.date(2099, 9, 1),
        fin=dt.date(2100, 7, 4),
        courante=True,
    )
    texte, propres = _cours(client_r1, irina)
    assert suivante.libelle in texte and propres == []


def test_a_site_without_a_current_year(client_r1, irina, etablissement):
    assert not AnneeScolaire.objects.filter(etablissement=etablissement, courante=True).exists()
    assert _cours(client_r1, irina)[1] == []


def test_an_account_of_another_site_than_its_family_reads_the_year_itself(
    client_r1, responsable1, irina, annee, autre_etablissement
):
    compte = responsable1.utilisateur
    compte.etablissement = autre_etablissement
    compte.save(update_fields=["etablissement"])
    texte, propres = _cours(client_r1, irina)
    assert annee.libelle in texte and len(propres) == 1
