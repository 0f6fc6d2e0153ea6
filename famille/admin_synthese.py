"""Staff's family overview (issue 11): a search page (name, family number, e-mail or
phone) and, per family, one page with what every app knows of it: guardians and their
account, then the parts of the apps above (extension point "synthese_famille": pupils
and this year's courses, balance and unpaid invoices, pending requests), then the
family's journal as a timeline. Staff reach only their site's families."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from famille.models import Famille, Responsable
from imuse import extensions
from imuse.journal import journal_de_la_famille
from imuse.models import DemandeModification

JOURNAL_LIGNES = 100
RESULTATS = 50


def _invitation(utilisateur) -> str:
    """ "invited on 02/12/2026", "first connection on …", "sending failed"."""
    parties = []
    if utilisateur.invite_le:
        parties.append(
            str(_("invited on %(date)s") % {"date": f"{utilisateur.invite_le:%d/%m/%Y}"})
        )
        courriel = utilisateur.invitation_courriel
        if courriel is not None and courriel.etat == "echec":
            parties.append(str(_("sending failed")))
    if utilisateur.premiere_connexion_le:
        parties.append(
            str(
                _("first connection on %(date)s")
                % {"date": f"{utilisateur.premiere_connexion_le:%d/%m/%Y}"}
            )
        )
    elif not utilisateur.invite_le and utilisateur.last_login is None:
        parties.append(str(_("not invited yet")))
    return ", ".join(parties)


def etat_du_compte(responsable: Responsable) -> str:
    utilisateur = responsable.utilisateur
    if utilisateur is None:
        return str(_("no account"))
    invitation = _invitation(utilisateur)
    etat = _etat(utilisateur)
    return f"{etat} ({invitation})" if invitation else etat


def _etat(utilisateur) -> str:
    if not utilisateur.is_active:
        return str(_("account %(identifiant)s disabled") % {"identifiant": utilisateur.identifiant})
    if utilisateur.last_login is None:
        return str(
            _("account %(identifiant)s, never logged in") % {"identifiant": utilisateur.identifiant}
        )
    return str(
        _("account %(identifiant)s, last logged in on %(date)s")
        % {
            "identifiant": utilisateur.identifiant,
            "date": utilisateur.last_login.strftime("%d/%m/%Y"),
        }
    )


class SyntheseMixin:
    """For FamilleAdmin: the search page and the overview page, and a link per row."""

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("recherche/", vue(self.recherche), name="famille_famille_recherche"),
            path("<int:pk>/synthese/", vue(self.synthese), name="famille_famille_synthese"),
            *super().get_urls(),
        ]

    @admin.display(description=_("overview"))
    def lien_synthese(self, obj: Famille) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:famille_famille_synthese", args=[obj.pk]),
            _("Overview of the %(nom)s family") % {"nom": obj.nom},
        )

    def _contexte(self, request, titre) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": titre,
            "url_recherche": reverse("admin:famille_famille_recherche"),
        }

    def recherche(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        texte = request.GET.get("q", "")[:100]
        familles = []
        if texte.strip():
            familles = list(
                self.get_queryset(request)
                .rechercher(texte)
                .prefetch_related("responsables")
                .order_by("nom", "numero")[: RESULTATS + 1]
            )
        contexte = {
            **self._contexte(request, _("Find a family")),
            "q": texte,
            "familles": familles[:RESULTATS],
            "trop": len(familles) > RESULTATS,
            "RESULTATS": RESULTATS,
        }
        return TemplateResponse(request, "admin/famille/recherche.html", contexte)

    def synthese(self, request, pk):
        famille = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, famille):
            raise PermissionDenied
        responsables = [
            (r, etat_du_compte(r))
            for r in famille.responsables.select_related(
                "utilisateur__invitation_courriel"
            ).order_by("rang")
        ]
        demandes = DemandeModification.objects.filter(
            famille_id=famille.pk, statut=DemandeModification.Statut.OUVERTE
        ).select_related("content_type")
        contexte = {
            **self._contexte(request, _("%(famille)s: overview") % {"famille": famille}),
            "famille": famille,
            "responsables": responsables,
            "demandes": list(demandes),
            "sections": extensions.appeler("synthese_famille", request, famille),
            "journal": list(journal_de_la_famille(famille.pk)[:JOURNAL_LIGNES]),
            "JOURNAL_LIGNES": JOURNAL_LIGNES,
        }
        return TemplateResponse(request, "admin/famille/synthese.html", contexte)
