"""A small browser for the benchmark (standard library only): cookies, the CSRF token,
forms, multipart uploads, redirects followed; each request timed."""

from __future__ import annotations

import http.client
import re
import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

JETON = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reponse:
    def __init__(self, statut: int, entetes: dict, corps: bytes, duree: float):
        self.statut, self.entetes, self.corps, self.duree = statut, entetes, corps, duree

    @property
    def location(self) -> str:
        return self.entetes.get("location", "")


class Navigateur:
    def __init__(self, hote: str = "127.0.0.1", port: int = 8000):
        self.hote, self.port = hote, port
        self.cookies: dict[str, str] = {}
        self.jeton = ""
        self._cnx: http.client.HTTPConnection | None = None

    def _connexion(self) -> http.client.HTTPConnection:
        if self._cnx is None:
            self._cnx = http.client.HTTPConnection(self.hote, self.port, timeout=60)
        return self._cnx

    def requete(self, methode: str, chemin: str, corps: bytes | None = None, **entetes) -> Reponse:
        entetes = {k.replace("_", "-"): v for k, v in entetes.items()}
        if self.cookies:
            entetes["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        debut = time.perf_counter()
        for essai in (1, 2):
            cnx = self._connexion()
            try:
                cnx.request(methode, chemin, body=corps, headers=entetes)
                brute = cnx.getresponse()
                donnees = brute.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                # gunicorn's sync workers close every connection: open a new one.
                cnx.close()
                self._cnx = None
                if essai == 2:
                    raise
        duree = time.perf_counter() - debut
        recus = {k.lower(): v for k, v in brute.getheaders()}
        for valeur in brute.headers.get_all("Set-Cookie") or []:
            for nom, morceau in SimpleCookie(valeur).items():
                if morceau.value:
                    self.cookies[nom] = morceau.value
                else:
                    self.cookies.pop(nom, None)
        if brute.headers.get("Connection", "").lower() == "close":
            cnx.close()
            self._cnx = None
        trouve = JETON.search(donnees)
        if trouve:
            self.jeton = trouve.group(1).decode()
        return Reponse(brute.status, recus, donnees, duree)

    def get(self, chemin: str) -> Reponse:
        return self.requete("GET", chemin)

    def post(
        self, chemin: str, champs: dict | list, fichiers: dict | None = None, suivre: bool = False
    ) -> Reponse:
        paires = list(champs.items()) if isinstance(champs, dict) else list(champs)
        paires.append(("csrfmiddlewaretoken", self.jeton))
        if fichiers:
            corps, type_ = multipart(paires, fichiers)
        else:
            corps, type_ = urlencode(paires).encode(), "application/x-www-form-urlencoded"
        rep = self.requete(
            "POST",
            chemin,
            corps,
            Content_Type=type_,
            Referer=f"http://{self.hote}:{self.port}{chemin}",
        )
        if suivre and rep.statut in (302, 303) and rep.location:
            suite = self.get(urlsplit(rep.location).path or rep.location)
            suite.duree += rep.duree
            suite.premier_statut = rep.statut
            return suite
        return rep

    def connecter(self, site: str, identifiant: str, mot_de_passe: str) -> Reponse:
        self.get("/compte/connexion/")
        return self.post(
            "/compte/connexion/",
            {"site": site, "identifiant": identifiant, "password": mot_de_passe},
        )


def multipart(paires: list, fichiers: dict) -> tuple[bytes, str]:
    limite = "----bench" + secrets.token_hex(8)
    morceaux = []
    for nom, valeur in paires:
        entete = f'--{limite}\r\nContent-Disposition: form-data; name="{nom}"\r\n\r\n'
        morceaux.append(f"{entete}{valeur}\r\n".encode())
    for nom, (fichier, type_, contenu) in fichiers.items():
        morceaux.append(
            f'--{limite}\r\nContent-Disposition: form-data; name="{nom}"; '
            f'filename="{fichier}"\r\nContent-Type: {type_}\r\n\r\n'.encode()
            + contenu
            + b"\r\n"
        )
    morceaux.append(f"--{limite}--\r\n".encode())
    return b"".join(morceaux), f"multipart/form-data; boundary={limite}"


def centile(valeurs: list[float], p: float) -> float:
    if not valeurs:
        return float("nan")
    ordonnees = sorted(valeurs)
    return ordonnees[min(len(ordonnees) - 1, int(round(p / 100 * (len(ordonnees) - 1))))]
