"""Pages of the Accessibilité menu. They open logged in (portal layout and menu) and logged
out (public layout), so that the login page can point to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eleves.models import Eleve
from facturation.pdf import rendre_pdf, reponse_pdf
from imuse.accessibilite.services import mode_accessible_choisir
from imuse.menu import ACCESSKEY_DECONNEXION, MENU, url_ou_vide
from imuse.models import Etablissement
from imuse.portail import responsable_de

# The statement's dates: update them with each new audit.
DATE_DECLARATION = date(2026, 11, 22)
DATE_AUDIT = date(2026, 11, 22)

# How each browser and system triggers an access key (`accesskey`), shown in the help.
COMBINAISONS = [
    (gettext_lazy("Firefox"), gettext_lazy("Windows, Linux"), gettext_lazy("Alt + Shift + key")),
    (
        gettext_lazy("Chrome, Edge, Opera"),
        gettext_lazy("Windows"),
        gettext_lazy("Alt + key (or Alt + Shift + key)"),
    ),
    (gettext_lazy("Chrome, Edge, Opera"), gettext_lazy("Linux"), gettext_lazy("Alt + Shift + key")),
    (
        gettext_lazy("Safari, Chrome, Firefox, Edge"),
        gettext_lazy("macOS"),
        gettext_lazy("Control + Option + key"),
    ),
]


@dataclass
class Lien:
    """One entry of the site map, with its sub-entries."""

    libelle: str
    url: str
    enfants: list[Lien] = field(default_factory=list)


def _mise_en_page(request: HttpRequest) -> str:
    """The portal layout for a family account, the public one otherwise."""
    user = request.user
    if user.is_authenticated and not user.is_staff:
        responsable = responsable_de(user)
        if responsable is not None:
            request.responsable = responsable
            request.famille = responsable.famille
            request.etablissement = responsable.famille.etablissement
            return "portail/layout.html"
    return "portail/public.html"


def _rendre(
    request: HttpRequest, gabarit: str, contexte: dict | None = None, mise_en_page: str = ""
) -> HttpResponse:
    mise_en_page = mise_en_page or _mise_en_page(request)
    connecte = mise_en_page == "portail/layout.html"
    contexte = {
        "mise_en_page": mise_en_page,
        "connecte": connecte,
        "url_retour": url_ou_vide("portail:accueil" if connecte else "comptes:connexion"),
        **(contexte or {}),
    }
    return render(request, gabarit, contexte)


def contexte_aide_clavier() -> dict:
    raccourcis = [(accesskey, libelle) for _nom, libelle, accesskey, _espace in MENU]
    raccourcis.append((ACCESSKEY_DECONNEXION, gettext_lazy("Log out")))
    return {"raccourcis": raccourcis, "combinaisons": COMBINAISONS}


def index(request: HttpRequest) -> HttpResponse:
    return _rendre(request, "accessibilite/index.html", contexte_aide_clavier())


@require_POST
def mode(request: HttpRequest) -> HttpResponse:
    """The accessible mode switch: a plain form button, so it works without JavaScript."""
    actif = request.POST.get("actif") == "1"
    mode_accessible_choisir(session=request.session, utilisateur=request.user, actif=actif)
    messages.success(
        request,
        _("The accessible mode is on.") if actif else _("The accessible mode is off."),
    )
    suivant = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        suivant = url_ou_vide("accessibilite:index")
    return redirect(suivant)


def aide_pdf(request: HttpRequest) -> HttpResponse:
    """The keyboard help as a tagged PDF (PDF/UA-1), to keep or print."""
    contenu = rendre_pdf(
        "accessibilite/aide_pdf.html",
        contexte_aide_clavier(),
        title=_("Accessibility help — Family portal"),
    )
    return reponse_pdf(contenu, "aide-accessibilite.pdf", attachement=True)


def _plan_eleve(request: HttpRequest, eleve: Eleve) -> Lien:
    lien = Lien(str(eleve), url_ou_vide("eleves:fiche", eleve.pk))
    try:
        from eleves.views import onglets_fiche
    except ImportError:  # the pupil file is not built yet
        return lien
    lien.enfants = [Lien(str(o.libelle), o.url) for o in onglets_fiche(request, eleve)]
    return lien


def _plan(request: HttpRequest, connecte: bool) -> list[Lien]:
    def entree(nom: str, libelle, *args) -> list[Lien]:
        url = url_ou_vide(nom, *args)
        return [Lien(str(libelle), url)] if url else []

    accessibilite = Lien(_("Accessibility"), url_ou_vide("accessibilite:index"))
    accessibilite.enfants = [
        *entree("accessibilite:aide", _("Help")),
        *entree("accessibilite:plan", _("Site map")),
        *entree("accessibilite:declaration", _("Accessibility statement")),
    ]
    if not connecte:
        return [
            *entree("comptes:connexion", _("Log in")),
            *entree("comptes:mot_de_passe_perdu", _("Lost password")),
            accessibilite,
        ]
    eleves = Lien(_("Pupils"), url_ou_vide("eleves:index"))
    if eleves.url:
        for eleve in Eleve.objects.de_la_famille(request.famille).order_by("prenom", "pk"):
            eleves.enfants.append(_plan_eleve(request, eleve))
    facturation = entree("facturation:index", _("Invoicing"))
    return [
        *entree("portail:accueil", _("Home")),
        *entree("famille:fiche", _("Family")),
        *([eleves] if eleves.url else []),
        *facturation,
        *entree("reinscription:index", _("Re-enrolment")),
        accessibilite,
        *entree("comptes:mot_de_passe", _("Password")),
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
    if hasattr(request, "etablissement"):
        return request.etablissement
    etablissements = list(Etablissement.objects.all()[:2])
    return etablissements[0] if len(etablissements) == 1 else None


def declaration(request: HttpRequest) -> HttpResponse:
    mise_en_page = _mise_en_page(request)
    contexte = {
        "etablissement_declarant": _etablissement(request),
        "date_declaration": DATE_DECLARATION,
        "date_audit": DATE_AUDIT,
    }
    return _rendre(request, "accessibilite/declaration.html", contexte, mise_en_page)
