"""The opening evening of a campaign: `clients` families at a time (32) for `duree`
seconds (three minutes), taken from `comptes` accounts (2,000). Each logs in through the
form, opens a pupil's Réinscription, ticks a course (Enregistrer), uploads a 500 kB PDF
(the family's document) and a 1 MB JPEG (the pupil's), presses Valider; every POST is
followed to the page it redirects to, as a browser does. Afterwards the rows and the
files are counted."""

from __future__ import annotations

import io
import queue
import random
import threading
import time

from bench.client import Navigateur, centile

ETAPES = ("connexion", "page", "cocher", "pdf", "jpeg", "valider")


def fichiers_test() -> tuple[bytes, bytes]:
    """A 500 kB PDF and a 1 MB JPEG (noise, so that compression keeps them large)."""
    from PIL import Image

    bruit = random.Random(7).randbytes(1000 * 1000 * 3)
    image = Image.frombytes("RGB", (1000, 1000), bruit)
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=93)
    petite = Image.frombytes("RGB", (740, 740), bruit[: 740 * 740 * 3])
    pdf = io.BytesIO()
    petite.save(pdf, "PDF", quality=90)
    return pdf.getvalue(), jpeg.getvalue()


def parcours(nav: Navigateur, famille: dict, pdf: bytes, jpeg: bytes, mdp: str) -> dict:
    """One family's evening; returns {step: (seconds, ok)}."""
    faits = {}
    debut = time.perf_counter()
    nav.get("/compte/connexion/")
    rep = nav.post(
        "/compte/connexion/",
        {"site": famille["site"], "identifiant": famille["identifiant"], "password": mdp},
    )
    faits["connexion"] = (time.perf_counter() - debut, rep.statut == 302)
    url = f"/reinscription/eleve/{famille['eleve']}/"
    rep = nav.get(url)
    faits["page"] = (rep.duree, rep.statut == 200)
    cours = [("cours", str(famille["inscription"]))]
    envois = {
        "cocher": (cours + [("action", "enregistrer")], None),
        "pdf": (
            cours + [("action", "importer"), ("piece", famille["piece_famille"])],
            {"fichier": ("justificatif.pdf", "application/pdf", pdf)},
        ),
        "jpeg": (
            cours + [("action", "importer"), ("piece", famille["piece_eleve"])],
            {"fichier": ("assurance.jpg", "image/jpeg", jpeg)},
        ),
        "valider": (cours + [("action", "valider")], None),
    }
    for etape, (champs, fichiers) in envois.items():
        rep = nav.post(url, champs, fichiers, suivre=True)
        ok = getattr(rep, "premier_statut", rep.statut) == 302 and rep.statut == 200
        faits[etape] = (rep.duree, ok)
    return faits


def lancer(
    familles: list[dict], *, clients: int, duree: float, mdp: str, port: int, trace=print
) -> dict:
    pdf, jpeg = fichiers_test()
    file: queue.Queue = queue.Queue()
    for f in familles:
        file.put(f)
    par_etape: dict[str, list[float]] = {e: [] for e in ETAPES}
    erreurs: list[str] = []
    faites: list[dict] = []
    verrou = threading.Lock()
    fin = time.perf_counter() + duree

    def boucle() -> None:
        while time.perf_counter() < fin:
            try:
                famille = file.get_nowait()
            except queue.Empty:
                return
            try:
                faits = parcours(Navigateur(port=port), famille, pdf, jpeg, mdp)
            except Exception as exc:  # noqa: BLE001  (counted, the evening goes on)
                with verrou:
                    erreurs.append(f"{famille['identifiant']}: {exc!r}")
                continue
            with verrou:
                for etape, (secondes, ok) in faits.items():
                    par_etape[etape].append(secondes)
                    if not ok:
                        erreurs.append(f"{famille['identifiant']}: {etape}")
                faites.append(famille)

    debut = time.perf_counter()
    fils = [threading.Thread(target=boucle) for _ in range(clients)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.perf_counter() - debut
    resultat = {
        "familles": len(faites),
        "par_minute": len(faites) / ecoule * 60,
        "erreurs": erreurs,
        "etapes": {
            e: {"p50": centile(v, 50) * 1000, "p99": centile(v, 99) * 1000, "n": len(v)}
            for e, v in par_etape.items()
        },
        "faites": faites,
        "taille_pdf": len(pdf),
        "taille_jpeg": len(jpeg),
    }
    trace(f"  {len(faites)} familles en {ecoule:.0f} s, {len(erreurs)} erreurs")
    return resultat


def verifier(faites: list[dict]) -> dict:
    """Rows and files present afterwards, for the families that went through."""
    from reinscription.models import DemandeReinscription, PieceJointe

    eleves = [f["eleve"] for f in faites]
    familles = [f["famille"] for f in faites]
    demandes = DemandeReinscription.objects.filter(
        eleve_id__in=eleves, etat=DemandeReinscription.Etat.EN_ATTENTE
    ).count()
    pieces = list(PieceJointe.objects.filter(famille_id__in=familles))
    presents = sum(1 for p in pieces if p.fichier and p.fichier.storage.exists(p.fichier.name))
    jpeg = [p.fichier.size for p in pieces if p.type_mime == "image/jpeg"]
    return {
        "demandes": demandes,
        "pieces": len(pieces),
        "fichiers": presents,
        "attendu_demandes": len(set(eleves)),
        "attendu_pieces": 2 * len(faites),
        "jpeg_moyen": sum(jpeg) / len(jpeg) if jpeg else 0,
    }
