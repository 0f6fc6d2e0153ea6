"""Demo invoicing: payment settings (sandbox at Valognes, PayFiP test mode at Cherbourg),
five years of invoices for the ABARRE family (both natures, payments by several modes, a
cancelled invoice, a violin rental, one unpaid invoice to pay in the sandbox), and an
invoice or two for every other family."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eleves.models import Eleve, Inscription
from facturation import demo_sepa
from facturation.models import (
    Facture,
    Instrument,
    Location,
    ModeReglement,
    Nature,
    ParametresPaiement,
    Relance,
)
from facturation.services import (
    Ligne,
    facture_annuler,
    facture_creer,
    location_facturer,
    reglement_enregistrer,
)
from facturation.services.relances import relance_envoyer, relances_apercu
from imuse.demo import MOT_DE_PASSE_DEMO

COTISATION = Decimal("168.00")
REMISE_FRATRIE = Decimal("16.80")
MODES = [
    (ModeReglement.CHEQUE, "98135"),
    (ModeReglement.PRELEVEMENT, "Prélèvement octobre"),
    (ModeReglement.CHEQUES_VACANCES, "ANCV 12 chèques"),
    (ModeReglement.VIREMENT, "VIR ABARRE"),
    (ModeReglement.CARTE_EN_LIGNE, "Paiement en ligne"),
]


def _parametres(ctx) -> None:
    ParametresPaiement.objects.get_or_create(
        etablissement=ctx.etablissement,
        defaults={"backend": ParametresPaiement.Backend.BAC_A_SABLE},
    )
    ParametresPaiement.objects.get_or_create(
        etablissement=ctx.autre_etablissement,
        defaults={"backend": ParametresPaiement.Backend.PAYFIP, "numcli": "123456", "saisie": "T"},
    )


def _inscrits(eleves, annee: int) -> list:
    """The pupils with a course sheet in the school year starting in `annee`."""
    inscrits = set(
        Inscription.objects.filter(eleve__in=eleves, cours__annee__debut__year=annee).values_list(
            "eleve_id", flat=True
        )
    )
    return [eleve for eleve in eleves if eleve.pk in inscrits] or eleves[:1]


def _lignes(eleves, annee: int) -> list[Ligne]:
    lignes = []
    for i, eleve in enumerate(_inscrits(eleves, annee)):
        lignes.append(
            Ligne(
                f"Cotisation {annee}/{annee + 1} — formation musicale et instrument",
                COTISATION,
                remise=REMISE_FRATRIE if i else Decimal("0"),
                eleve=eleve,
            )
        )
    return lignes


def _location(ctx, famille, eleve, annee: int, mode) -> None:
    violon, _ = Instrument.objects.get_or_create(
        etablissement=ctx.etablissement,
        numero_inventaire="VL-034",
        defaults={"nom": "Violon 3/4", "marque": "Stentor", "numero_serie": "ST1400-2291"},
    )
    location = Location.objects.create(
        instrument=violon,
        eleve=eleve,
        date_debut=date(annee, 9, 15),
        date_fin=date(annee + 1, 6, 30),
        loyer=Decimal("90.00"),
    )
    facture = location_facturer(location=location, par=None, jour=date(annee, 9, 20))
    reglement_enregistrer(
        famille=famille,
        nature=Nature.LOCATION,
        mode=mode,
        montant=facture.montant,
        par=None,
        jour=date(annee, 10, 3),
        reference="Location violon" if mode == ModeReglement.ESPECES else "4471203",
    )


def _famille_demo(ctx) -> None:
    famille = ctx.famille_demo
    if Facture.objects.filter(famille=famille).exists():
        return
    eleves = list(Eleve.objects.de_la_famille(famille).order_by("date_naissance", "prenom"))
    if not eleves:
        return
    # The violin is rented to the pupil who learns it.
    violoniste = next(
        (e for e in eleves if e.inscriptions.filter(cours__discipline__nom="Violon").exists()),
        eleves[0],
    )
    debut = ctx.aujourdhui.year if ctx.aujourdhui.month >= 9 else ctx.aujourdhui.year - 1
    for n, annee in enumerate(range(debut - 4, debut + 1)):
        if annee >= debut - 1:
            mode = ModeReglement.ESPECES if annee < debut else ModeReglement.CHEQUE
            _location(ctx, famille, violoniste, annee, mode)
        if annee == debut - 3:
            # An invoice issued with a mistake, cancelled by a credit note, then reissued.
            erronee = facture_creer(
                famille=famille,
                nature=Nature.COTISATION,
                lignes=[Ligne("Cotisation (erreur de tarif)", Decimal("240.00"), eleve=eleves[0])],
                par=None,
                date_emission=date(annee, 10, 2),
            )
            facture_annuler(
                facture=erronee, motif="Erreur de tarif", par=None, jour=date(annee, 10, 9)
            )
        facture = facture_creer(
            famille=famille,
            nature=Nature.COTISATION,
            lignes=_lignes(eleves, annee),
            par=None,
            date_emission=date(annee, 10, 11),
        )
        if annee == debut:
            continue  # the invoice to pay in the sandbox
        mode, reference = MODES[n % len(MODES)]
        if mode == ModeReglement.PRELEVEMENT:
            # Three direct debits, each allocated to the invoice.
            tiers = (facture.montant / 3).quantize(Decimal("0.01"))
            for mois, part in ((11, tiers), (12, tiers), (1, facture.montant - 2 * tiers)):
                reglement_enregistrer(
                    famille=famille,
                    nature=Nature.COTISATION,
                    mode=mode,
                    montant=part,
                    par=None,
                    jour=date(annee + (mois == 1), mois, 5),
                    reference=f"Prélèvement {mois:02d}",
                    imputations=[(facture, part)],
                )
        else:
            reglement_enregistrer(
                famille=famille,
                nature=Nature.COTISATION,
                mode=mode,
                montant=facture.montant,
                par=None,
                jour=date(annee, 11, 19),
                reference=reference,
                payeur="ABARRE Jérémie",
            )


def _autres(ctx, familles) -> int:
    rng = ctx.rng
    total = 0
    for famille in familles:
        if Facture.objects.filter(famille=famille).exists():
            continue
        eleves = list(Eleve.objects.de_la_famille(famille))
        if not eleves:
            continue
        annee = ctx.aujourdhui.year if ctx.aujourdhui.month >= 9 else ctx.aujourdhui.year - 1
        for an in (annee - 1, annee):
            facture = facture_creer(
                famille=famille,
                nature=Nature.COTISATION,
                lignes=_lignes(eleves, an),
                par=None,
                date_emission=date(an, 10, rng.randint(5, 25)),
            )
            total += 1
            if an < annee or rng.random() < 0.6:
                mode, reference = rng.choice(MODES[:4])
                reglement_enregistrer(
                    famille=famille,
                    nature=Nature.COTISATION,
                    mode=mode,
                    montant=facture.montant,
                    par=None,
                    jour=date(an, 11, rng.randint(1, 20)),
                    reference=reference
                    if mode != ModeReglement.CHEQUE
                    else str(rng.randint(100_000, 999_999)),
                )
    return total


def charger(ctx) -> list[str]:
    _parametres(ctx)
    _famille_demo(ctx)
    autres = _autres(ctx, [*ctx.autres_familles, *ctx.familles_site2])
    lignes = ["  Invoicing: the ABARRE family has one unpaid invoice to pay in the sandbox."]
    lignes += demo_sepa.charger(ctx)
    if autres:
        lignes.append(f"  {autres} invoices issued to the other families.")
    lignes += _relance_demo(ctx)
    return lignes


def _relance_demo(ctx) -> list[str]:
    """A first reminder sent to a family with an overdue invoice (Accueil shows it)."""
    if Relance.objects.filter(etablissement=ctx.etablissement).exists():
        return []
    for proposition in relances_apercu(ctx.autres_familles[1:]):
        if not proposition.raison:
            relance = relance_envoyer(famille=proposition.famille, par=None)
            r1 = proposition.famille.responsables.filter(rang=1).select_related("utilisateur")
            compte = getattr(r1.first(), "utilisateur", None)
            if compte is not None and not compte.has_usable_password():
                # Demo only: so that whoever runs `make run` can see the reminder.
                compte.set_password(MOT_DE_PASSE_DEMO)
                compte.save(update_fields=["password"])
            qui = f" (log in as {compte.identifiant} / {MOT_DE_PASSE_DEMO})" if compte else ""
            return [
                f"  Reminder level {relance.niveau} sent to {proposition.famille.nom}{qui}; "
                "Facturation → Relances de paiement lists it."
            ]
    return []
