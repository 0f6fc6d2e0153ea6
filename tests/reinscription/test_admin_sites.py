"""Every reinscription ModelAdmin is scoped by site: rows, filters and foreign-key choices
(campaign years, document types, disciplines, departments)."""

from imuse.televersement import verifier_document
from reinscription import services
from reinscription.models import PieceAFournir
from tests import factories as f
from tests.facturation.admin_sites import verifier_cloisonnement
from tests.reinscription.conftest import upload
from tests.reinscription.factories import CampagneFactory, PieceAFournirFactory, TypePieceFactory


def _un_site_garni(etablissement):
    annee = f.AnneeScolaireFactory(etablissement=etablissement)
    famille = f.FamilleFactory(etablissement=etablissement)
    responsable = f.ResponsableFactory(famille=famille, rang=1)
    eleve = f.EleveFactory(famille=famille)
    departement = f.DepartementFactory(etablissement=etablissement, nom="Danse")
    discipline = f.DisciplineFactory(etablissement=etablissement, departement=departement)
    inscription = f.InscriptionFactory(
        eleve=eleve, cours=f.CoursFactory(annee=annee, discipline=discipline)
    )
    campagne = CampagneFactory(etablissement=etablissement)
    piece = PieceAFournirFactory(
        campagne=campagne,
        type_piece=TypePieceFactory(etablissement=etablissement, nom="Certificat médical"),
        portee=PieceAFournir.Portee.ELEVE,
        departement=departement,
        discipline=discipline,
    )
    demande = services.demande_soumettre(
        eleve=eleve,
        campagne=campagne,
        par=responsable.utilisateur,
        administrative=False,
        inscriptions=[inscription],
    )
    services.piece_deposer(
        demande=demande,
        piece=piece,
        document=verifier_document(upload("photo.jpg")),
        par=responsable.utilisateur,
    )


def test_a_site_s_staff_never_see_nor_pick_another_site_s_rows(
    client_staff, staff, staff_autre, etablissement, autre_etablissement
):
    _un_site_garni(etablissement)
    _un_site_garni(autre_etablissement)
    peuples = verifier_cloisonnement("reinscription", staff, staff_autre, client_staff)
    assert set(peuples) >= {"Campagne", "TypePiece", "DemandeReinscription"}
