"""Portal: the family's SEPA direct debit mandate (an invoicing tab). Guardian 1 fills and
signs it online; the other guardians see it read-only; its PDF downloads. The mandate is
fetched through `de_la_famille`: another family's answers 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation.models import MandatSepa
from facturation.services import (
    FacturationError,
    creancier,
    mandat_actif,
    mandat_signer,
    texte_mandat,
    verifier_compte,
)
from facturation.views import onglets_facturation
from imuse.forms import Formulaire
from imuse.pdf import rendre_pdf, reponse_pdf
from imuse.portail import vue_portail
from imuse.requetes import ID, RequeteFigee


class MandatForm(Formulaire):
    titulaire = forms.CharField(
        label=gettext_lazy("Account holder"),
        max_length=70,
        help_text=gettext_lazy("First name and name, as on the bank details (RIB)."),
        error_messages={"required": gettext_lazy("Enter the name of the account holder.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = forms.CharField(
        label=gettext_lazy("IBAN"),
        max_length=42,
        help_text=gettext_lazy("27 characters for a French account, for example FR76 3000 6000 …"),
        error_messages={"required": gettext_lazy("Enter the IBAN of the account.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    bic = forms.CharField(
        label=gettext_lazy("BIC (optional)"),
        max_length=14,
        required=False,
        help_text=gettext_lazy("Left empty, it is found from the IBAN when the bank is known."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    consentement = forms.BooleanField(
        label=gettext_lazy("I have read the text above and I sign this direct debit mandate."),
        error_messages={
            "required": gettext_lazy("Tick the box to give your consent to the mandate.")
        },
    )

    def clean(self):
        donnees = super().clean()
        if "iban" in donnees and "titulaire" in donnees:
            try:
                donnees.update(
                    verifier_compte(
                        iban=donnees["iban"],
                        bic=donnees.get("bic", ""),
                        titulaire=donnees["titulaire"],
                    )
                )
            except ValidationError as e:
                for champ, erreurs in e.error_dict.items():
                    for erreur in erreurs:
                        self.add_error(champ, erreur.message)
        return donnees


# The family's previous mandates (revoked, lapsed), compiled once.
_ANCIENS = RequeteFigee(
    lambda famille_id: MandatSepa.objects.de_la_famille(famille_id).exclude(
        statut=MandatSepa.Statut.ACTIF
    ),
    ID,
)


@vue_portail
def mandat(request: HttpRequest) -> HttpResponse:
    portail = request.portail
    actif = mandat_actif(portail.famille)
    signataire = portail.responsable.rang == 1
    donnees = creancier(portail.etablissement)
    form = None
    status = 200
    if actif is None and signataire and donnees.ics:
        responsable = portail.responsable
        form = MandatForm(
            request.POST if request.method == "POST" else None,
            initial={"titulaire": f"{responsable.prenom} {responsable.nom}".strip()},
        )
        if request.method == "POST":
            if form.is_valid():
                try:
                    signe = mandat_signer(
                        responsable=responsable,
                        iban=form.cleaned_data["iban"],
                        bic=form.cleaned_data["bic"],
                        titulaire=form.cleaned_data["titulaire"],
                        consentement=form.cleaned_data["consentement"],
                        par=request.user,
                    )
                except FacturationError as e:
                    form.add_error(None, str(e))
                else:
                    messages.success(
                        request,
                        _("Mandate %(rum)s signed: your instalments will be paid by direct debit.")
                        % {"rum": signe.rum},
                    )
                    return redirect("facturation:mandat")
            status = 400
    elif request.method == "POST":
        messages.error(request, _("Only guardian 1 of the family can sign the mandate."))
        return redirect("facturation:mandat")
    contexte = {
        "onglets": onglets_facturation("mandat"),
        "titre": _("Direct debit"),
        "mandat": actif,
        "anciens": _ANCIENS.lister(portail.famille.pk),
        "form": form,
        "signataire": signataire,
        "creancier": donnees,
        "texte_mandat": texte_mandat(portail.etablissement),
        "aujourdhui": timezone.localdate(),
    }
    return render(request, "facturation/mandat.html", contexte, status=status)


@vue_portail
def mandat_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(
        MandatSepa.objects.de_la_famille(request.portail.famille).select_related(
            "etablissement", "famille", "signe_par"
        ),
        pk=pk,
    )
    etablissement = objet.etablissement
    contexte = {
        "etablissement": etablissement,
        "mandat": objet,
        "creancier": creancier(etablissement),
        "texte_mandat": objet.consentement or texte_mandat(etablissement),
        "responsable": request.portail.famille.responsables.filter(rang=1).first(),
    }
    titre = _("SEPA direct debit mandate %(rum)s") % {"rum": objet.rum}
    contenu = rendre_pdf("pdf/mandat.html", contexte, titre, logo=etablissement.logo)
    return reponse_pdf(contenu, f"mandat-{objet.rum}.pdf")
