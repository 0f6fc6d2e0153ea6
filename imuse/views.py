from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from imuse import extensions
from imuse.models import Etablissement
from imuse.portail import vue_portail


def racine(request: HttpRequest) -> HttpResponse:
    return redirect("portail:accueil" if request.user.is_authenticated else "comptes:connexion")


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
