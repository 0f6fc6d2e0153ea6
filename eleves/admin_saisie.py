"""Admin pages of bulk entry: an evaluation of a course as one grid (from the course),
and the bulletins as one ZIP (from the pupil documents). Wired by eleves/admin.py into
CoursAdmin and DocumentEleveAdmin, whose site restriction they go through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eleves import saisie
from eleves.forms_saisie import FORMATS_DATE, BulletinsForm, CelluleForm, EnteteGrilleForm
from eleves.models import DepotBulletins, DocumentEleve
from eleves.saisie_fond import bulletins_lancer
from imuse.admin_base import site_du_staff


def _date(texte: str) -> dt.date | None:
    for format_ in FORMATS_DATE:
        try:
            return dt.datetime.strptime(texte, format_).date()  # noqa: DTZ007 (a date)
        except (TypeError, ValueError):
            continue
    return None


def _sans_zeros(note: Decimal | None) -> Decimal | None:
    """14.50 -> 14.5 and 10.00 -> 10, as staff typed them."""
    if note is None:
        return None
    return note.quantize(Decimal(1)) if note == note.to_integral() else note.normalize()


def _url_grille(cours, date: dt.date | None = None, type_evaluation: str = "") -> str:
    url = reverse("admin:eleves_cours_grille", args=[cours.pk])
    if date and type_evaluation:
        url += "?" + urlencode({"date": date.isoformat(), "type": type_evaluation})
    return url


def grille(modeladmin, request, pk: int):
    """GET: the grid (empty, or an evaluation already entered: ?date=&type=).
    POST: save it, each cell checked with its error beside it; or publish it."""
    cours = get_object_or_404(
        modeladmin.get_queryset(request).select_related("annee", "discipline"), pk=pk
    )
    if not request.user.has_perm("eleves.change_evaluation") or not request.user.has_perm(
        "eleves.add_evaluation"
    ):
        raise PermissionDenied
    fiches = list(saisie.fiches_du_cours(cours))
    if request.method == "POST" and request.POST.get("action") == "publier":
        return _publier_grille(request, cours)
    date = _date(request.GET.get("date", ""))
    type_evaluation = request.GET.get("type", "").strip()
    existantes = {}
    if date and type_evaluation:
        existantes = {
            e.inscription_id: e
            for e in saisie.evaluations_de_la_grille(cours, date, type_evaluation)
        }
    if request.method == "POST":
        entete = EnteteGrilleForm(request.POST)
        denominateur = entete.cleaned_data["denominateur"] if entete.is_valid() else None
        lignes = [
            (
                i,
                CelluleForm(
                    request.POST, prefix=f"e{i.pk}", eleve=i.eleve, denominateur=denominateur
                ),
            )
            for i in fiches
        ]
        if entete.is_valid() and all(form.is_valid() for _i, form in lignes):
            donnees = entete.cleaned_data
            try:
                compte = saisie.grille_enregistrer(
                    cours=cours,
                    date=donnees["date"],
                    type_evaluation=donnees["type_evaluation"],
                    denominateur=donnees["denominateur"],
                    cellules=[
                        saisie.Cellule(
                            inscription=i,
                            note=form.cleaned_data["note"],
                            appreciation=form.cleaned_data["appreciation"],
                            absent=form.cleaned_data["absent"],
                        )
                        for i, form in lignes
                    ],
                    par=request.user,
                )
            except saisie.SaisieErreur as erreur:
                messages.error(request, erreur.message)
            else:
                messages.success(
                    request,
                    _(
                        "Evaluation saved: %(creees)d entered, %(modifiees)d updated, "
                        "%(supprimees)d removed. The families see it once published."
                    )
                    % compte,
                )
                return HttpResponseRedirect(
                    _url_grille(cours, donnees["date"], donnees["type_evaluation"].strip())
                )
    else:
        premiere = next(iter(existantes.values()), None)
        entete = EnteteGrilleForm(
            initial={
                "date": date or timezone.localdate(),
                "type_evaluation": type_evaluation,
                "denominateur": premiere.denominateur if premiere else 20,
            }
        )
        lignes = []
        for i in fiches:
            e = existantes.get(i.pk)
            initial = (
                {"note": _sans_zeros(e.note), "absent": e.absent, "appreciation": e.appreciation}
                if e
                else {}
            )
            lignes.append((i, CelluleForm(initial=initial, prefix=f"e{i.pk}", eleve=i.eleve)))
    erreurs = sum(bool(form.errors) for _i, form in lignes) if request.method == "POST" else 0
    a_publier = sum(1 for e in existantes.values() if not e.publiee)
    return TemplateResponse(
        request,
        "admin/eleves/cours/grille.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Evaluation of %(cours)s") % {"cours": cours.code},
            "cours": cours,
            "entete": entete,
            "lignes": [(i, form, existantes.get(i.pk)) for i, form in lignes],
            "erreurs": erreurs,
            "date": date if existantes else None,
            "type_evaluation": type_evaluation,
            "a_publier": a_publier,
            "grilles": saisie.grilles_du_cours(cours),
        },
    )


def _publier_grille(request, cours):
    date = _date(request.POST.get("date", ""))
    type_evaluation = request.POST.get("type", "").strip()
    if not (date and type_evaluation):
        messages.error(request, _("Choose the evaluation to publish."))
        return HttpResponseRedirect(_url_grille(cours))
    n = saisie.grille_publier(
        cours=cours, date=date, type_evaluation=type_evaluation, par=request.user
    )
    messages.success(
        request,
        ngettext(
            "%(n)d evaluation published: the families are told in the daily digest.",
            "%(n)d evaluations published: the families are told in the daily digest.",
            n,
        )
        % {"n": n},
    )
    return HttpResponseRedirect(_url_grille(cours, date, type_evaluation))


def bulletins(modeladmin, request):
    """GET: the upload form. POST: read the archive, store what matches (unpublished)
    and show the report, with the button that publishes them."""
    if not request.user.has_perm("eleves.add_documenteleve"):
        raise PermissionDenied
    etablissement = site_du_staff(request)
    rapport = None
    if request.method == "POST":
        form = BulletinsForm(request.POST, request.FILES, etablissement=etablissement)
        if form.is_valid():
            annee = form.cleaned_data["annee"]
            archive = form.cleaned_data["archive"]
            try:
                if archive.size > settings.BULLETINS_TAILLE_SYNCHRONE:
                    return _lancer_en_fond(request, form.cleaned_data)
                rapport = saisie.bulletins_importer(
                    etablissement=annee.etablissement,
                    archive=form.cleaned_data["archive"],
                    annee=annee,
                    titre=form.cleaned_data["titre"],
                    par=request.user,
                )
            except saisie.SaisieErreur as erreur:
                form.add_error("archive", erreur.message)
    else:
        form = BulletinsForm(etablissement=etablissement)
        if request.GET.get("depot", "").isdigit():
            rapport = _rapport_du_depot(modeladmin, request, int(request.GET["depot"]))
    return TemplateResponse(
        request,
        "admin/eleves/documenteleve/bulletins.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Upload the bulletins (ZIP)"),
            "form": form,
            "rapport": rapport,
        },
    )


def _lancer_en_fond(request, donnees):
    """A big archive: kept and read by a background task; its page shows the progress."""
    annee = donnees["annee"]
    depot = bulletins_lancer(
        etablissement=annee.etablissement,
        archive=donnees["archive"],
        annee=annee,
        titre=donnees["titre"],
        par=request.user,
    )
    messages.success(
        request,
        _(
            "The archive is big: it is read in the background. This page shows the "
            "progress; its report and the button that publishes the bulletins follow."
        ),
    )
    return HttpResponseRedirect(reverse("admin:eleves_depotbulletins_change", args=[depot.pk]))


@dataclass
class _RapportDepot:
    documents: list
    refus: list


def _rapport_du_depot(modeladmin, request, pk: int) -> _RapportDepot:
    """The report of a finished background run, as the page shows a small archive's."""
    depots = DepotBulletins.objects.filter(statut=DepotBulletins.Statut.TERMINE)
    site = site_du_staff(request)
    if site is not None:
        depots = depots.filter(etablissement=site)
    depot = get_object_or_404(depots, pk=pk)
    documents = (
        modeladmin.get_queryset(request)
        .filter(pk__in=depot.documents)
        .select_related("eleve__famille")
        .order_by("eleve__nom", "eleve__prenom")
    )
    return _RapportDepot(documents=list(documents), refus=depot.refus)


def bulletins_publier(modeladmin, request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm("eleves.change_documenteleve"):
        raise PermissionDenied
    ids = [int(v) for v in request.POST.getlist("document") if v.isdigit()]
    documents = (
        modeladmin.get_queryset(request)
        .filter(pk__in=ids, visible_famille=False, type_document=DocumentEleve.Type.BULLETIN)
        .select_related("eleve__famille")
    )
    n = saisie.bulletins_publier(documents=list(documents), par=request.user)
    messages.success(
        request,
        ngettext(
            "%(n)d bulletin published: the family is told.",
            "%(n)d bulletins published: the families are told.",
            n,
        )
        % {"n": n},
    )
    return HttpResponseRedirect(
        reverse("admin:eleves_documenteleve_changelist") + "?visible_famille__exact=1"
    )
