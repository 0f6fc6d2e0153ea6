"""Forms of the bulk entry pages (eleves/admin_saisie.py): the header of an evaluation
grid, one row per pupil, and the upload of a ZIP of bulletins."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from imuse.forms import Formulaire
from imuse.models import AnneeScolaire

FORMATS_DATE = ["%d/%m/%Y", "%Y-%m-%d"]


class EnteteGrilleForm(Formulaire):
    date = forms.DateField(
        label=_("Date"),
        input_formats=FORMATS_DATE,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "12/03/2027"}),
        error_messages={"invalid": _("Enter a date such as 12/03/2027.")},
    )
    type_evaluation = forms.CharField(
        label=_("Type of evaluation"),
        max_length=100,
        help_text=_("For example “Contrôle continu” or “Examen de fin de cycle”."),
    )
    denominateur = forms.DecimalField(
        label=_("Marked out of"),
        min_value=Decimal("1"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal("20"),
        localize=True,
    )


class CelluleForm(Formulaire):
    """One pupil's row; each field's label names the pupil (read by screen readers)."""

    note = forms.DecimalField(
        required=False,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        error_messages={"invalid": _("Enter a number, such as 14,5.")},
    )
    absent = forms.BooleanField(required=False)
    appreciation = forms.CharField(
        required=False, max_length=1000, widget=forms.TextInput(attrs={"size": 50})
    )

    def __init__(self, *args, eleve, denominateur: Decimal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.eleve = eleve
        self.denominateur = denominateur
        self.fields["note"].label = _("Mark of %(eleve)s") % {"eleve": eleve}
        self.fields["absent"].label = _("%(eleve)s absent") % {"eleve": eleve}
        self.fields["appreciation"].label = _("Appreciation of %(eleve)s") % {"eleve": eleve}

    def clean(self):
        donnees = super().clean()
        note = donnees.get("note")
        if note is not None and donnees.get("absent"):
            self.add_error("note", _("An absent pupil has no mark: clear the mark or “absent”."))
        elif note is not None and self.denominateur is not None and note > self.denominateur:
            self.add_error(
                "note",
                _("The mark must be between 0 and %(max)s.")
                % {"max": f"{self.denominateur.normalize():f}".replace(".", ",")},
            )
        return donnees


class BulletinsForm(Formulaire):
    archive = forms.FileField(
        label=_("ZIP archive of the bulletins"),
        help_text=_(
            "One PDF per pupil, whose file name carries the pupil number (N° élève), "
            "for example “bulletin-1042.pdf”. At most 2 MB per file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    annee = forms.ModelChoiceField(label=_("School year"), queryset=AnneeScolaire.objects.none())
    titre = forms.CharField(
        label=_("Title shown to the families"), max_length=200, initial=_("Report")
    )

    def __init__(self, *args, etablissement=None, **kwargs):
        super().__init__(*args, **kwargs)
        annees = AnneeScolaire.objects.all()
        if etablissement is not None:
            annees = annees.filter(etablissement=etablissement)
        self.fields["annee"].queryset = annees.order_by("-debut")
        courante = next((a for a in self.fields["annee"].queryset if a.courante), None)
        if courante is not None:
            self.fields["annee"].initial = courante.pk
