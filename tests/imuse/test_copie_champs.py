"""A form's fields copied by imuse/copie_champs.py are what copy.deepcopy makes: the same
attributes, the same objects shared with the class's fields and the same ones copied, on
every form of the portal; what it does not know is handed to deepcopy."""

import copy

import pytest
from django import forms
from django.utils.choices import BlankChoiceIterator
from django.utils.translation import gettext_lazy

from comptes.forms import (
    ChangementMotDePasseForm,
    CodeDeuxFacteursForm,
    ConnexionForm,
    MotDePassePerduForm,
    NouveauMotDePasseForm,
)
from comptes.views_invitations import CodeInvitationForm
from eleves.forms import AbsenceSignaleeForm, EleveForm, RechercheForm
from eleves.forms_saisie import BulletinsForm, CelluleForm, EnteteGrilleForm
from facturation.views_echeances import ChoixEcheancesForm
from facturation.views_mandat import MandatForm
from famille.forms import ResponsableForm
from famille.forms_compte import ClotureForm, PreferencesForm
from imuse.copie_champs import CopieRapide, _Champs, copier_champ
from reinscription.forms import DemandeForm

FORMULAIRES = [
    ResponsableForm,
    EleveForm,
    PreferencesForm,
    ClotureForm,
    RechercheForm,
    AbsenceSignaleeForm,
    EnteteGrilleForm,
    CelluleForm,
    BulletinsForm,
    DemandeForm,
    MandatForm,
    ChoixEcheancesForm,
    ConnexionForm,
    MotDePassePerduForm,
    NouveauMotDePasseForm,
    ChangementMotDePasseForm,
    CodeDeuxFacteursForm,
    CodeInvitationForm,
]


def _forme(copie, original, chemin="", vus=None):
    """{path: (type, shared with the original?, value when plain)} over the objects
    reachable through __dict__, lists, tuples and dicts."""
    vus = set() if vus is None else vus
    forme = {chemin: (type(copie).__name__, copie is original)}
    if id(copie) in vus or copie is original:
        return forme
    vus.add(id(copie))
    if isinstance(copie, dict):
        paires = [(repr(k), v, original.get(k)) for k, v in copie.items()]
    elif isinstance(copie, list | tuple):
        paires = [(str(i), v, original[i]) for i, v in enumerate(copie)]
    elif hasattr(copie, "__dict__") and not callable(copie):
        paires = [(k, v, vars(original).get(k)) for k, v in vars(copie).items()]
    else:
        return {chemin: (type(copie).__name__, copie is original, copie)}
    for cle, valeur, avant in paires:
        forme.update(_forme(valeur, avant, f"{chemin}/{cle}", vus))
    return forme


def _formes(champs: dict, copies: dict) -> dict:
    return {nom: _forme(copies[nom], champ) for nom, champ in champs.items()}


@pytest.mark.parametrize("classe", FORMULAIRES, ids=lambda c: c.__name__)
def test_every_portal_form_copies_its_fields_as_deepcopy_does(classe):
    assert issubclass(classe, CopieRapide)
    champs = classe.base_fields
    rapides = copy.deepcopy(_Champs(champs))
    assert _formes(champs, rapides) == _formes(champs, copy.deepcopy(champs))


class Divers(CopieRapide, forms.Form):
    groupes = forms.ChoiceField(choices=[("G", [("a", "A")]), ("b", "B")])
    modele = forms.TypedChoiceField(
        choices=BlankChoiceIterator([("x", gettext_lazy("Monday"))], [("", "---")])
    )
    multiple = forms.MultipleChoiceField(choices=[(1, "Un"), (2, "Deux")])
    date = forms.SplitDateTimeField()
    texte = forms.CharField(widget=forms.TextInput(attrs={"class": "a"}))


class ChampAMoi(forms.CharField):
    copies = 0

    def __deepcopy__(self, memo):
        ChampAMoi.copies += 1
        return super().__deepcopy__(memo)


def test_fields_it_does_not_know_go_to_deepcopy():
    champs = Divers.base_fields
    rapides = copy.deepcopy(_Champs(champs))
    assert _formes(champs, rapides) == _formes(champs, copy.deepcopy(champs))
    # Grouped choices: their inner list copied, as deepcopy does.
    assert rapides["groupes"].choices[0][1] is not champs["groupes"].choices[0][1]
    champ = ChampAMoi()
    copier_champ(champ, {})
    assert ChampAMoi.copies == 1


def test_a_form_changes_its_own_fields_only():
    premier, second = Divers(), Divers()
    premier.fields["texte"].widget.attrs["class"] = "b"
    premier.fields["texte"].validators.append(lambda v: None)
    premier.fields["texte"].error_messages["required"] = "Autre"
    premier.fields["multiple"].choices = [(3, "Trois")]
    premier.fields["modele"].choices.choices.append(("y", "Y"))
    for form in (second, Divers):
        champs = form.fields if isinstance(form, forms.Form) else form.base_fields
        assert champs["texte"].widget.attrs == {"class": "a"}
        assert champs["texte"].validators == Divers.base_fields["texte"].validators
        assert champs["texte"].error_messages["required"] != "Autre"
        assert list(champs["multiple"].choices) == [(1, "Un"), (2, "Deux")]
        assert list(champs["modele"].choices) == [("", "---"), ("x", gettext_lazy("Monday"))]


def test_a_widget_shared_by_two_fields_stays_shared():
    widget = forms.TextInput()
    un, deux = forms.CharField(widget=widget), forms.CharField(widget=widget)
    deux.widget = un.widget
    copies = copy.deepcopy(_Champs({"un": un, "deux": deux}))
    assert copies["un"].widget is copies["deux"].widget is not un.widget
