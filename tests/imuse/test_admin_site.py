"""Staff tied to an Etablissement see and edit only that site's rows; a superuser sees all."""

from tests import factories as f


def test_site_staff_list_only_their_site(client_staff, famille, autre_etablissement):
    autre = f.FamilleFactory(etablissement=autre_etablissement, nom="LOINTAIN")
    page = client_staff.get("/admin/famille/famille/").content.decode()
    assert "ABARRE" in page
    assert "LOINTAIN" not in page
    assert client_staff.get(f"/admin/famille/famille/{autre.pk}/change/").status_code == 302


def test_site_staff_cannot_open_another_sites_pupil(client_staff, irina, autre_etablissement):
    loin = f.EleveFactory(famille=f.FamilleFactory(etablissement=autre_etablissement))
    assert client_staff.get(f"/admin/eleves/eleve/{irina.pk}/change/").status_code == 200
    response = client_staff.get(f"/admin/eleves/eleve/{loin.pk}/change/")
    # Django's admin answers an object outside the queryset with a redirect and a message.
    assert response.status_code == 302


def test_site_staff_see_only_their_etablissement(client_staff, etablissement, autre_etablissement):
    page = client_staff.get("/admin/imuse/etablissement/").content.decode()
    assert "Valognes" in page
    assert "Cherbourg" not in page


def test_foreign_key_choices_are_limited_to_the_site(
    client_staff, etablissement, autre_etablissement
):
    f.AnneeScolaireFactory(etablissement=etablissement, libelle="2026/2027")
    f.AnneeScolaireFactory(
        etablissement=autre_etablissement, libelle="2030/2031", debut="2030-09-01", fin="2031-07-01"
    )
    page = client_staff.get("/admin/eleves/cours/add/").content.decode()
    assert "2026/2027" in page
    assert "2030/2031" not in page


def test_rows_created_by_site_staff_belong_to_their_site(client_staff, etablissement):
    response = client_staff.post("/admin/eleves/salle/add/", {"nom": "Ravel", "lieu": "Annexe"})
    assert response.status_code == 302
    from eleves.models import Salle

    assert Salle.objects.get(nom="Ravel").etablissement == etablissement


def test_superuser_sees_every_site(client_superuser, famille, autre_etablissement):
    f.FamilleFactory(etablissement=autre_etablissement, nom="LOINTAIN")
    page = client_superuser.get("/admin/famille/famille/").content.decode()
    assert "ABARRE" in page
    assert "LOINTAIN" in page


def test_other_site_staff_do_not_see_this_site(staff_autre, famille):
    from django.test import Client

    from tests.conftest import connecter_staff

    client = Client()
    connecter_staff(client, staff_autre)
    page = client.get("/admin/famille/famille/").content.decode()
    assert "ABARRE" not in page


def test_site_staff_cannot_grant_superuser(client_staff, staff):
    page = client_staff.get(f"/admin/comptes/utilisateur/{staff.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page


def test_site_staff_filters_never_list_another_site(
    client_staff, etablissement, autre_etablissement, irina
):
    ici = f.AnneeScolaireFactory(etablissement=etablissement, libelle="2026/2027")
    loin = f.AnneeScolaireFactory(
        etablissement=autre_etablissement, libelle="2030/2031", debut="2030-09-01", fin="2031-07-01"
    )
    avant = f.AnneeScolaireFactory(
        etablissement=etablissement,
        libelle="2025/2026",
        debut="2025-09-01",
        fin="2026-07-01",
        courante=False,
    )
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=ici))
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=avant))
    f.DocumentEleveFactory(eleve=irina, annee=ici)
    for url in (
        "/admin/eleves/inscription/",
        "/admin/eleves/cours/",
        "/admin/eleves/documenteleve/",
        "/admin/famille/famille/",
        "/admin/comptes/utilisateur/",
        "/admin/imuse/anneescolaire/",
        "/admin/imuse/demandemodification/",
    ):
        page = client_staff.get(url).content.decode()
        assert f"annee__id__exact={loin.pk}" not in page, url
        assert f"etablissement__id__exact={autre_etablissement.pk}" not in page, url
        assert autre_etablissement.nom not in page, url
    page = client_staff.get("/admin/eleves/inscription/").content.decode()
    assert f"annee__id__exact={ici.pk}" in page
    assert f"annee__id__exact={avant.pk}" in page


