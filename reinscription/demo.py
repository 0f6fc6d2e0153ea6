"""Demo re-enrolment: Valognes' campaign for next year, opened a few days ago and closing
in four weeks, asking for four documents; Irina ABARRE's request waits for validation
with documents in every state, Hugo and Léa are still to do; a few other families'
requests for the staff list."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from comptes.models import Utilisateur
from eleves.models import Departement, Eleve, Inscription
from imuse.models import AnneeScolaire
from reinscription.models import (
    Campagne,
    DemandeReinscription,
    PieceAFournir,
    PieceJointe,
    TypePiece,
)

TEXTE_ACCUEIL = (
    "Les réinscriptions pour l'année prochaine sont ouvertes. Cochez la case "
    "« Réinscription administrative » ou les cours que l'élève poursuit, joignez les "
    "pièces demandées puis cliquez sur Valider. Le secrétariat confirme chaque "
    "réinscription par courriel."
)
PIECES = [
    ("Justificatif de domicile", PieceAFournir.Portee.FAMILLE, None),
    ("Justificatif de quotient familial", PieceAFournir.Portee.FAMILLE, None),
    ("Photo d'identité", PieceAFournir.Portee.ELEVE, None),
    ("Certificat médical", PieceAFournir.Portee.ELEVE, "Danse"),
]


def _png(texte: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 300), (236, 240, 245))
    dessin = ImageDraw.Draw(image)
    dessin.ellipse((70, 50, 170, 160), fill=(160, 170, 185))
    dessin.rectangle((50, 170, 190, 280), fill=(160, 170, 185))
    dessin.text((10, 10), texte, fill=(20, 20, 20), font_size=16)
    tampon = io.BytesIO()
    image.save(tampon, format="PNG")
    return tampon.getvalue()


def _pdf(titre: str, lignes: list[str]) -> bytes:
    from weasyprint import HTML

    corps = "".join(f"<p>{ligne}</p>" for ligne in lignes)
    html = (
        f"<html lang='fr'><head><title>{titre}</title></head>"
        f"<body><h1>{titre}</h1>{corps}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _moment(jour: date, heure: time) -> datetime:
    return timezone.make_aware(datetime.combine(jour, heure))


def _fichier(piece, famille, eleve, nom, contenu, type_mime, par, quand, **etat) -> None:
    if PieceJointe.objects.filter(piece=piece, famille=famille, eleve=eleve).exists():
        return
    pj = PieceJointe(
        piece=piece,
        famille=famille,
        eleve=eleve,
        nom_original=nom,
        taille=len(contenu),
        type_mime=type_mime,
        deposee_le=quand,
        deposee_par=par,
        **etat,
    )
    pj.fichier.save(nom, ContentFile(contenu), save=False)
    pj.save()


def _campagne(ctx) -> Campagne:
    etablissement = ctx.etablissement
    courante = ctx.annees[etablissement.code][-1]
    debut = courante.debut.year + 1
    cible, _ = AnneeScolaire.objects.get_or_create(
        etablissement=etablissement,
        libelle=f"{debut}/{debut + 1}",
        defaults={"debut": date(debut, 9, 1), "fin": date(debut + 1, 7, 4), "courante": False},
    )
    campagne, cree = Campagne.objects.get_or_create(
        etablissement=etablissement,
        annee=cible,
        defaults={
            "ouverture": ctx.aujourdhui - timedelta(days=5),
            "cloture": ctx.aujourdhui + timedelta(days=28),
            "active": True,
            "texte_accueil": TEXTE_ACCUEIL,
        },
    )
    if cree:
        for ordre, (nom, portee, departement) in enumerate(PIECES, start=1):
            type_piece, _ = TypePiece.objects.get_or_create(etablissement=etablissement, nom=nom)
            PieceAFournir.objects.create(
                campagne=campagne,
                type_piece=type_piece,
                portee=portee,
                departement=Departement.objects.filter(
                    etablissement=etablissement, nom=departement
                ).first()
                if departement
                else None,
                ordre=ordre,
            )
    return campagne


def _demande_irina(ctx, campagne: Campagne) -> None:
    famille = ctx.famille_demo
    irina = Eleve.objects.filter(famille=famille, prenom="Irina").first()
    if irina is None or DemandeReinscription.objects.filter(campagne=campagne, eleve=irina):
        return
    par = ctx.responsable_demo.utilisateur
    hier = ctx.aujourdhui - timedelta(days=1)
    demande = DemandeReinscription.objects.create(
        campagne=campagne,
        eleve=irina,
        etat=DemandeReinscription.Etat.EN_ATTENTE,
        texte="Irina aimerait garder le même créneau de piano, le mercredi si possible.",
        soumise_le=_moment(hier, time(18, 42)),
        soumise_par=par,
    )
    demande.inscriptions.set(
        Inscription.objects.filter(
            eleve=irina,
            cours__annee__courante=True,
            cours__discipline__nom__in=["Formation musicale", "Piano"],
        )
    )
    pieces = {p.type_piece.nom: p for p in campagne.pieces.select_related("type_piece")}
    gestion = Utilisateur.objects.filter(
        etablissement=campagne.etablissement, identifiant="gestion"
    ).first()
    _fichier(
        pieces["Justificatif de domicile"],
        famille,
        None,
        "facture-electricite.pdf",
        _pdf("Facture d'électricité", ["M. ABARRE Jérémie", "19 rue de Paris, 50700 Valognes"]),
        "application/pdf",
        par,
        _moment(hier, time(18, 30)),
        etat=PieceJointe.Etat.VALIDEE,
        traitee_le=_moment(ctx.aujourdhui, time(9, 15)),
        traitee_par=gestion,
    )
    _fichier(
        pieces["Justificatif de quotient familial"],
        famille,
        None,
        "quotient-familial.png",
        _png("Attestation CAF (floue)"),
        "image/png",
        par,
        _moment(hier, time(18, 35)),
        etat=PieceJointe.Etat.REFUSEE,
        motif_refus="Attestation illisible : merci de joindre l'attestation CAF de 2026 en entier.",
        traitee_le=_moment(ctx.aujourdhui, time(9, 17)),
        traitee_par=gestion,
    )
    _fichier(
        pieces["Photo d'identité"],
        famille,
        irina,
        "photo-irina.png",
        _png("ABARRE Irina"),
        "image/png",
        par,
        _moment(hier, time(18, 40)),
        etat=PieceJointe.Etat.FOURNIE,
    )


def _autres_demandes(ctx, campagne: Campagne) -> int:
    """A few requests of other families in every state, for the staff list."""
    if (
        DemandeReinscription.objects.filter(campagne=campagne)
        .exclude(eleve__famille=ctx.famille_demo)
        .exists()
    ):
        return 0
    etats = [
        DemandeReinscription.Etat.EN_ATTENTE,
        DemandeReinscription.Etat.EN_ATTENTE,
        DemandeReinscription.Etat.EN_ATTENTE,
        DemandeReinscription.Etat.BROUILLON,
        DemandeReinscription.Etat.REFUSEE,
    ]
    eleves = list(
        Eleve.objects.filter(famille__in=ctx.autres_familles).order_by("famille__numero", "pk")[
            : len(etats)
        ]
    )
    for rang, (eleve, etat) in enumerate(zip(eleves, etats, strict=False)):
        soumise = _moment(ctx.aujourdhui - timedelta(days=4 - rang % 4), time(20, 5 + rang))
        demande = DemandeReinscription.objects.create(
            campagne=campagne,
            eleve=eleve,
            administrative=rang % 2 == 1,
            etat=etat,
            soumise_le=None if etat == DemandeReinscription.Etat.BROUILLON else soumise,
            motif_refus="L'élève quitte la commune." if etat == "refusee" else "",
            traitee_le=soumise + timedelta(days=1) if etat == "refusee" else None,
        )
        if rang % 2 == 0:
            demande.inscriptions.set(
                Inscription.objects.filter(eleve=eleve, cours__annee__courante=True)
            )
    return len(eleves)


def charger(ctx) -> list[str]:
    campagne = _campagne(ctx)
    _demande_irina(ctx, campagne)
    _autres_demandes(ctx, campagne)
    return [
        f"  Re-enrolment: {campagne} open until {campagne.cloture:%d/%m/%Y}; "
        "Irina ABARRE's request waits for validation (Hugo and Léa still to do)."
    ]
