"""Families and pupils: formats, headers, values, idempotence, pending modifications."""

from decimal import Decimal

import pytest

from eleves.models import Eleve
from famille.models import Famille, Responsable
from imuse.models import DemandeModification, Journal
from imuse.services import demande_soumettre
from tests.importation.outils import (
    ENTETES_FAMILLES,
    ecrire_csv,
    ecrire_xlsx,
    famille,
    lancer,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("delimiteur", "encodage"),
    [(";", "utf-8"), (",", "utf-8-sig"), (";", "cp1252"), ("\t", "utf-8")],
)
def test_csv_any_delimiter_and_encoding(tmp_path, etablissement, delimiteur, encodage):
    chemin = ecrire_csv(
        tmp_path / "f.csv",
        [ENTETES_FAMILLES, famille(1, nom="LEFÈVRE", prenom="Hélène")],
        delimiteur=delimiteur,
        encodage=encodage,
    )
    rapport = lancer("familles", chemin, etablissement)
    assert rapport.valide, rapport.lignes
    r1 = Responsable.objects.get(famille__numero=1)
    assert (r1.nom, r1.prenom) == ("LEFÈVRE", "Hélène")
    assert r1.tel_domicile == "02 33 94 22 77"
    assert r1.tel_mobile == "06 12 34 56 78"
    assert r1.situation_familiale == "marie"
    assert Famille.objects.get(numero=1).nom == "LEFÈVRE"


def test_xlsx_and_headers_ignoring_case_accents_spaces(tmp_path, etablissement):
    entetes = [e.upper().replace("É", "E").replace(" ", "") for e in ENTETES_FAMILLES]
    chemin = ecrire_xlsx(
        tmp_path / "f.xlsx", [entetes + ["Couleur préférée"], famille(7) + ["bleu"]]
    )
    rapport = lancer("familles", chemin, etablissement)
    assert rapport.valide, rapport.lignes
    assert rapport.format == "xlsx"
    assert rapport.entetes_inconnues == ["Couleur préférée"]
    assert Responsable.objects.get(famille__numero=7).email == "7@example.org"


def test_missing_required_header_is_a_clear_error(tmp_path, etablissement):
    chemin = ecrire_csv(tmp_path / "f.csv", [["N° famille", "Nom R1"], [1, "X"]])
    rapport = lancer("familles", chemin, etablissement)
    assert "« Prénom R1 »" in rapport.erreur
    assert not Famille.objects.exists()


def test_same_file_twice_changes_nothing_and_a_change_updates(tmp_path, etablissement):
    lignes = [ENTETES_FAMILLES, famille(1), famille(2, nom="DUPONT", prenom="Anne")]
    chemin = ecrire_csv(tmp_path / "f.csv", lignes)
    premier = lancer("familles", chemin, etablissement)
    assert premier.comptes["cree"] == 2
    journal = Journal.objects.count()
    second = lancer("familles", chemin, etablissement)
    assert second.comptes == {"cree": 0, "modifie": 0, "inchange": 2, "erreur": 0}
    assert Journal.objects.count() == journal

    lignes[2] = famille(2, nom="DUPONT", prenom="Anne", mobile="+33 6 99 99 99 99")
    rapport = lancer("familles", ecrire_csv(tmp_path / "g.csv", lignes), etablissement)
    assert rapport.comptes["modifie"] == 1
    ligne = next(ligne for ligne in rapport.lignes if ligne["statut"] == "modifie")
    assert ligne["numero"] == 3
    assert ligne["changements"] == [["DUPONT Anne — Mobile", "06 12 34 56 78", "06 99 99 99 99"]]
    entree = Journal.objects.filter(action="import.modifier").get()
    assert entree.donnees["champs"] == {"tel_mobile": ["06 12 34 56 78", "06 99 99 99 99"]}


def test_a_row_in_error_imports_nothing_and_says_why(tmp_path, etablissement):
    chemin = ecrire_csv(
        tmp_path / "f.csv",
        [ENTETES_FAMILLES, famille(1), famille(2, mobile="12 34"), famille(1)],
    )
    rapport = lancer("familles", chemin, etablissement)
    assert not rapport.valide and not rapport.applique
    erreurs = {ligne["numero"]: ligne["erreurs"] for ligne in rapport.lignes if ligne["erreurs"]}
    assert erreurs[3] == [
        "Colonne « Mobile R1 » : « 12 34 » n’est pas un numéro de téléphone français (10 chiffres)."
    ]
    assert "déjà" in erreurs[4][0]
    assert not Famille.objects.exists()


def test_dry_run_writes_nothing(tmp_path, etablissement):
    chemin = ecrire_csv(tmp_path / "f.csv", [ENTETES_FAMILLES, famille(1)])
    rapport = lancer("familles", chemin, etablissement, appliquer=False)
    assert rapport.comptes["cree"] == 1
    assert not Famille.objects.exists() and not Journal.objects.exists()


def test_pending_modification_is_reported_never_overwritten(
    tmp_path, etablissement, famille, responsable1
):
    avant = responsable1.tel_mobile
    demande_soumettre(objet=responsable1, valeurs={"tel_mobile": "06 11 11 11 11"}, par=None)
    chemin = ecrire_csv(
        tmp_path / "f.csv",
        [ENTETES_FAMILLES, famille_ligne(responsable1, mobile="0622222222", ville="BRIX")],
    )
    rapport = lancer("familles", chemin, etablissement)
    responsable1.refresh_from_db()
    assert responsable1.tel_mobile == avant
    assert responsable1.ville == "BRIX"
    [ligne] = rapport.lignes
    assert ligne["statut"] == "modifie"
    assert "modification" in ligne["avertissements"][0]
    assert "06 22 22 22 22" in ligne["avertissements"][0]
    assert DemandeModification.objects.get().valeurs["tel_mobile"]["demande"] == "06 11 11 11 11"


