"""The pupil file's repeated pieces built in Python, not through the template engine.

Profiled (issue 15), the tab pages spent most of their time in the engine's per-node work:
each `{% translate %}` a gettext (an asgiref lookup of the active language), each
`{{ a.b.c|default:"" }}` three lookups and a filter, each `{% url %}` a reverse(). Here the
file's heading (title, pupil picker, tabs) and the tables' rows are plain string building:

- every value goes through `echapper` (conditional_escape) or format_html, as the engine's
  autoescape;
- the fixed texts are translated once per process and language (`textes()`), with the
  same msgids as the templates had;
- row links come from `imuse.menu.url_entiers` (reversed once, the ids put in place).

The HTML is the templates' own, byte for byte (tests/eleves/test_rendu_fiche.py renders
the pages and compares with the template fragments these functions replaced).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import quote

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from eleves.models import Enseignant, Jour
from imuse.echappement import echapper
from imuse.menu import url_entiers, url_fixe

MESSAGES = {
    "dossier": gettext_noop("Pupil file — %(eleve)s"),
    "eleve": gettext_noop("Pupil"),
    "afficher": gettext_noop("Show"),
    "dossier_eleve": gettext_noop("Pupil file"),
    "aucun_cours_recherche": gettext_noop("No course matches your search."),
    "aucun_cours": gettext_noop("No course this year."),
    "aucune_fiche_recherche": gettext_noop("No course sheet matches your search."),
    "aucune_fiche": gettext_noop("No course sheet from earlier years."),
    "rechercher": gettext_noop("Search"),
    "tout": gettext_noop("Show all"),
}

_textes: dict[str | None, dict[str, str]] = {}


def textes() -> dict[str, str]:
    """MESSAGES translated into the active language, once per process and language."""
    langue = get_language()
    traduits = _textes.get(langue)
    if traduits is None:
        traduits = _textes[langue] = {cle: gettext(msg) for cle, msg in MESSAGES.items()}
    return traduits


_libelles: dict[tuple, dict] = {}


def libelle(choix, valeur):
    """`get_<field>_display()` for a Choices class: Django's rebuilds the choices' dict
    (hashing each lazy label, a gettext each) on every call."""
    cle = (choix, get_language())
    libelles = _libelles.get(cle)
    if libelles is None:
        libelles = _libelles[cle] = {v: str(nom) for v, nom in choix.choices}
    return libelles.get(valeur, valeur)


def e(valeur) -> str:
    """A value as `{{ valeur }}` shows it: escaped, None as "None" (like the engine)."""
    return echapper(valeur)


def ou_vide(valeur) -> str:
    """`{{ valeur|default:"" }}`."""
    return echapper(valeur) if valeur else ""


def heure(valeur: dt.time | None) -> str:
    """`{{ valeur|time:"H:i" }}`."""
    return f"{valeur.hour:02d}:{valeur.minute:02d}" if valeur else ""


def duree(valeur: dt.timedelta | None) -> str:
    """The `duree` filter (eleves_format): 01:30, 54:00."""
    if valeur is None:
        return ""
    minutes = int(valeur.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def entete(contexte) -> SafeString:
    """The file's <h1>, the pupil picker (more than one pupil) and the tabs' navigation,
    from contexte_fiche's values: what eleves/fiche_layout.html rendered in the engine."""
    t = textes()
    eleve = contexte["eleve"]
    actif = contexte["onglet_actif"]
    html = [f"<h1>{t['dossier'] % {'eleve': e(eleve)}}</h1>\n"]
    autres = contexte["eleves_famille"]
    if len(autres) > 1:
        options = "".join(
            f'<option value="{autre.pk}"{" selected" if autre.pk == eleve.pk else ""}>'
            f"{e(autre)}</option>"
            for autre in autres
        )
        html.append(
            f'\n<form method="get" action="{e(url_fixe("eleves:index"))}" class="choix-eleve">\n'
            f'  <label for="choix-eleve">{t["eleve"]}</label>\n'
            f'  <select name="eleve" id="choix-eleve">\n    {options}\n  </select>\n'
            f'  <input type="hidden" name="onglet" value="{e(actif)}">\n'
            f'  <button type="submit" class="btn btn-outline-primary btn-sm">{t["afficher"]}'
            "</button>\n</form>\n"
        )
    html.append(f'\n\n<nav class="onglets" aria-label="{t["dossier_eleve"]}">\n  <ul>\n    ')
    for onglet in contexte["onglets"]:
        courant = ' aria-current="page"' if onglet.cle == actif else ""
        html.append(
            f'\n    <li><a href="{e(onglet.url)}"{courant}>{e(onglet.libelle)}</a></li>\n    '
        )
    html.append("\n  </ul>\n</nav>")
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


