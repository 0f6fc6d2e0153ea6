"""Texts translated once per language (imuse/traduits.py): each language its own, a new
catalogue or new translation settings translated afresh, lazy texts kept by identity."""

from pathlib import Path

from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.translation import gettext, gettext_lazy

from imuse import traduits
from imuse.traduits import par_langue, traduit

appels = []


@par_langue
def _textes():
    appels.append(translation.get_language())
    return {"oui": gettext("Yes")}


def test_each_language_is_translated_once():
    traduits.oublier()
    appels.clear()
    for langue, attendu in (("fr", "Oui"), ("en", "Yes"), ("fr", "Oui"), ("en", "Yes")):
        with translation.override(langue):
            assert _textes()["oui"] == attendu
    assert appels == ["fr", "en"]


def test_a_reloaded_catalogue_or_new_settings_translate_afresh(settings):
    # imuse/gabarits.py's receivers (the template loader) drop these texts too.
    from imuse import gabarits  # noqa: F401

    traduits.oublier()
    appels.clear()
    with translation.override("fr"):
        _textes()
        _textes()
        file_changed.send(sender=None, file_path=Path("locale/fr/LC_MESSAGES/django.mo"))
        _textes()
        settings.LANGUAGES = [*settings.LANGUAGES]
        _textes()
    assert appels == ["fr", "fr", "fr"]


def test_lazy_texts_are_kept_by_identity_and_others_pass_through():
    traduits.oublier()
    oui, non = gettext_lazy("Yes"), gettext_lazy("No")
    with translation.override("fr"):
        assert (traduit(oui), traduit(non), traduit(oui)) == ("Oui", "Non", "Oui")
    with translation.override("en"):
        assert traduit(oui) == "Yes"
    texte = "déjà traduit"
    assert traduit(texte) is texte and traduit(None) is None


def test_the_lazy_texts_kept_are_bounded():
    traduits.oublier()
    with translation.override("fr"):
        for n in range(traduits.TAILLE_MAX + 10):
            assert traduit(gettext_lazy("Yes")) == "Oui", n
    assert len(traduits._textes) <= traduits.TAILLE_MAX


def test_every_cache_of_translated_output_is_emptied_with_a_new_catalogue(client_r1):
    """The select options, the layout's menu and links, the header and footer hold
    translated text (imuse/rendu.py, imuse/menu.py, imuse/fragments.py)."""
    from imuse import fragments, menu, rendu

    assert client_r1.get("/famille/").status_code == 200
    assert rendu._OPTIONS and menu._coquilles and fragments._memo
    file_changed.send(sender=None, file_path=Path("locale/fr/LC_MESSAGES/django.mo"))
    assert not rendu._OPTIONS and not menu._coquilles and not fragments._memo
    assert not traduits._textes


def test_a_changed_template_renders_the_header_again(client_r1):
    """runserver reloads the templates on a change; the header kept aside goes too."""
    from imuse import fragments

    assert client_r1.get("/famille/").status_code == 200
    assert fragments._memo
    file_changed.send(sender=None, file_path=Path("static/css/portail.css"))
    assert fragments._memo
    file_changed.send(sender=None, file_path=Path("templates/portail/_entete.html"))
    assert not fragments._memo