def famille_ligne(responsable, **autres):
    valeurs = {
        "nom": responsable.nom,
        "prenom": responsable.prenom,
        "mobile": "",
    }
    valeurs.update({k: v for k, v in autres.items() if k in valeurs})
    ligne = famille(responsable.famille.numero, **valeurs)
    if "ville" in autres:
        ligne[ENTETES_FAMILLES.index("Ville R1")] = autres["ville"]
    return ligne


def test_second_guardian_and_other_site_untouched(tmp_path, etablissement, autre_etablissement):
    from tests.factories import FamilleFactory

    ailleurs = FamilleFactory(etablissement=autre_etablissement, numero=1, nom="AUTRE")
    ligne = famille(1)
    ligne[ENTETES_FAMILLES.index("Civilité R2")] = "Madame"
    ligne[ENTETES_FAMILLES.index("Nom R2")] = "MARTIN"
    ligne[ENTETES_FAMILLES.index("Prénom R2")] = "Julie"
    rapport = lancer(
        "familles", ecrire_csv(tmp_path / "f.csv", [ENTETES_FAMILLES, ligne]), etablissement
    )
    assert rapport.comptes["cree"] == 1
    nouvelle = Famille.objects.get(etablissement=etablissement, numero=1)
    assert [(r.rang, r.civilite, r.prenom) for r in nouvelle.responsables.all()] == [
        (1, "M", "Paul"),
        (2, "MME", "Julie"),
    ]
    ailleurs.refresh_from_db()
    assert ailleurs.nom == "AUTRE" and not ailleurs.responsables.exists()


ENTETES_ELEVES = [
    "N° élève",
    "N° famille",
    "Civilité",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Lieu de naissance",
    "E-mail",
    "Mobile",
    "Personne à prévenir",
    "Tél urgence",
    "Droit à l'image",
    "Autorisation de sortie",
]


def test_pupils_dates_booleans_and_idempotence(tmp_path, etablissement, famille):
    lignes = [
        ENTETES_ELEVES,
        [
            5001,
            1001,
            "Mme",
            "ABARRE",
            "Irina",
            "12/09/2011",
            "CHERBOURG",
            "",
            "0611223344",
            "Sophie ABARRE",
            "06 98 76 54 32",
            "Oui",
            "N",
        ],
        [5002, 1001, "M", "ABARRE", "Hugo", 40798, "", "", "", "", "", "1", "Vrai"],
    ]
    chemin = ecrire_xlsx(tmp_path / "e.xlsx", lignes)
    rapport = lancer("eleves", chemin, etablissement)
    assert rapport.comptes["cree"] == 2, rapport.lignes
    irina, hugo = Eleve.objects.order_by("numero")
    assert irina.date_naissance.isoformat() == "2011-09-12"
    assert hugo.date_naissance.isoformat() == "2011-09-12"
    assert (irina.droit_image, irina.autorisation_sortie) == (True, False)
    assert (hugo.droit_image, hugo.autorisation_sortie) == (True, True)
    assert irina.tel_urgence == "06 98 76 54 32"
    again = lancer("eleves", chemin, etablissement)
    assert again.comptes["inchange"] == 2


def test_pupil_of_an_unknown_family_is_an_error(tmp_path, etablissement):
    chemin = ecrire_csv(
        tmp_path / "e.csv",
        [
            ENTETES_ELEVES,
            [1, 999, "M", "X", "Y", "31/02/2011", "", "", "", "", "", "peut-être", ""],
        ],
    )
    rapport = lancer("eleves", chemin, etablissement)
    [ligne] = rapport.lignes
    assert len(ligne["erreurs"]) == 2
    assert "« 31/02/2011 » n’est pas une date" in ligne["erreurs"][0]
    assert not Eleve.objects.exists()
    assert Decimal("1") == 1  # the amount parser is tested in test_valeurs


def test_each_created_family_is_journaled_with_its_line(tmp_path, etablissement, staff):
    chemin = ecrire_csv(tmp_path / "f.csv", [ENTETES_FAMILLES, famille(1), famille(2)])
    lancer("familles", chemin, etablissement, par=staff)
    entrees = Journal.objects.filter(action="import.creer").order_by("donnees__ligne")
    assert [(e.famille_id, e.donnees["ligne"], e.donnees["fichier"], e.par) for e in entrees] == [
        (Famille.objects.get(numero=1).pk, 2, "f.csv", staff),
        (Famille.objects.get(numero=2).pk, 3, "f.csv", staff),
    ]
    assert all(e.etablissement == etablissement for e in entrees)


def test_pupil_number_is_unique_per_site(etablissement, autre_etablissement, irina):
    from django.core.exceptions import ValidationError

    from tests.factories import EleveFactory, FamilleFactory

    irina.numero = 5001
    irina.save()
    doublon = EleveFactory.build(famille=irina.famille, numero=5001)
    with pytest.raises(ValidationError, match="numéro"):
        doublon.full_clean()
    ailleurs = EleveFactory.build(
        famille=FamilleFactory(etablissement=autre_etablissement), numero=5001
    )
    ailleurs.full_clean()