def test_site_staff_get_a_form_error_for_a_duplicate_within_their_site(
    client_staff, famille, responsable1, annee
):
    from comptes.models import Utilisateur

    reponse = client_staff.post(
        "/admin/comptes/utilisateur/add/",
        {
            "identifiant": responsable1.utilisateur.identifiant,
            "email": "x@exemple.fr",
            "usable_password": "true",
            "password1": "Abcdefgh12",
            "password2": "Abcdefgh12",
        },
    )
    assert reponse.status_code == 200
    assert "existe déjà" in reponse.content.decode()
    assert Utilisateur.objects.filter(identifiant=responsable1.utilisateur.identifiant).count() == 1
    reponse = client_staff.post(
        "/admin/famille/famille/add/",
        {
            "nom": "DOUBLON",
            "numero": famille.numero,
            "responsables-TOTAL_FORMS": "0",
            "responsables-INITIAL_FORMS": "0",
        },
    )
    assert reponse.status_code == 200
    assert "Numéro de famille existe déjà" in reponse.content.decode()
    reponse = client_staff.post(
        "/admin/imuse/anneescolaire/add/",
        {"libelle": "2099/2100", "debut": "2099-09-01", "fin": "2100-07-01", "courante": "on"},
    )
    assert reponse.status_code == 200
    assert "déjà l’année courante" in reponse.content.decode()


def test_no_admin_form_offers_another_sites_rows(client_staff, irina, autre_etablissement):
    """Every add form of these apps: each choice of a related row stays within the site."""
    from django.contrib import admin
    from django.forms import ModelChoiceField

    from imuse.admin_base import SiteAdmin
    from imuse.models import Etablissement

    loin_annee = f.AnneeScolaireFactory(
        etablissement=autre_etablissement, libelle="2030/2031", debut="2030-09-01", fin="2031-07-01"
    )
    loin_eleve = f.EleveFactory(famille=f.FamilleFactory(etablissement=autre_etablissement))
    f.InscriptionFactory(
        eleve=loin_eleve,
        cours=f.CoursFactory(
            annee=loin_annee,
            discipline=f.DisciplineFactory(
                etablissement=autre_etablissement,
                departement=f.DepartementFactory(etablissement=autre_etablissement),
            ),
            enseignant=f.EnseignantFactory(etablissement=autre_etablissement),
            cycle=f.CycleFactory(etablissement=autre_etablissement),
            salle=f.SalleFactory(etablissement=autre_etablissement),
        ),
    )
    f.UtilisateurFactory(etablissement=autre_etablissement, identifiant="loin")
    chemins = {
        model: model_admin.site_field
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SiteAdmin)
    }
    verifies = 0
    for model in list(admin.site._registry):
        if model._meta.app_label not in ("imuse", "comptes", "famille", "eleves"):
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
        reponse = client_staff.get(url)
        if reponse.status_code != 200:
            continue
        formulaires = [reponse.context_data["adminform"].form] + [
            formset.formset.empty_form for formset in reponse.context_data["inline_admin_formsets"]
        ]
        for formulaire in formulaires:
            for nom, champ in formulaire.fields.items():
                if not isinstance(champ, ModelChoiceField):
                    continue
                lie = champ.queryset.model
                chemin = "pk" if lie is Etablissement else chemins.get(lie)
                if chemin is None:
                    continue
                assert not champ.queryset.filter(**{chemin: autre_etablissement}).exists(), (
                    url,
                    nom,
                )
                verifies += 1
    assert verifies >= 15
