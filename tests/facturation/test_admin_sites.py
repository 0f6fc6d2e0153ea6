"""Every facturation ModelAdmin is scoped by site: rows, filters and foreign-key choices."""

from datetime import date
from decimal import Decimal

from facturation.models import Instrument, Location, NotificationPaiement
from facturation.services import (
    facture_annuler,
    rejet_enregistrer,
    relance_envoyer,
    relances_lancer,
    remise_creer,
)
from facturation.services.paiement import paiement_creer
from tests import factories as f
from tests.facturation import factories as ff
from tests.facturation import sepa_outils
from tests.facturation.admin_sites import verifier_cloisonnement


def _un_site_garni(etablissement, suffixe):
    famille = f.FamilleFactory(etablissement=etablissement)
    sepa_outils.creancier(etablissement)
    sepa_outils.mandat(famille)
    sepa_outils.facture_en_trois(famille)
    remise = remise_creer(etablissement=etablissement, date_echeance=date(2026, 11, 30), par=None)
    rejet_enregistrer(ligne=remise.lignes.get(), motif="AM04", par=None)
    responsable = f.ResponsableFactory(famille=famille, rang=1)
    eleve = f.EleveFactory(famille=famille)
    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, eleve=eleve, montant="120.00")
    facture_annuler(facture=ff.facture(famille, eleve=eleve), motif="Erreur", par=None)
    ff.reglement(famille, "50.00")
    relance_envoyer(famille=famille, par=None)
    relances_lancer(familles=[famille], par=None, etablissement=etablissement)
    tentative, _url = paiement_creer(facture=facture, responsable=responsable)
    NotificationPaiement.objects.create(paiement=tentative, source="serveur", backend="dummy")
    instrument = Instrument.objects.create(
        etablissement=etablissement, nom=f"Violon {suffixe}", numero_inventaire=suffixe
    )
    Location.objects.create(
        instrument=instrument,
        eleve=eleve,
        date_debut="2026-09-01",
        date_fin="2027-06-30",
        loyer=Decimal("90.00"),
    )


def test_a_site_s_staff_never_see_nor_pick_another_site_s_rows(
    client_staff, staff, staff_autre, etablissement, autre_etablissement
):
    _un_site_garni(etablissement, "V1")
    _un_site_garni(autre_etablissement, "C1")
    peuples = verifier_cloisonnement("facturation", staff, staff_autre, client_staff)
    assert set(peuples) >= {
        "Facture",
        "Avoir",
        "Reglement",
        "Imputation",
        "Instrument",
        "Location",
        "PaiementEnLigne",
        "NotificationPaiement",
        "ParametresPaiement",
        "Relance",
        "EnvoiRelances",
    }
