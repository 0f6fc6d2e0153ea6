"""Pages of the Accessibilité menu. They open logged in (portal layout and menu) and logged
out (public layout), so that the login page can point to them."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imuse import extensions
from imuse.accessibilite.services import mode_accessible_choisir
from imuse.models import Etablissement
from imuse.pdf import rendre_pdf, reponse_pdf
from imuse.portail import Lien, portail_de
from imuse.suivant import chemin_suivant

# The statement's dates: update them with each new audit.
DATE_DECLARATION = date(2026, 11, 22)
DATE_AUDIT = date(2026, 11, 22)


def _mise_en_page(request: HttpRequest) -> str:
    """The portal layout for a family account, the public one otherwise."""
    return "portail/layout.html" if portail_de(request) is not None else "portail/public.html"


def _rendre(
    request: HttpRequest, gabarit: str, contexte: dict | None = None, mise_en_page: str = ""
) -> HttpResponse:
    mise_en_page = mise_en_page or _mise_en_page(request)
    connecte = mise_en_page == "portail/layout.html"
    contexte = {
        "mise_en_page": mise_en_page,
        "connecte": connecte,
        "url_retour": reverse("portail:accueil" if connecte else "comptes:connexion"),
        **(contexte or {}),
    }
    return render(request, gabarit, contexte)


def index(request: HttpRequest) -> HttpResponse:
    return _rendre(request, "accessibilite/index.html")


@require_POST
def mode(request: HttpRequest) -> HttpResponse:
    """The accessible mode switch: a plain form button, so it works without JavaScript."""
    actif = request.POST.get("actif") == "1"
    mode_accessible_choisir(session=request.session, utilisateur=request.user, actif=actif)
    messages.success(
        request,
        _("The accessible mode is on.") if actif else _("The accessible mode is off."),
    )
    return HttpResponseRedirect(chemin_suivant(request))


def aide_pdf(request: HttpRequest) -> HttpResponse:
    """The keyboard help as a tagged PDF (PDF/UA-1), to keep or print."""
    contenu = rendre_pdf(
        "accessibilite/aide_pdf.html",
        {},
        title=_("Accessibility help — Family portal"),
    )
    return reponse_pdf(contenu, "aide-accessibilite.pdf", attachement=True)


def _plan(request: HttpRequest, connecte: bool) -> list[Lien]:
    accessibilite = Lien(_("Accessibility"), reverse("accessibilite:index"))
    accessibilite.enfants = [
        Lien(_("Help"), reverse("accessibilite:aide")),
        Lien(_("Site map"), reverse("accessibilite:plan")),
        Lien(_("Accessibility statement"), reverse("accessibilite:declaration")),
    ]
    if not connecte:
        return [
            Lien(_("Log in"), reverse("comptes:connexion")),
            Lien(_("Lost password"), reverse("comptes:mot_de_passe_perdu")),
            accessibilite,
        ]
    return [
        Lien(_("Home"), reverse("portail:accueil")),
        *extensions.appeler("plan_du_site", request),
        accessibilite,
        Lien(_("Password"), reverse("comptes:mot_de_passe")),
    ]


def plan(request: HttpRequest) -> HttpResponse:
    mise_en_page = _mise_en_page(request)
    connecte = mise_en_page == "portail/layout.html"
    return _rendre(
        request, "accessibilite/plan.html", {"plan": _plan(request, connecte)}, mise_en_page
    )


def aide(request: HttpRequest) -> HttpResponse:
    return _rendre(request, "accessibilite/aide.html")


def _etablissement(request: HttpRequest) -> Etablissement | None:
    portail = portail_de(request)
    if portail is not None:
        return portail.etablissement
    etablissements = list(Etablissement.objects.all()[:2])
    return etablissements[0] if len(etablissements) == 1 else None


def declaration(request: HttpRequest) -> HttpResponse:
    mise_en_page = _mise_en_page(request)
    declarant = _etablissement(request)
    contexte = {
        "etablissement_declarant": declarant,
        # Anonymous visitors of an installation with several schools get every contact.
        "contacts": [declarant] if declarant else list(Etablissement.objects.order_by("nom")),
        "date_declaration": DATE_DECLARATION,
        "date_audit": DATE_AUDIT,
    }
    return _rendre(request, "accessibilite/declaration.html", contexte, mise_en_page)
