"""Absences a family reports ahead (per pupil), from the Courses tab."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eleves.forms import AbsenceSignaleeForm
from eleves.models import AbsenceSignalee, Inscription
from eleves.services import AgendaErreur, absence_retirer, absence_signaler
from eleves.views import annee_courante, contexte_fiche, eleve_de_la_famille
from imuse.portail import vue_portail
from imuse.requetes import ID, ID2, RequeteFigee


def _fiches(eleve_id, annee_id):
    """This year's sheets, for the form's boxes: labelled by their course's code, so the
    course is all they join (not the 8 tables of a course sheet page)."""
    return (
        Inscription.objects.filter(eleve=eleve_id, cours__annee=annee_id)
        .select_related("cours")
        .order_by("cours__code")
    )


# The form's boxes on every display of the page: compiled once (imuse/requetes.py).
_FICHES = RequeteFigee(_fiches, ID, ID2)


# The pupil's reported absences (withdrawn ones aside), newest first: compiled once
# (imuse/requetes.py); the courses of each come with the prefetch.
_SIGNALEES = RequeteFigee(
    lambda eleve_id: (
        AbsenceSignalee.objects.filter(eleve=eleve_id)
        .exclude(statut=AbsenceSignalee.Statut.RETIREE)
        .prefetch_related("inscriptions__cours")
        .order_by("-debut")
    ),
    ID,
)


@vue_portail
def absences(request: HttpRequest, pk: int) -> HttpResponse:
    """The pupil's reported absences, and the form to report one."""
    eleve = eleve_de_la_famille(request, pk)
    annee = annee_courante(request)
    annee_id = annee.pk if annee is not None else None
    fiches = _fiches(eleve.pk, annee_id)
    statut = 200
    if request.method == "POST":
        form = AbsenceSignaleeForm(request.POST, fiches=fiches)
        if form.is_valid():
            try:
                absence_signaler(
                    eleve=eleve,
                    debut=form.cleaned_data["debut"],
                    fin=form.cleaned_data["fin"],
                    inscriptions=form.choix_inscriptions,
                    motif=form.cleaned_data["motif"],
                    par=request.user,
                )
            except AgendaErreur as erreur:
                form.add_error(None, str(erreur))
            else:
                messages.success(
                    request,
                    _("The absence has been reported to the school. Thank you for telling us."),
                )
                return redirect("eleves:absences", eleve.pk)
        statut = 400
    else:
        form = AbsenceSignaleeForm(fiches=fiches, lignes=_FICHES.lister(eleve.pk, annee_id))
    signalees = _SIGNALEES.lister(eleve.pk)
    aujourd_hui = timezone.localdate()
    contexte = contexte_fiche(request, eleve, "cours") | {
        "form": form,
        # Read once: the boxes list the same rows (ChoixMultiplesLus), no exists() query.
        "a_des_fiches": bool(form.fields["inscriptions"].choices),
        "signalees": [(a, a.retirable(aujourd_hui)) for a in signalees],
    }
    return render(request, "eleves/absences_signalees.html", contexte, status=statut)


@require_POST
@vue_portail
def absence_retrait(request: HttpRequest, pk: int, absence_pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    absence = get_object_or_404(
        AbsenceSignalee.objects.de_la_famille(request.portail.famille).filter(eleve=eleve),
        pk=absence_pk,
    )
    try:
        absence_retirer(absence=absence, par=request.user)
    except AgendaErreur as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, _("The reported absence has been withdrawn."))
    return redirect("eleves:absences", eleve.pk)
