"""The staff's admin site: the index opens on the work waiting for the staff member's
site (extension point "tableau_de_bord"), above the list of models."""

from __future__ import annotations

from django.contrib.admin import AdminSite

from imuse import extensions


class ImuseAdminSite(AdminSite):
    def index(self, request, extra_context=None):
        # f(request) -> list of {"libelle", "nombre", "url"}, one provider per app: each
        # counts its own rows of the staff's site in one query.
        entrees = extensions.appeler("tableau_de_bord", request)
        contexte = {"tableau_de_bord": entrees, **(extra_context or {})}
        return super().index(request, contexte)
