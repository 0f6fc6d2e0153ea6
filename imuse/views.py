from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control

from imuse import extensions
from imuse.models import Etablissement
from imuse.portail import vue_portail
from imuse.suivant import est_chemin_local


def racine(request: HttpRequest) -> HttpResponse:
    return redirect("portail:accueil" if request.user.is_authenticated else "comptes:connexion")


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
    eleves = [(eleve, reverse("eleves:fiche", args=[eleve.pk])) for eleve in request.portail.eleves]
    notices = extensions.appeler("accueil_notices", request)
    return render(request, "portail/accueil.html", {"eleves": eleves, "notices": notices})


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
