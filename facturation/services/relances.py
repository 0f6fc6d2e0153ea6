"""Payment reminders (relances) in three levels: 1 relance, 2 seconde relance, 3 mise en
demeure (docs/facturation.md, "Relances").

- `relances_apercu(familles)` (a read): for each family, the next level and the amount
  overdue, or why it is skipped (nothing overdue, reminded less than 10 days ago, formal
  notice already sent). A fixed number of queries whatever the selection.
- `relance_envoyer(famille=…)`: one family, under its lock: the Relance row (a snapshot of
  its overdue invoices and of its address), the e-mail to each guardian through the outbox
  with the letter's link, or, with no usable address, the letter to print. Journaled.
- `relances_lancer(familles=…)` starts a selection as a background run (EnvoiRelances,
  task `envoyer_relances`) whose page shows the progress and the report.

The level follows the family's reminders since the due date of its oldest overdue
invoice: a family that paid everything and falls behind again starts at level 1.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from facturation.models import EnvoiRelances, Facture, Niveau, Relance
from facturation.notifications import relance_notifier
from facturation.services.factures import FacturationError, _destinataire
from facturation.suivi import dues
from facturation.templatetags.facturation import format_euros
from famille.models import Famille
from imuse.journal import journaliser

log = logging.getLogger("facturation.relances")

DELAI_ENTRE_RELANCES = timedelta(days=10)
LOT = 25


@dataclass
class Proposition:
    """What a reminder to `famille` would be, or `raison` why none is sent."""

    famille: Famille
    niveau: int = 0
    montant: Decimal = Decimal("0.00")
    factures: list = field(default_factory=list)
    precedentes: list = field(default_factory=list)
    raison: str = ""

    @property
    def niveau_libelle(self) -> str:
        return Niveau(self.niveau).label if self.niveau else ""


def _echues(famille_ids, jour: date):
    """The overdue invoices of these families, oldest due date first (one query)."""
    return list(
        dues(Facture.objects.filter(famille__in=famille_ids))
        .filter(date_echeance__lt=jour)
        .order_by("famille", "date_echeance", "pk")
    )


def _proposer(familles: list, jour: date) -> list[Proposition]:
    ids = [f.pk for f in familles]
    echues: dict[int, list] = {i: [] for i in ids}
    for facture in _echues(ids, jour):
        echues[facture.famille_id].append(facture)
    relances: dict[int, list] = {i: [] for i in ids}
    for relance in Relance.objects.filter(famille__in=ids).order_by("date", "pk"):
        relances[relance.famille_id].append(relance)
    a_venir = set(
        dues(Facture.objects.filter(famille__in=ids))
        .exclude(date_echeance__lt=jour)
        .values_list("famille", flat=True)
    )
    propositions = []
    for famille in familles:
        factures = echues[famille.pk]
        if not factures:
            raison = (
                _("Nothing overdue yet: its invoices are not past their due date.")
                if famille.pk in a_venir
                else _("Nothing left to pay.")
            )
            propositions.append(Proposition(famille, raison=raison))
            continue
        depuis = factures[0].date_echeance
        precedentes = [r for r in relances[famille.pk] if r.date >= depuis]
        proposition = Proposition(
            famille,
            niveau=min(len(precedentes) and max(r.niveau for r in precedentes), 2) + 1,
            montant=sum((f.reste_suivi for f in factures), Decimal("0.00")),
            factures=factures,
            precedentes=precedentes,
        )
        derniere = precedentes[-1] if precedentes else None
        if derniere is not None and derniere.niveau == Niveau.MISE_EN_DEMEURE:
            proposition.raison = _(
                "Formal notice already sent on %(date)s: hand the debt to the public accountant."
            ) % {"date": derniere.date.strftime("%d/%m/%Y")}
        elif derniere is not None and derniere.date > jour - DELAI_ENTRE_RELANCES:
            proposition.raison = _(
                "Reminded on %(date)s: wait %(jours)s days between two reminders."
            ) % {"date": derniere.date.strftime("%d/%m/%Y"), "jours": DELAI_ENTRE_RELANCES.days}
        propositions.append(proposition)
    return propositions


def relances_apercu(familles, jour: date | None = None) -> list[Proposition]:
    """The reminder each family of `familles` would get (a read, bounded queries)."""
    return _proposer(list(familles), jour or timezone.localdate())


@transaction.atomic
def relance_envoyer(
    *, famille: Famille, par, jour: date | None = None, envoi: EnvoiRelances | None = None
) -> Relance:
    """Send the family its next reminder; FacturationError (why) when none is due."""
    famille = (
        Famille.objects.select_for_update(of=("self",))
        .select_related("etablissement")
        .get(pk=famille.pk)
    )
    jour = jour or timezone.localdate()
    (proposition,) = _proposer([famille], jour)
    if proposition.raison:
        raise FacturationError(proposition.raison)
    relance = Relance.objects.create(
        etablissement_id=famille.etablissement_id,
        famille=famille,
        facture=proposition.factures[0],
        niveau=proposition.niveau,
        date=jour,
        montant=proposition.montant,
        factures=[
            {
                "numero": f.numero,
                "date_emission": f.date_emission.isoformat(),
                "date_echeance": f.date_echeance.isoformat(),
                "montant": str(f.net),
                "reste": str(f.reste_suivi),
            }
            for f in proposition.factures
        ],
        destinataire=_destinataire(famille),
        envoi=envoi,
        envoyee_par=par,
    )
    courriels = relance_notifier(relance=relance)
    relance.courriel = courriels[0] if courriels else None
    relance.par_courrier = not courriels
    relance.save(update_fields=["courriel", "par_courrier"])
    journaliser(
        famille,
        "relance.envoyer",
        par=par,
        relance=relance.pk,
        niveau=relance.niveau,
        montant=relance.montant,
        factures=[f["numero"] for f in relance.factures],
        courriels=len(courriels),
    )
    log.info(
        "Reminder level %s to family %s: %s",
        relance.niveau,
        famille.pk,
        format_euros(relance.montant),
    )
    return relance


@transaction.atomic
def relances_lancer(*, familles, par, etablissement) -> EnvoiRelances:
    """Start sending reminders to `familles` (of `etablissement`) in the background."""
    ids = sorted({f.pk for f in familles if f.etablissement_id == etablissement.pk})
    if not ids:
        raise FacturationError(_("Select at least one family of your school."))
    envoi = EnvoiRelances.objects.create(
        etablissement=etablissement, familles=ids, total=len(ids), cree_par=par
    )
    journaliser(envoi, "relances.lancer", par=par, familles=len(ids))
    transaction.on_commit(lambda: envoyer_relances.enqueue(envoi.pk))
    return envoi


def envoi_executer(*, envoi: EnvoiRelances) -> EnvoiRelances:
    """Send the run's reminders by batches, saving the progress after each (the task)."""
    EnvoiRelances.objects.filter(pk=envoi.pk).update(statut=EnvoiRelances.Statut.EN_COURS)
    ignorees, erreurs = [], []
    for debut in range(0, len(envoi.familles), LOT):
        lot = list(
            Famille.objects.filter(
                pk__in=envoi.familles[debut : debut + LOT], etablissement=envoi.etablissement_id
            ).order_by("nom", "pk")
        )
        envoyees, a_imprimer = 0, 0
        for famille in lot:
            try:
                relance = relance_envoyer(famille=famille, par=envoi.cree_par, envoi=envoi)
            except FacturationError as raison:
                ignorees.append(
                    {"famille": famille.numero, "nom": famille.nom, "raison": str(raison)}
                )
            except Exception as erreur:  # noqa: BLE001 (reported, the next family goes on)
                log.exception("Reminders %s: family %s failed", envoi.pk, famille.pk)
                erreurs.append({"famille": famille.numero, "erreur": str(erreur)[:200]})
            else:
                envoyees += 1
                a_imprimer += relance.par_courrier
        EnvoiRelances.objects.filter(pk=envoi.pk).update(
            traitees=F("traitees") + len(lot),
            relances=F("relances") + envoyees,
            a_imprimer=F("a_imprimer") + a_imprimer,
        )
    with transaction.atomic():
        envoi = EnvoiRelances.objects.select_for_update().get(pk=envoi.pk)
        envoi.ignorees = ignorees
        envoi.erreurs = erreurs
        envoi.traitees = envoi.total
        envoi.statut = EnvoiRelances.Statut.ECHEC if erreurs else EnvoiRelances.Statut.TERMINE
        envoi.termine_le = timezone.now()
        envoi.save(update_fields=["ignorees", "erreurs", "traitees", "statut", "termine_le"])
        journaliser(
            envoi,
            "relances.terminer",
            par=None,
            relances=envoi.relances,
            a_imprimer=envoi.a_imprimer,
            ignorees=len(ignorees),
            erreurs=len(erreurs),
        )
    return envoi


@task()
def envoyer_relances(envoi_id: int) -> int:
    envoi = EnvoiRelances.objects.get(pk=envoi_id)
    return envoi_executer(envoi=envoi).relances
