"""The account of each request comes with its guardian, family and school in one query
(comptes.backends.IdentifiantBackend.get_user, settings.COMPTES_CHARGES_AVEC)."""

from comptes.backends import IdentifiantBackend
from famille.portail import responsable_de


def test_a_family_account_comes_with_its_guardian_family_and_school(
    responsable1, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = IdentifiantBackend().get_user(responsable1.utilisateur.pk)
    with django_assert_num_queries(0):
        responsable = responsable_de(user)
        assert responsable == responsable1
        assert responsable.famille.etablissement.nom == responsable1.famille.etablissement.nom


def test_a_staff_account_has_no_guardian_and_asks_nothing_more(staff, django_assert_num_queries):
    user = IdentifiantBackend().get_user(staff.pk)
    assert user == staff
    with django_assert_num_queries(0):
        assert responsable_de(user) is None


def test_an_inactive_or_unknown_account_is_nobody(responsable1):
    utilisateur = responsable1.utilisateur
    utilisateur.is_active = False
    utilisateur.save(update_fields=["is_active"])
    assert IdentifiantBackend().get_user(utilisateur.pk) is None
    assert IdentifiantBackend().get_user(utilisateur.pk + 1000) is None


def test_a_session_key_that_is_not_a_number_is_read_as_before(responsable1):
    # Django gives the key as the primary key's type; anything else takes the usual path.
    assert IdentifiantBackend().get_user(str(responsable1.utilisateur.pk)).pk == (
        responsable1.utilisateur.pk
    )


def test_a_portal_page_reads_the_account_and_guardian_in_one_query(
    client_r1, responsable1, django_assert_max_num_queries
):
    # Session, account with guardian/family/school: the Accessibilité page needs no more.
    with django_assert_max_num_queries(2):
        reponse = client_r1.get("/accessibilite/")
    assert reponse.status_code == 200
    assert responsable1.nom_complet in reponse.content.decode()
