"""The invoices to pay and their instalments (the Compte and Locations pages), rendered in
Python.

With the ledger's rows already in Python (facturation/grand_livre.py), the "Invoices to
pay" loop and the instalments include were ~60 % of the page's CPU time (issue 15): a
`{% url %}`, `|date`, `|euros` and a `{% csrf_token %}` per invoice, a table or a radio
group per invoice, each translated string looked up per row. They are built here by plain
string building, every value escaped as the template engine does, producing the same
bytes as the template code they replace (kept in tests/facturation/test_dues_html.py,
which compares both in both languages):

    <tbody>
      {% lignes_dues compte.dues refus_paiement %}
    </tbody>
    …
    {% echeanciers_compte compte.dues %}   (was {% include "facturation/echeances_compte.html" %})

The translated strings are looked up once per call, the URLs reversed once per process
(imuse.menu.url_entiers), the page's CSRF token rendered once (`jeton`: a function
giving the `{% csrf_token %}` input, called only when a form is shown, as the tag).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from facturation.grand_livre import _formateur_date
from facturation.models import Echeance
from facturation.templatetags.facturation import format_euros
from imuse.echappement import echapper
from imuse.menu import url_entiers, urls_entiers
from imuse.traduits import par_langue


def _date_courte():
    """`|date:"SHORT_DATE_FORMAT"`, escaped, "" for no date (the filter's)."""
    date = _formateur_date()
    return lambda d: "" if d is None else echapper(date(d))


@par_langue
def _textes_dues() -> dict:
    return {
        "facture": echapper(gettext("Invoice")),
        "duplicata": echapper(gettext("(PDF duplicate)")),
        "date": echapper(gettext("Date")),
        "echeance": echapper(gettext("Due date")),
        "montant": echapper(gettext("Amount")),
        "reste": echapper(gettext("Left to pay")),
        "verification": echapper(gettext("Payment being verified")),
        "payer": echapper(gettext("Online payment")),
    }


def lignes_html(dues, refus_paiement, jeton) -> SafeString:
    """The <tr> of every invoice to pay, with the whitespace of the template's loop."""
    if not dues:
        return mark_safe("")
    anglais = (translation.get_language() or "fr").startswith("en")
    date = _date_courte()
    t = _textes_dues()
    url_paiement = urls_entiers("facturation:paiement")
    url_payer = urls_entiers("facturation:payer")
    url_pdf = urls_entiers("facturation:facture_pdf")
    morceaux = []
    for due in dues:
        facture = due.facture
        numero = echapper(facture.numero)
        reste = echapper(format_euros(due.reste, anglais))
        if due.paiement_en_cours_id:
            url = echapper(url_paiement(due.paiement_en_cours_id))
            action = f'\n          <a href="{url}">{t["verification"]}</a>\n          '
        elif not refus_paiement:
            url = echapper(url_payer(facture.pk))
            action = (
                f'\n          <form method="post" action="{url}" class="m-0">{jeton()}\n'
                f'            <button type="submit" class="btn btn-primary btn-sm">'
                f'{t["payer"]}<span class="precision-lien"> — {numero}, {reste}</span>'
                "</button>\n          </form>\n          "
            )
        else:
            action = "—"
        pdf = echapper(url_pdf(facture.pk))
        morceaux.append(
            "\n      <tr>\n"
            f'        <th scope="row" data-libelle="{t["facture"]}"><a href="{pdf}">{numero}'
            f'<span class="precision-lien"> {t["duplicata"]}</span></a></th>\n'
            f'        <td data-libelle="{t["date"]}">{date(facture.date_emission)}</td>\n'
            f'        <td data-libelle="{t["echeance"]}">{date(facture.date_echeance)}</td>\n'
            f'        <td class="montant" data-libelle="{t["montant"]}">'
            f"{echapper(format_euros(facture.montant, anglais))}</td>\n"
            f'        <td class="montant" data-libelle="{t["reste"]}">{reste}</td>\n'
            f"        <td>\n          {action}\n        </td>\n"
            "      </tr>\n      "
        )
    return mark_safe("".join(morceaux))  # noqa: S308 (every value escaped above)


def _tableau(ech, t, date, anglais, statuts) -> str:
    pk = ech.facture.pk
    lignes = []
    for e in ech.echeances:
        rejets = ""
        if e.rejets:
            rejets = " — " + ngettext(
                "%(n)s rejected collection", "%(n)s rejected collections", e.rejets
            ) % {"n": echapper(str(e.rejets))}
        statut = echapper(statuts.get(e.statut, e.statut))
        lignes.append(
            "\n        <tr>\n"
            f'          <th scope="row">{e.rang}/{e.nombre}</th>\n'
            f"          <td>{date(e.date)}</td>\n"
            f'          <td class="montant">{echapper(format_euros(e.montant, anglais))}</td>\n'
            f"          <td>{statut}{rejets}</td>\n"
            "        </tr>\n      "
        )
    legende = t["legende"] % {"numero": echapper(ech.facture.numero)}
    return (
        f'\n    <div class="tableau-defilant" role="region" tabindex="0" '
        f'aria-labelledby="legende-echeances-{pk}">\n'
        '    <table class="table table-sm">\n'
        f'      <caption id="legende-echeances-{pk}">{legende}</caption>\n'
        "      <thead><tr>\n"
        f'        <th scope="col">{t["echeance"]}</th>\n'
        f'        <th scope="col">{t["date"]}</th>\n'
        f'        <th scope="col" class="montant">{t["montant"]}</th>\n'
        f'        <th scope="col">{t["statut"]}</th>\n'
        "      </tr></thead>\n"
        f"      <tbody>\n      {''.join(lignes)}\n      </tbody>\n"
        "    </table>\n    </div>\n    "
    )


def _choix(ech, t, jeton) -> str:
    pk = ech.facture.pk
    numero = echapper(ech.facture.numero)
    plans = []
    for n in ech.plans:
        coche = len(ech.echeances) == n or (not ech.echeances and n == 1)
        libelle = t["une_fois"] if n == 1 else t["mensualites"] % {"n": n}
        plans.append(
            "\n        <div>\n"
            f'          <input type="radio" name="nombre" value="{n}" id="id_nombre_{pk}_{n}"'
            f"{' checked' if coche else ''}>\n"
            f'          <label for="id_nombre_{pk}_{n}">{libelle}</label>\n'
            "        </div>\n        "
        )
    url = echapper(url_entiers("facturation:echeances_choisir", pk))
    return (
        f'\n    <form method="post" action="{url}" class="choix-echeances">{jeton()}\n'
        "      <fieldset>\n"
        f"        <legend>{t['comment'] % {'numero': numero}}</legend>\n"
        f"        {''.join(plans)}\n"
        "      </fieldset>\n"
        '      <button type="submit" class="btn btn-secondary btn-sm">'
        f"{t['choisir'] % {'numero': numero}}</button>\n"
        "    </form>\n    "
    )


@par_langue
def _textes_echeanciers() -> tuple[dict, dict]:
    # {% translate %}'s output is escaped, {% blocktranslate %}'s text is not (its values are).
    t = {
        "titre": echapper(gettext("Instalments")),
        "echeance": echapper(gettext("Instalment")),
        "date": echapper(gettext("Date")),
        "montant": echapper(gettext("Amount")),
        "statut": echapper(gettext("Status")),
        "une_fois": echapper(gettext("In one payment")),
        "facture": gettext("Invoice %(numero)s"),
        "legende": gettext("Due dates of invoice %(numero)s"),
        "en_une_fois": gettext("To pay in one go by %(date)s."),
        "comment": gettext("How do you want to pay invoice %(numero)s?"),
        "mensualites": gettext("In %(n)s monthly instalments"),
        "choisir": gettext("Choose this plan for invoice %(numero)s"),
    }
    statuts = {valeur: str(libelle) for valeur, libelle in Echeance.Statut.choices}
    return t, statuts


def echeanciers_html(echeanciers, jeton) -> SafeString:
    """The instalments section of `echeanciers` (echeanciers_des_dues), with the
    whitespace of the include it replaces (its leading and trailing line breaks)."""
    if not echeanciers:
        return mark_safe("\n\n")
    anglais = (translation.get_language() or "fr").startswith("en")
    date = _date_courte()
    t, statuts = _textes_echeanciers()
    blocs = []
    for ech in echeanciers:
        if ech.echeances:
            detail = _tableau(ech, t, date, anglais, statuts)
        else:
            echeance = date(ech.facture.date_echeance)
            detail = f"\n    <p>{t['en_une_fois'] % {'date': echeance}}</p>\n    "
        choix = _choix(ech, t, jeton) if ech.modifiable else ""
        blocs.append(
            '\n  <div class="echeancier">\n'
            f"    <h4>{t['facture'] % {'numero': echapper(ech.facture.numero)}}</h4>\n"
            f"    {detail}\n"
            f"    {choix}\n"
            "  </div>\n  "
        )
    html = (
        '\n\n<section aria-labelledby="titre-echeances" class="mb-4">\n'
        f'  <h3 id="titre-echeances">{t["titre"]}</h3>\n'
        f"  {''.join(blocs)}\n"
        "</section>\n\n"
    )
    return mark_safe(html)  # noqa: S308 (every value escaped above)