def lien(eleve_pk: int, inscription_pk: int) -> str:
    return url_entiers("eleves:inscription", eleve_pk, inscription_pk)


def lignes_cours(eleve, inscriptions, texte: str) -> SafeString:
    """The rows of the Cours tab's table (this year's course sheets)."""
    if not inscriptions:
        t = textes()
        vide = t["aucun_cours_recherche"] if texte else t["aucun_cours"]
        return format_html('\n    <tr><td colspan="7">{}</td></tr>\n  ', vide)
    html = []
    for ins in inscriptions:
        cours = ins.cours
        html.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a href="{lien(eleve.pk, ins.pk)}">'
            f"{e(cours.code)}</a></th>\n"
            f"      <td>{ou_vide(cours.enseignant)}</td>\n"
            f"      <td>{ou_vide(cours.cycle)}</td>\n"
            f"      <td>{ou_vide(cours.salle)}</td>\n"
            f"      <td>{ou_vide(libelle(Jour, cours.jour))}</td>\n"
            f"      <td>{heure(ins.heure_passage or cours.heure)}</td>\n"
            f"      <td>{duree(cours.duree)}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


def _enseignant(nom, prenom) -> str:
    """str() of the course's teacher (Enseignant.__str__), from its two columns."""
    return "" if nom is None else Enseignant.__str__(SimpleNamespace(nom=nom, prenom=prenom))


def lignes_historique(eleve, inscriptions, texte: str) -> SafeString:
    """The rows of the Historique tab's table (earlier years' course sheets), from the
    tuples of eleves.lecture_portail.COLONNES_HISTORIQUE."""
    if not inscriptions:
        t = textes()
        vide = t["aucune_fiche_recherche"] if texte else t["aucune_fiche"]
        return format_html('\n    <tr><td colspan="5">{}</td></tr>\n  ', vide)
    html = []
    for pk, code, annee, departement, cycle, nom, prenom in inscriptions:
        code = e(code)
        html.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a href="{lien(eleve.pk, pk)}">'
            f'{e(annee)}<span class="precision-lien"> — {code}</span></a></th>\n'
            f"      <td>{e(departement)}</td>\n"
            f"      <td>{code}</td>\n"
            f"      <td>{ou_vide(cycle)}</td>\n"
            f"      <td>{ou_vide(_enseignant(nom, prenom))}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


def formulaire_recherche(champ, libelle, conserver=()) -> SafeString:
    """A tab's search form (GET): `champ` the bound search field, `libelle` its label,
    `conserver` the (name, value) pairs of the page's other search kept in hidden fields
    and in the "Show all" link."""
    t = textes()
    valeur = champ.value()
    caches = "".join(f'<input type="hidden" name="{e(n)}" value="{e(v)}">' for n, v in conserver)
    tout = ""
    if valeur:
        gardes = "".join(f"{e(n)}={e(quote(v))}&amp;" for n, v in conserver)
        tout = f'<a href="?{gardes}">{t["tout"]}</a>'
    ident, libelle = e(champ.auto_id), e(libelle)
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<form method="get" class="form-recherche" role="search" aria-label="{libelle}">\n'
        f"  {caches}\n"
        f'  <label for="{ident}">{libelle}</label>\n'
        f'  <input type="search" name="{e(champ.html_name)}" id="{ident}" '
        f'value="{ou_vide(valeur)}" maxlength="100">\n'
        '  <button type="submit" class="btn btn-outline-primary btn-sm">'
        f"{t['rechercher']}</button>\n"
        f"  {tout}\n</form>\n"
    )
