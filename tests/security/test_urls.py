"""Cross-cutting guards, walked from Django's URL resolver (imuse.urls) rather than from
hand lists: a new portal view cannot escape them.

1. an anonymous visitor opening any portal URL is sent to the login page;
2. a family opening any URL with the ids of ANOTHER family's objects gets a 404;
3. staff opening any portal URL are sent to the admin;
4. security headers on portal pages and on private file downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from eleves.models import AbsenceSignalee
from facturation.models import PaiementEnLigne
from facturation.services import relance_envoyer
from famille.models import ExportDonnees
from reinscription.models import DemandeReinscription, PieceJointe
from tests import factories as f
from tests.conftest import BACKEND
from tests.facturation import factories as ff
from tests.facturation import sepa_outils
from tests.reinscription.conftest import upload
from tests.reinscription.factories import CampagneFactory, PieceAFournirFactory

# The URL namespaces of the family portal: every view there requires a family account.
NAMESPACES_PORTAIL = {"portail", "famille", "eleves", "facturation", "reinscription"}
AUTRES_URLS_PORTAIL = {"comptes:mot_de_passe"}

# Portal-namespace URLs open without a login, on purpose, and what guards them instead.
PUBLIQUES = {
    "eleves:ical": "the private calendar feed: the secret token in the URL is the key",
    "facturation:paiement_notification": "the bank's server-to-server call, signed",
    "facturation:paiement_retour": "the family's browser back from the bank, signed",
    "bac_a_sable:page": "the sandbox bank page, found by its transaction id",
}

# Kwargs that name no object of a family: their patterns are not checked by test 2.
SANS_OBJET = {"kind", "jeton", "uidb64", "token", "code"}


@dataclass(frozen=True)
class Route:
    nom: str  # "namespace:name"
    kwargs: tuple[str, ...]


def _parcourir(motifs, namespace: str = "", kwargs: tuple[str, ...] = ()) -> list[Route]:
    routes = []
    for motif in motifs:
        converters = tuple(getattr(motif.pattern, "converters", {}))
        if isinstance(motif, URLResolver):
            ns = motif.namespace or ""
            if ns == "admin" or motif.app_name == "admin":
                continue
            plein = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            routes += _parcourir(motif.url_patterns, plein, kwargs + converters)
        elif isinstance(motif, URLPattern) and motif.name:
            nom = f"{namespace}:{motif.name}" if namespace else motif.name
            routes.append(Route(nom, kwargs + converters))
    return routes


ROUTES = _parcourir(get_resolver("imuse.urls").url_patterns)


def _est_portail(route: Route) -> bool:
    return route.nom.split(":")[0] in NAMESPACES_PORTAIL or route.nom in AUTRES_URLS_PORTAIL


PORTAIL = [r for r in ROUTES if _est_portail(r) and r.nom not in PUBLIQUES]
AVEC_OBJET = [
    r for r in ROUTES if r.kwargs and not set(r.kwargs) & SANS_OBJET and r.nom not in PUBLIQUES
]


def test_the_walk_finds_the_portal_and_its_public_exceptions():
    noms = {r.nom for r in ROUTES}
    assert {
        "portail:accueil",
        "eleves:absence",
        "facturation:recu_pdf",
        "reinscription:fichier",
    } <= noms
    assert set(PUBLIQUES) <= noms, "a public exception names a URL that no longer exists"
    assert len(PORTAIL) >= 25 and len(AVEC_OBJET) >= 15


# --- 1. Anonymous visitors -----------------------------------------------------------------

VALEURS_FACTICES = {"kind": "dummy", "jeton": "x" * 32, "annee": 2026}


def _kwargs_factices(route: Route) -> dict:
    return {k: VALEURS_FACTICES.get(k, 1) for k in route.kwargs}


@pytest.mark.django_db
@pytest.mark.parametrize("route", PORTAIL, ids=lambda r: r.nom)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, route):
    url = reverse(route.nom, kwargs=_kwargs_factices(route))
    connexion = reverse("comptes:connexion")
    for methode in (client.get, client.post):
        reponse = methode(url)
        assert reponse.status_code in (302, 404, 405), f"{route.nom} {reponse.status_code}"
        if reponse.status_code == 302:
            assert reponse.url.startswith(f"{connexion}?next="), f"{route.nom} → {reponse.url}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.nom in PUBLIQUES], ids=lambda r: r.nom)
def test_public_exceptions_show_nothing_without_their_secret(client, route):
    url = reverse(route.nom, kwargs=_kwargs_factices(route))
    for methode in (client.get, client.post):
        reponse = methode(url)
        assert reponse.status_code != 200 and reponse.status_code < 500, route.nom


# --- 2. Another family's objects -----------------------------------------------------------

# kwarg → key of `objets_autre_famille`, looked up by route name, then namespace, then kwarg.
# A "pk" means a pupil in eleves and reinscription, but another object in facturation.
IDS = {
    "facturation:facture_pdf": {"pk": "facture"},
    "facturation:payer": {"pk": "facture"},
    "facturation:echeances_choisir": {"pk": "facture"},
    "facturation:recu_pdf": {"pk": "reglement"},
    "facturation:mandat_pdf": {"pk": "mandat"},
    "facturation:relance_pdf": {"pk": "relance"},
    "facturation:paiement": {"pk": "paiement"},
    "famille:donnees_telecharger": {"pk": "export"},
    "eleves:absence_retirer": {"absence_pk": "absence_signalee"},
    "facturation:paiement_verifier": {"pk": "paiement"},
    "eleves": {"pk": "eleve"},
    "reinscription": {"pk": "eleve"},
    "": {
        "inscription_pk": "inscription",
        "evaluation_pk": "evaluation",
        "absence_pk": "absence",
        "document_pk": "document",
        "piece_pk": "piece_jointe",
        "eleve": "eleve",
        "annee": "annee_civile",
    },
}


def _cle(route: Route, kwarg: str) -> str:
    for portee in (route.nom, route.nom.split(":")[0], ""):
        if kwarg in IDS.get(portee, {}):
            return IDS[portee][kwarg]
    pytest.fail(
        f"{route.nom}: kwarg “{kwarg}” is unknown to IDS in tests/security/test_urls.py; "
        "say which object it names so that another family's id is tried."
    )


def _valeur(objet):
    return objet if isinstance(objet, int) else objet.pk


def _appeler(client, url: str):
    reponse = client.get(url)
    if reponse.status_code == 405:
        reponse = client.post(url)
    _fermer(reponse)
    return reponse


def _fermer(reponse) -> None:
    """Close a served file as the server would (response.close() would also close the
    test's database connection through the request_finished signal)."""
    if reponse.streaming:
        b"".join(reponse.streaming_content)
    fichier = getattr(reponse, "file_to_stream", None)
    if fichier is not None:
        fichier.close()


@pytest.fixture
def objets_autre_famille(etablissement, annee, autre_famille, autre_responsable, autre_eleve):
    """The TORRE family with one object of each kind a portal URL can name, made through the
    same services and pages as in real life."""
    fiche = f.InscriptionFactory(eleve=autre_eleve, cours=f.CoursFactory(annee=annee))
    campagne = CampagneFactory(etablissement=etablissement)
    piece = PieceAFournirFactory(campagne=campagne, ordre=1)
    ff.bac_a_sable(etablissement)
    facture = ff.facture(autre_famille, eleve=autre_eleve)
    reglement = ff.reglement(autre_famille, "40.00", imputations=[(facture, Decimal("40.00"))])
    autre = Client()
    autre.force_login(autre_responsable.utilisateur, backend=BACKEND)
    assert autre.post(reverse("facturation:payer", args=[facture.pk])).status_code == 302
    reponse = autre.post(
        reverse("reinscription:eleve", args=[autre_eleve.pk]),
        {
            "action": "importer",
            "administrative": "on",
            "piece": piece.pk,
            "fichier": upload("attestation.pdf"),
        },
    )
    assert reponse.status_code == 302
    objets = {
        "client": autre,
        "eleve": autre_eleve,
        "inscription": fiche,
        "evaluation": f.EvaluationFactory(inscription=fiche),
        "absence": f.AbsenceFactory(inscription=fiche),
        "document": f.DocumentEleveFactory(eleve=autre_eleve),
        "facture": facture,
        "reglement": reglement,
        "mandat": sepa_outils.mandat(autre_famille)
        if sepa_outils.creancier(etablissement)
        else None,
        "paiement": PaiementEnLigne.objects.get(facture=facture),
        "relance": relance_envoyer(famille=autre_famille, par=None),
        "demande": DemandeReinscription.objects.get(eleve=autre_eleve),
        "piece_jointe": PieceJointe.objects.get(famille=autre_famille),
        "annee_civile": reglement.date.year,
        "absence_signalee": AbsenceSignalee.objects.create(
            eleve=autre_eleve,
            debut=timezone.localdate() + timedelta(days=30),
            fin=timezone.localdate() + timedelta(days=30),
            motif="Concert",
        ),
        "export": ExportDonnees.objects.create(
            famille=autre_famille,
            demande_par=autre_responsable.utilisateur,
            statut="pret",
            fichier=ContentFile(b"PK", name="donnees.zip"),
        ),
    }
    return objets


def _kwargs(route: Route, objets: dict) -> dict:
    return {k: _valeur(objets[_cle(route, k)]) for k in route.kwargs}


@pytest.mark.parametrize("route", AVEC_OBJET, ids=lambda r: r.nom)
def test_another_familys_objects_answer_404(client_r1, irina, objets_autre_famille, route):
    url = reverse(route.nom, kwargs=_kwargs(route, objets_autre_famille))
    # The owners themselves open it: the ids are real, so a 404 below is the guard's.
    chez_eux = _appeler(objets_autre_famille["client"], url)
    assert chez_eux.status_code in (200, 302), f"{route.nom}: {chez_eux.status_code} for owners"
    assert _appeler(client_r1, url).status_code == 404, route.nom


@pytest.mark.parametrize("route", [r for r in AVEC_OBJET if len(r.kwargs) > 1], ids=lambda r: r.nom)
def test_own_pupil_with_another_familys_objects_answers_404(
    client_r1, irina, objets_autre_famille, route
):
    """Mixing ids: one's own pupil in the URL, another family's sheet, file or year after it."""
    objets = objets_autre_famille | {"eleve": irina}
    url = reverse(route.nom, kwargs=_kwargs(route, objets))
    assert _appeler(client_r1, url).status_code == 404, route.nom


# --- 3. Staff ------------------------------------------------------------------------------


@pytest.mark.parametrize("route", PORTAIL, ids=lambda r: r.nom)
def test_staff_are_sent_to_the_admin(client_staff, client_superuser, irina, route):
    url = reverse(route.nom, kwargs={k: VALEURS_FACTICES.get(k, irina.pk) for k in route.kwargs})
    for client in (client_staff, client_superuser):
        reponse = _appeler(client, url)
        assert reponse.status_code == 302, f"{route.nom}: {reponse.status_code}"
        assert reponse.url == reverse("admin:index"), f"{route.nom} → {reponse.url}"


# --- 4. Headers ----------------------------------------------------------------------------


def test_portal_pages_carry_the_security_headers(client_r1, irina):
    for url in (reverse("portail:accueil"), reverse("eleves:identite", args=[irina.pk])):
        reponse = client_r1.get(url)
        assert reponse.status_code == 200
        csp = reponse["Content-Security-Policy"]
        assert "default-src 'self'" in csp or "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp or reponse["X-Frame-Options"] == "DENY"
        assert reponse["X-Frame-Options"] == "DENY"
        assert reponse["X-Content-Type-Options"] == "nosniff"
        assert reponse["Referrer-Policy"] == "same-origin"


def test_the_login_page_carries_them_too(client, db):
    reponse = client.get(reverse("comptes:connexion"))
    assert "unsafe-inline" not in reponse["Content-Security-Policy"]
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"


def test_private_downloads_are_sandboxed_attachments(objets_autre_famille):
    o = objets_autre_famille
    urls = [
        reverse("eleves:document", args=[o["eleve"].pk, o["document"].pk]),
        reverse("reinscription:fichier", args=[o["eleve"].pk, o["piece_jointe"].pk]),
    ]
    for url in urls:
        reponse = o["client"].get(url)
        assert reponse.status_code == 200, url
        assert reponse["Content-Disposition"].startswith("attachment"), url
        assert reponse["X-Content-Type-Options"] == "nosniff"
        csp = reponse["Content-Security-Policy"]
        assert csp.startswith("sandbox") and "default-src 'none'" in csp, url
        assert "no-store" in reponse["Cache-Control"]
        _fermer(reponse)


def test_ids_posted_in_a_form_are_checked_too(client_r1, irina, objets_autre_famille):
    """The re-enrolment form offers only the pupil's own courses and documents."""
    o = objets_autre_famille
    reponse = client_r1.post(
        reverse("reinscription:eleve", args=[irina.pk]),
        {"action": "enregistrer", "cours": [o["inscription"].pk]},
    )
    assert reponse.status_code == 400
    assert not DemandeReinscription.objects.filter(inscriptions=o["inscription"]).exclude(
        eleve=o["eleve"]
    )
    reponse = client_r1.get(reverse("eleves:index"), {"eleve": o["eleve"].pk})
    assert reponse.status_code == 404
