"""The ledger's rows and the attestation links (the Compte and Locations pages),
rendered in Python.

Ten years of invoices and payments made the ledger's `{% for %}` the largest cost of the
Compte page (issue 15: ~45 % of its CPU time, ~30 template nodes resolved per row). The
rows are built here by plain string building, every value escaped as the template engine
does, producing the same bytes as the template loop they replace (kept in
tests/facturation/test_grand_livre.py, which compares both in both languages):

    {% load grand_livre %}
    <tbody>
      {% lignes_grand_livre compte.ecritures %}
    </tbody>
"""

from __future__ import annotations

from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from facturation.templatetags.facturation import format_euros
from imuse.echappement import echapper
from imuse.menu import urls_entiers


def _formateur_date():
    """A function rendering a date as `|date:"SHORT_DATE_FORMAT"` does, the format read
    once (both languages use day/month/year: the common case without dateformat)."""
    gabarit = get_format("SHORT_DATE_FORMAT")
    if gabarit == "d/m/Y":
        return lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    return lambda d: format_date(d, gabarit)


def lignes_html(ecritures) -> SafeString:
    """The <tr> of every Ecriture, with the whitespace of the template's loop."""
    anglais = (translation.get_language() or "fr").startswith("en")
    date = _formateur_date()
    morceaux = []
    for e in ecritures:
        numero = echapper(e.numero)
        if e.lien:
            texte = echapper(e.lien_texte)
            numero = (
                f'<a href="{echapper(e.lien)}" aria-label="{texte}">'
                f'<span class="masque-mode-accessible">{numero}</span>'
                f'<span class="seulement-mode-accessible">{texte}</span></a>'
            )
        lang = ' lang="fr"' if e.libelle_francais else ""
        etat = f'<br><strong class="etat-facture">{echapper(e.etat)}</strong>' if e.etat else ""
        morceaux.append(
            "\n      <tr>\n"
            f"        <td>{echapper(date(e.date))}</td>\n"
            f"        <td>{echapper(e.mode)}</td>\n"
            f"        <td>{numero}</td>\n"
            f"        <td{lang}>{echapper(e.libelle)}</td>\n"
            f'        <td class="montant">{echapper(format_euros(e.debit, anglais))}{etat}</td>\n'
            f'        <td class="montant">{echapper(format_euros(e.credit, anglais))}</td>\n'
            f'        <td class="montant">{echapper(format_euros(e.remise, anglais))}</td>\n'
            "      </tr>\n      "
        )
    return mark_safe("".join(morceaux))  # noqa: S308 (every value escaped above)


def attestations_html(attestations) -> SafeString:
    """The <li> of each year of `attestations_disponibles`, its pupils' links."""
    texte = gettext("Attestation %(annee)s — %(eleve)s (PDF)")
    url_attestation = urls_entiers("facturation:attestation_pdf", 2)
    morceaux = []
    for annee, eleves in attestations:
        valeurs = {"annee": echapper(localize(annee))}
        liens = []
        for eleve in eleves:
            valeurs["eleve"] = echapper(str(eleve))
            url = url_attestation(annee, eleve.pk)
            liens.append(f'<a href="{echapper(url)}">{texte % valeurs}</a>')
        morceaux.append(
            f"\n    <li>{valeurs['annee']} :\n      {', '.join(liens)}\n    </li>\n    "
        )
    return mark_safe("".join(morceaux))  # noqa: S308 (every value escaped above)
