"""Malformed input never answers 500 (issue 10): every portal URL, public or not, with
NUL bytes, CR/LF, 5,000 characters, huge ids and non-ASCII in the path, the query
string and every form field name the portal knows, as a family, anonymously and as the
bank. Run with -s to print the count for the notes."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from tests.conftest import BACKEND
from tests.facturation import factories as ff
from tests.security.test_urls import ROUTES, Route

MALFORMES = [
    "a\x00b",
    "ligne\r\nSet-Cookie: x=1",
    "x" * 5000,
    "9" * 30,
    "é" * 50 + "\u202e",
    "-1",
    "",
]
# Values that fit in each path converter (the resolver refuses the rest: 404).
PAR_CONVERTISSEUR = {
    "int": ["0", "9" * 30, "0" * 40 + "1"],
    "str": ["a%00b", "%0D%0A", "x" * 5000, "%C3%A9" * 50, "%FF%FE"],
    "slug": ["dummy", "payfip_ws", "x" * 5000, "inconnu"],
}
SENTINELLES = {"int": 424242, "str": "SENTINELLESTR", "slug": "sentinelle-slug"}


def _noms_de_champs() -> set[str]:
    """Every field name of our forms (plain and model forms), plus the ones views read."""
    noms = {
        "next",
        "q",
        "recherche",
        "annee",
        "choix",
        "transaction_id",
        "idop",
        "idOp",
        "signature",
        "amount",
        "actif",
        "site",
        "identifiant",
        "password",
        "email",
    }
    a_voir = list(forms.BaseForm.__subclasses__())
    while a_voir:
        classe = a_voir.pop()
        a_voir.extend(classe.__subclasses__())
        if classe.__module__.split(".")[0] in {
            "imuse",
            "comptes",
            "famille",
            "eleves",
            "facturation",
            "reinscription",
        }:
            noms.update(getattr(classe, "base_fields", {}))
    return noms


CHAMPS = sorted(_noms_de_champs())


def _urls(route: Route) -> list[str]:
    """The route's URL with each of its path kwargs replaced by malformed values."""
    from django.urls import get_resolver

    types = dict.fromkeys(route.kwargs, "int")
    chemin_motif = _motif(get_resolver("imuse.urls"), route)
    for kwarg in route.kwargs:
        if f"<str:{kwarg}>" in chemin_motif:
            types[kwarg] = "str"
        elif f"<slug:{kwarg}>" in chemin_motif:
            types[kwarg] = "slug"
    base = reverse(route.nom, kwargs={k: SENTINELLES[types[k]] for k in route.kwargs})
    if not route.kwargs:
        return [base]
    urls = []
    for kwarg in route.kwargs:
        for valeur in PAR_CONVERTISSEUR[types[kwarg]]:
            urls.append(base.replace(str(SENTINELLES[types[kwarg]]), valeur, 1))
    return urls


def _motif(resolver, route: Route) -> str:
    ns, _sep, nom = route.nom.rpartition(":")
    cible = resolver
    if ns:
        for partie in ns.split(":"):
            cible = cible.namespace_dict[partie][1]
    morceaux = []
    for motif in cible.url_patterns:
        if getattr(motif, "name", None) == nom:
            morceaux.append(str(motif.pattern))
    return " ".join(morceaux)


ROUTES_FUZZ = [r for r in ROUTES if not r.nom.startswith("admin")]


@pytest.fixture
def clients(responsable1, etablissement):
    ff.bac_a_sable(etablissement)
    famille = Client(raise_request_exception=False)
    famille.force_login(responsable1.utilisateur, backend=BACKEND)
    return {"famille": famille, "anonyme": Client(raise_request_exception=False)}


def _essayer(client, url: str, compteur: dict) -> None:
    requetes = [
        ("get", url, {}),
        (
            "get",
            url
            + "?"
            + "&".join(f"{quote(c)}={quote(v)}" for c in CHAMPS[:40] for v in MALFORMES[:1]),
            {},
        ),
    ]
    for valeur in MALFORMES:
        requetes.append(("get", url + "?next=" + quote(valeur) + "&q=" + quote(valeur), {}))
        requetes.append(("post", url, dict.fromkeys(CHAMPS, valeur)))
    for methode, chemin, donnees in requetes:
        reponse = (
            getattr(client, methode)(chemin, donnees)
            if donnees
            else getattr(client, methode)(chemin)
        )
        compteur["requetes"] += 1
        if reponse.status_code >= 500:
            compteur["500"].append(f"{methode.upper()} {chemin[:120]} → {reponse.status_code}")


@pytest.mark.django_db
def test_no_malformed_request_answers_500(clients, irina, capsys):
    compteur = {"requetes": 0, "500": []}
    for route in ROUTES_FUZZ:
        for url in _urls(route):
            for client in clients.values():
                _essayer(client, url, compteur)
    with capsys.disabled():
        print(f"\nMalformed requests tried: {compteur['requetes']}, 500s: {len(compteur['500'])}")
    assert compteur["requetes"] > 1500
    assert compteur["500"] == []
