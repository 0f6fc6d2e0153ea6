"""The Python form renderer (imuse/rendu.py) gives exactly the templates' HTML: on a form
with every widget kind, with and without errors, and on the portal's form pages."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from django.utils.choices import BlankChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from imuse import rendu
from imuse.rendu import Rendu, RenduGabarits

JETON = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


class Complet(forms.Form):
    texte = forms.CharField(label="Nom <b>", help_text="Aide & <i>conseil</i>", max_length=5)
    courriel = forms.EmailField(label="E-mail", required=False)
    nombre = forms.IntegerField(label="Nombre", required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    cache = forms.CharField(widget=forms.HiddenInput, required=False, initial='x"y')
    jour = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    case = forms.BooleanField(label="J'accepte", required=False)
    choix = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & a"), ("Groupe", [("b", "B"), ("c", "<C>")])],
        required=False,
    )
    radio = forms.ChoiceField(
        choices=[("1", "Oui"), ("0", "Non")], widget=forms.RadioSelect, label="Radio"
    )
    cases = forms.MultipleChoiceField(
        choices=[(1, "Un"), (2, "Deux")], widget=forms.CheckboxSelectMultiple, required=False
    )
    zone = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    fichier = forms.FileField(required=False)
    sans_label = forms.CharField(
        label="",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "readonly": True, "disabled": False}),
    )


def _rendre(form) -> str:
    return "".join(str(form[nom].as_field_group()) for nom in form.fields) + str(
        form.non_field_errors()
    )


@pytest.mark.parametrize(
    "donnees",
    [
        None,
        {
            "texte": "beaucoup trop long",
            "courriel": "pas-une-adresse",
            "nombre": "x",
            "radio": "7",
            "cases": ["1", "9"],
            "zone": "ligne 1\n<ligne 2>",
            "choix": "c",
            "jour": "2026-13-45",
            "case": "on",
        },
        {"texte": "ok", "radio": "1", "cases": ["2"], "zone": "", "choix": "a"},
    ],
)
def test_every_widget_renders_as_its_template(donnees):
    rapide = Complet(donnees, renderer=Rendu())
    gabarits = Complet(donnees, renderer=RenduGabarits())
    if donnees:
        rapide.is_valid()
        gabarits.is_valid()
    assert _rendre(rapide) == _rendre(gabarits)


class Suffixes(forms.Form):
    """What the input fast path (imuse/rendu.py `_entree`, `_etiquette`) must follow:
    the form's suffix and required class, a label ending in punctuation, a widget's own
    id and aria-describedby, a localised number, a disabled field, a date."""

    required_css_class = "requis"
    quoi = forms.CharField(label="Quoi ?", help_text="Aide")
    nom = forms.CharField(label="Nom", widget=forms.TextInput(attrs={"id": "mon-id"}))
    decrit = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"aria-describedby": "ailleurs"})
    )
    montant = forms.DecimalField(localize=True, required=False, initial="1234.5")
    fige = forms.CharField(disabled=True, initial="<fixe>", required=False)
    jour = forms.DateField(required=False, initial="2026-12-03")
    courriel = forms.EmailField(label_suffix=" →", required=False)
    choix = forms.ChoiceField(choices=[(None, "—"), ("a", "A & <a>"), (1, "Un"), ("a", "bis")])
    requis = forms.ChoiceField(choices=[("", "—"), ("x", "X")], initial="x")
    groupes = forms.ChoiceField(choices=[("G", [("b", "B")]), ("c", "C")], required=False)
    # Labels that are not text are localised by the templates (1,5 in French).
    nombres = forms.ChoiceField(
        choices=[("a", 1.5), ("b", Decimal("2.50")), ("c", dt.date(2024, 3, 12))], required=False
    )
    radios = forms.ChoiceField(
        choices=[("a", 1.5), ("b", 3)], widget=forms.RadioSelect, required=False
    )
    # A safe string as an attribute or a value: written as the filter gives it, unescaped.
    sur = forms.CharField(
        required=False,
        initial=mark_safe("x&amp;y"),
        widget=forms.TextInput(attrs={"placeholder": mark_safe("R&amp;D")}),
    )
    choix_sur = forms.ChoiceField(choices=[(mark_safe("a&amp;b"), "A")], required=False)
    quand = forms.DateTimeField(
        initial=dt.datetime(2026, 12, 3, 19, 0, tzinfo=dt.UTC),
        show_hidden_initial=True,
        required=False,
    )


@pytest.mark.parametrize(
    "donnees",
    [
        None,
        {"quoi": "", "nom": "", "montant": "x", "jour": "z", "choix": "a", "groupes": "b"},
        {"choix": "1", "requis": "", "groupes": "zz"},
    ],
)
@pytest.mark.parametrize("suffixe", [None, ":", ""])
def test_inputs_follow_django_s_labels_and_attributes(donnees, suffixe):
    translation.activate("fr")
    rapide = Suffixes(donnees, renderer=Rendu(), label_suffix=suffixe)
    gabarits = Suffixes(donnees, renderer=RenduGabarits(), label_suffix=suffixe)
    if donnees:
        assert not rapide.is_valid() and not gabarits.is_valid()
    assert _rendre(rapide) == _rendre(gabarits)


def _page(client, settings, chemin, post=None):
    pages = []
    for moteur in ("imuse.rendu.Rendu", "imuse.rendu.RenduGabarits"):
        settings.FORM_RENDERER = moteur
        reponse = client.post(chemin, post) if post is not None else client.get(chemin)
        pages.append(JETON.sub("", reponse.content.decode()))
    return pages


@pytest.mark.parametrize(
    "chemin,post",
    [
        ("/famille/", None),
        ("/famille/", {"civilite": "x", "nom": "", "code_postal": "5", "email": "faux"}),
        ("/famille/preferences/", None),
        ("/compte/mot-de-passe/", None),
        ("/compte/mot-de-passe/", {"old_password": "faux", "new_password1": "a"}),
    ],
)
def test_portal_pages_render_as_with_the_templates(client_r1, settings, chemin, post):
    rapide, gabarits = _page(client_r1, settings, chemin, post)
    assert "champ" in rapide
    assert rapide == gabarits


def test_pupil_identity_page_renders_as_with_the_templates(client_r1, settings, irina):
    chemin = f"/eleves/{irina.pk}/identite/"
    for post in (None, {"date_naissance": "31/02/2012", "code_postal": "abc"}):
        rapide, gabarits = _page(client_r1, settings, chemin, post)
        assert rapide == gabarits


def test_login_page_renders_as_with_the_templates(
    client, settings, etablissement, autre_etablissement
):
    for post in (None, {"site": "valognes", "identifiant": "x", "password": "y"}):
        rapide, gabarits = _page(client, settings, "/compte/connexion/", post)
        assert rapide == gabarits


JOURS = [("lun", gettext_lazy("Monday")), ("mar", gettext_lazy("Tuesday")), ("", "—")]


class Options(forms.Form):
    """Choices as a ModelForm gives them (a BlankChoiceIterator over a model field's pairs,
    lazy labels) and choices each instance builds for itself."""

    jour = forms.TypedChoiceField(
        choices=BlankChoiceIterator(JOURS[:2], [("", "---------")]), required=False
    )
    avec_vide = forms.TypedChoiceField(choices=BlankChoiceIterator(JOURS, [("", "--")]))
    fixes = forms.ChoiceField(choices=JOURS, required=False)
    propres = forms.ChoiceField(required=False)

    def __init__(self, *args, propres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["propres"].choices = list(propres)


def _options_des_deux(donnees=None, **kwargs) -> tuple[str, str]:
    rapide = Options(donnees, renderer=Rendu(), **kwargs)
    gabarits = Options(donnees, renderer=RenduGabarits(), **kwargs)
    return _rendre(rapide), _rendre(gabarits)


@pytest.mark.parametrize("donnees", [None, {"jour": "mar", "avec_vide": "", "fixes": "lun"}])
def test_select_options_rendered_once_are_the_templates_in_each_language(donnees):
    """The options are kept per language (imuse/rendu.py `_OPTIONS`): rendered the first
    time, read the next, each time what the templates give."""
    rendu.oublier_options()
    for langue, jour in (("fr", "Mardi"), ("en", "Tuesday"), ("fr", "Mardi"), ("fr", "Mardi")):
        with translation.override(langue):
            rapide, gabarits = _options_des_deux(donnees)
        assert rapide == gabarits
        assert f">{jour}</option>" in rapide
    # jour and avec_vide (a model field's BlankChoiceIterator) x 2 languages; fixes has a
    # label that is not lazy: a list like the ones forms build for themselves, not kept.
    assert len(rendu._OPTIONS) == 4


def test_choices_built_by_each_form_are_never_read_from_another():
    """The same first pair object with other pairs after it, or another list each time:
    each form shows its own options."""
    rendu.oublier_options()
    premiere = ("1", gettext_lazy("Yes"))
    deux, trois, quatre = ("2", gettext_lazy("No")), ("3", gettext_lazy("Show")), ("4", "<4>")
    for suite in ([deux], [trois], [deux, ("5", gettext_lazy("Home"))], [deux, quatre]):
        propres = [premiere, *suite]
        with translation.override("fr"):
            rapide, gabarits = _options_des_deux({"propres": suite[-1][0]}, propres=propres)
            assert rapide == gabarits
            assert escape(str(suite[-1][1])) in rapide


def test_lists_built_for_one_form_are_not_kept_and_the_others_are_bounded():
    rendu.oublier_options()
    with translation.override("fr"):
        # Labels that are not lazy (sites, a pupil's courses): rendered, never kept.
        for n in range(20):
            Options(propres=[(str(n), f"Choix {n}")])["propres"].as_field_group()
        assert not rendu._OPTIONS
        for n in range(rendu._OPTIONS_MAX + 40):
            Options(propres=[(str(n), gettext_lazy("Yes"))])["propres"].as_field_group()
    assert 0 < len(rendu._OPTIONS) <= rendu._OPTIONS_MAX


def test_a_change_of_settings_renders_the_options_again(settings):
    with translation.override("fr"):
        Options()["jour"].as_field_group()
    assert rendu._OPTIONS
    settings.USE_THOUSAND_SEPARATOR = True
    assert not rendu._OPTIONS


def test_the_one_pass_escaping_is_html_escape():
    from html import escape as html_escape

    from imuse.echappement import echapper
    from imuse.rendu import escape as rendu_escape

    for texte in ["", "a", "<a href='x'>&amp; \"b\"</a>", "é & ' \" < >" * 3, "&&<<>>''\"\""]:
        assert rendu_escape(texte) == echapper(texte) == html_escape(texte)
