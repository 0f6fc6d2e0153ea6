"""Shared check: for every ModelAdmin of an app, a site's staff neither see nor can pick
another site's rows (lists, filters, add/change forms and their inlines)."""

from __future__ import annotations

from django.contrib import admin
from django.forms import ModelChoiceField
from django.test import RequestFactory

from imuse.models import Etablissement


def _requete(user):
    requete = RequestFactory().get("/admin/")
    requete.user = user
    return requete


def _lignes_de(modele, requete_autre) -> set:
    if modele is Etablissement:
        return {requete_autre.user.etablissement.pk}
    modele_admin = admin.site._registry.get(modele)
    assert modele_admin is not None, f"{modele.__name__} has no ModelAdmin to scope its choices"
    return set(modele_admin.get_queryset(requete_autre).values_list("pk", flat=True))


def _formulaires(modele_admin, requete, obj):
    yield modele_admin.get_form(requete, obj)
    for inline in modele_admin.get_inline_instances(requete, obj):
        yield inline.get_formset(requete, obj).form


def verifier_cloisonnement(app_label: str, staff, staff_autre, client_staff) -> list[str]:
    """Assert the scoping; returns the models checked with rows on the other site."""
    requete, requete_autre = _requete(staff), _requete(staff_autre)
    peuples = []
    for modele, modele_admin in admin.site._registry.items():
        if modele._meta.app_label != app_label:
            continue
        ailleurs = set(modele_admin.get_queryset(requete_autre).values_list("pk", flat=True))
        chez_moi = set(modele_admin.get_queryset(requete).values_list("pk", flat=True))
        assert not ailleurs & chez_moi, modele.__name__
        if ailleurs:
            peuples.append(modele.__name__)
        page = client_staff.get(
            f"/admin/{app_label}/{modele._meta.model_name}/", headers={"accept-language": "fr"}
        )
        assert page.status_code == 200, modele.__name__
        assert staff_autre.etablissement.nom not in page.content.decode(), modele.__name__
        for pk in ailleurs:
            url = f"/admin/{app_label}/{modele._meta.model_name}/{pk}/change/"
            assert client_staff.get(url).status_code in (302, 404), (modele.__name__, pk)
        objets = [None, *modele_admin.get_queryset(requete)[:1]]
        for obj in objets:
            for formulaire in _formulaires(modele_admin, requete, obj):
                for nom, champ in formulaire.base_fields.items():
                    if isinstance(champ, ModelChoiceField):
                        interdits = _lignes_de(champ.queryset.model, requete_autre)
                        offerts = set(champ.queryset.values_list("pk", flat=True))
                        assert not offerts & interdits, (modele.__name__, nom)
    return peuples
