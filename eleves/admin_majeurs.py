"""Admin of adult pupils' accounts (eleves/majeurs.py): a filter of the pupils list and
the action that creates their accounts, with a report of what could not be done."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from eleves.majeurs import comptes_eleves_majeurs_creer, date_majorite


class MajeurFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "majeur"

    def lookups(self, request, model_admin):
        return [("oui", _("adult (18 or more)")), ("non", _("minor"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(date_naissance__lte=date_majorite())
        if self.value() == "non":
            return queryset.exclude(date_naissance__lte=date_majorite())
        return queryset


class ComptesMajeursMixin:
    """For EleveAdmin: the action "Create the accounts of the selected adult pupils"."""

    @admin.action(description=_("Create the accounts of the selected adult pupils"))
    def creer_comptes_majeurs(self, request, queryset):
        rapport = comptes_eleves_majeurs_creer(eleves=list(queryset), par=request.user)
        self.message_user(
            request,
            _(
                "%(crees)d accounts created; %(deja)d adult pupils already had one; "
                "%(mineurs)d pupils are not adults. They are invited with the other "
                "accounts (Accounts › Invite everyone not yet invited)."
            )
            % {"crees": len(rapport.crees), "deja": rapport.deja, "mineurs": rapport.mineurs},
            messages.SUCCESS,
        )
        for eleve, raison in rapport.non_traites:
            self.message_user(
                request,
                _("%(eleve)s: no account created, %(raison)s.")
                % {"eleve": f"{eleve.nom} {eleve.prenom}", "raison": raison},
                messages.WARNING,
            )
