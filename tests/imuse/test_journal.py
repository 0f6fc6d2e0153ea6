"""The journal (DESIGN §10): every service that changes state writes a row through
`imuse.journal.journaliser`.

`test_every_service_journals` walks the source of every services module of ours: each
public function must call `journaliser`, directly or through functions it calls (the
module's own helpers or other services), unless it is listed below as a read. A new
service that forgets the journal fails here, without a scenario to write.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest

from imuse.journal import journal_de, journal_de_la_famille, journaliser
from imuse.models import Journal

PAQUETS = [
    "imuse",
    "comptes",
    "famille",
    "eleves",
    "facturation",
    "reinscription",
    "importation",
    "bac_a_sable",
]

# Public functions of services modules that change nothing (reads, checks, helpers).
LECTURES = {
    "comptes.services.mots_de_passe": {"compte_famille"},
    "comptes.services.invitations": {
        "validite",
        "a_inviter",
        "avec_adresse",
        "lien_premiere_connexion",
        "code_valide",
    },
    "famille.services": {"preferences_de"},
    # A check the admin form and the service share (raises AgendaErreur).
    "eleves.services": {"seance_verifier", "prochain_numero_famille"},
    "imuse.services": {
        "en_texte",
        "valeurs_actuelles",
        "libelle_champ",
        "valeur_affichee",
        "demande_ouverte",
        "valeurs_demandees",
        "lignes_demande",
    },
    "imuse.accessibilite.services": {
        "mode_accessible_avant_connexion",
        # Session only (the display of this browser); the account's choice is journaled
        # by mode_accessible_choisir, which it calls.
        "mode_accessible_apres_deconnexion",
    },
    "facturation.services.factures": {"numero_suivant", "reste_a_payer"},
    # The batch run's preview prices the families and writes nothing.
    "facturation.services.lot": {"lot_apercu"},
    "facturation.services.mandats": {
        "texte_mandat",
        "creancier",
        "mandat_actif",
        "verifier_compte",
    },
    "facturation.services.prelevements": {
        "remise_apercu",
        "refus_remise",
        "construire_xml",
        "verifier_schema",
    },
    "facturation.services.rejets": {"lire_pain002"},
    "facturation.services.reglements": {"imputation_verifier", "recu_par_email"},
    "facturation.services.avoirs": {"creditable", "avoir_verifier"},
    "facturation.services.relances": {"relances_apercu"},
    "facturation.services.echeances": {
        "parametres_echeances",
        "decouper",
        "ajouter_mois",
        "echeancier_modifiable",
    },
    "facturation.services.paiement": {
        "parametres",
        "paiement_propose",
        "backend_eopayment",
        "signer",
        "refus_paiement",
        "paiements_a_verifier",
        "tentative_du_message",
    },
    "reinscription.services": {"inscriptions_courantes", "demande_a_coche"},
    # Progress bookkeeping of a running import (a file beside it), not a change of data.
    "importation.services": {
        "chemin_progression",
        "lire_progression",
        "ecrire_progression",
        "importation_marquer_en_cours",
        # Each kind's traiter_lot (importation/genres/) journals every record it writes;
        # the preview's transaction rolls back, so it leaves none.
        "importer",
        "importation_analyser",
    },
    # The sandbox plays the bank: its ledger is its own (OperationBacASable); what it
    # triggers on our side (reponse_traiter) journals.
    "bac_a_sable.services": {"statut", "operation_decider"},
}


JOURNALISENT = {"journaliser", "journaliser_en_lot"}


def _modules_services():
    for paquet in PAQUETS:
        racine = importlib.import_module(paquet)
        noms = [paquet]
        if hasattr(racine, "__path__"):
            noms += [m.name for m in pkgutil.walk_packages(racine.__path__, f"{paquet}.")]
        for nom in noms:
            if nom.rsplit(".", 1)[-1] == "services" or ".services." in nom:
                module = importlib.import_module(nom)
                if not hasattr(module, "__path__"):
                    yield module


def _appels(fonction: ast.FunctionDef) -> set[str]:
    noms = set()
    for noeud in ast.walk(fonction):
        if isinstance(noeud, ast.Call):
            cible = noeud.func
            if isinstance(cible, ast.Name):
                noms.add(cible.id)
            elif isinstance(cible, ast.Attribute):
                noms.add(cible.attr)
    return noms


def _graphe() -> tuple[dict[str, set[str]], dict[str, str]]:
    """Every function of every services module -> the names it calls."""
    appels: dict[str, set[str]] = {}
    modules: dict[str, str] = {}
    for module in _modules_services():
        arbre = ast.parse(inspect.getsource(module))
        for noeud in arbre.body:
            if isinstance(noeud, ast.FunctionDef):
                appels.setdefault(noeud.name, set()).update(_appels(noeud))
                modules.setdefault(noeud.name, module.__name__)
    return appels, modules


def _journalise(nom: str, appels: dict[str, set[str]], vus: set[str]) -> bool:
    if nom in vus:
        return False
    vus.add(nom)
    directs = appels.get(nom, set())
    return bool(directs & JOURNALISENT) or any(_journalise(n, appels, vus) for n in directs)


def test_every_service_journals():
    appels, modules = _graphe()
    assert len(modules) > 20, "the walk found too few services"
    oublis = [
        f"{modules[nom]}.{nom}"
        for nom in sorted(modules)
        if not nom.startswith("_")
        and nom not in LECTURES.get(modules[nom], set())
        and not _journalise(nom, appels, set())
    ]
    assert not oublis, f"services that write no journal row: {oublis}"


def test_the_reads_listed_exist():
    """The allow-list cannot hide a renamed service."""
    _appels_, modules = _graphe()
    for module, noms in LECTURES.items():
        for nom in noms:
            assert modules.get(nom) == module, f"{module}.{nom} is not a function there"


def test_a_row_says_who_did_what_on_which_object_for_which_family(responsable1, staff):
    ligne = journaliser(responsable1, "test.modifier", par=staff, montant=Decimal("12.50"))
    assert ligne.famille_id == responsable1.famille_id
    assert ligne.objet == responsable1
    assert ligne.par == staff
    ligne.refresh_from_db()
    assert ligne.donnees == {"montant": "12.50"}
    assert list(journal_de(responsable1)) == [ligne]
    assert list(journal_de_la_famille(responsable1.famille_id)) == [ligne]


def test_a_family_is_filed_under_itself(responsable1):
    famille = responsable1.famille
    ligne = journaliser(famille, "famille.creer")
    assert ligne.famille_id == famille.pk
    assert ligne.etablissement_id == famille.etablissement_id


def test_a_change_that_rolls_back_leaves_no_row(responsable1):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        journaliser(responsable1, "test.modifier")
        raise RuntimeError
    assert not Journal.objects.exists()


def test_services_write_their_row(responsable1, irina, staff):
    from imuse.services import ACCEPTER, demande_soumettre, demande_traiter

    demande = demande_soumettre(
        objet=responsable1, valeurs={"ville": "CAEN"}, par=responsable1.utilisateur
    )
    demande_traiter(demande=demande, decisions={"ville": (ACCEPTER, "")}, par=staff)
    actions = list(journal_de(responsable1).values_list("action", "par"))
    assert actions == [
        ("demande.traiter", staff.pk),
        ("demande.soumettre", responsable1.utilisateur.pk),
    ]


def test_staff_read_the_journal_on_the_objects_admin_page(client_staff, responsable1):
    from imuse.services import demande_soumettre

    demande_soumettre(objet=responsable1, valeurs={"ville": "CAEN"}, par=responsable1.utilisateur)
    html = client_staff.get(f"/admin/famille/responsable/{responsable1.pk}/change/").content
    assert b"Journal" in html and b"demande.soumettre" in html


def test_a_staff_edit_in_a_change_form_is_journaled(client_staff, staff, responsable1):
    famille = responsable1.famille
    page = client_staff.get(f"/admin/famille/famille/{famille.pk}/change/")
    donnees = {
        cle: valeur
        for cle, valeur in page.context["adminform"].form.initial.items()
        if valeur is not None
    }
    formsets = page.context["inline_admin_formsets"]
    for formset in formsets:
        gestion = formset.formset.management_form
        for champ in gestion:
            donnees[champ.html_name] = champ.value()
        for form in formset.formset.forms:
            for champ in form:
                valeur = champ.value()
                if valeur not in (None, False):
                    donnees[champ.html_name] = valeur
    donnees["nom"] = "ABARRE-NOUVEAU"
    reponse = client_staff.post(f"/admin/famille/famille/{famille.pk}/change/", donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    (ligne,) = journal_de(famille)
    assert (ligne.action, ligne.par) == ("admin.modifier", staff)
    assert ligne.donnees["changements"] == [{"changed": {"fields": ["Name"]}}]
