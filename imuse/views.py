from __future__ import annotations

from datetime import datetime, time, timedelta

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control

from imuse import extensions
from imuse.menu import urls_entiers
from imuse.models import Etablissement
from imuse.portail import portail_de, vue_portail
from imuse.suivant import est_chemin_local


def racine(request: HttpRequest) -> HttpResponse:
    return redirect("portail:accueil" if request.user.is_authenticated else "comptes:connexion")


# On a first visit, "What's new" covers this many days.
PREMIERE_VISITE = timedelta(days=30)
NOUVEAUTES_MAX = 15


def _instant(quand) -> datetime:
    if isinstance(quand, datetime):
        return quand
    return timezone.make_aware(datetime.combine(quand, time(23, 59)))


def admin_connexion(request: HttpRequest) -> HttpResponse:
    """The admin's login: staff log in through the portal's page, which knows the site;
    a family account already logged in is told plainly the admin is not for it (sending
    it to the login page would bring it back here, round and round)."""
    if request.user.is_authenticated and not request.user.is_staff:
        return render(request, "portail/reserve_au_personnel.html", status=403)
    url = reverse("comptes:connexion")
    suivant = request.GET.get("next", "")
    if est_chemin_local(suivant, request):
        url += "?" + urlencode({"next": suivant})
    return redirect(url)


@vue_portail
def accueil(request: HttpRequest) -> HttpResponse:
    lien = urls_entiers("eleves:fiche")  # reversed once per process (imuse/menu.py)
    eleves = [(eleve, lien(eleve.pk)) for eleve in request.portail.eleves]
    notices = extensions.appeler("accueil_notices", request)
    precedente = request.portail.visite_precedente
    depuis = precedente or timezone.now() - PREMIERE_VISITE
    nouveautes = sorted(
        extensions.appeler("nouveautes", request.portail, depuis),
        key=lambda n: _instant(n.quand),
        reverse=True,
    )
    contexte = {
        "eleves": eleves,
        "notices": notices,
        "nouveautes": nouveautes[:NOUVEAUTES_MAX],
        "nouveautes_depuis": precedente,
    }
    return render(request, "portail/accueil.html", contexte)


def confidentialites(request: HttpRequest) -> HttpResponse:
    """The privacy pages of the schools (straight to the only one if there is one)."""
    etablissements = list(Etablissement.objects.order_by("nom"))
    if len(etablissements) == 1:
        return redirect("confidentialite", etablissements[0].code)
    return render(request, "portail/confidentialites.html", {"etablissements": etablissements})


def confidentialite(request: HttpRequest, code: str) -> HttpResponse:
    """A school's privacy page (public): controller, purposes, retention, rights, contact."""
    ecole = get_object_or_404(Etablissement, code=code)
    base = "portail/public.html" if portail_de(request) is None else "portail/layout.html"
    return render(request, "portail/confidentialite.html", {"ecole": ecole, "base": base})


@cache_control(max_age=3600)
def logo(request: HttpRequest, code: str) -> FileResponse:
    """The school's logo: public (it shows on the login page), images only."""
    etablissement = get_object_or_404(Etablissement, code=code)
    if not etablissement.logo:
        raise Http404
    nom = etablissement.logo.name.lower()
    content_type = "image/jpeg" if nom.endswith((".jpg", ".jpeg")) else "image/png"
    response = FileResponse(etablissement.logo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
