"""The course rows and the documents' rows of the pupil's Réinscription tab, rendered in
Python (issue 15).

Per course sheet the template resolved ~25 nodes (a `{% with %}`, six translated column
labels, an `{% if %}` per cell, a `{% blocktranslate %}`): built here by plain string
building, every value escaped as the template engine does, producing the same bytes as
the loop they replace (kept in tests/reinscription/test_rendu_onglet.py, which compares
both in both languages):

    <tbody>
    {% lignes_cours_reinscription lignes_cours modifiable %}
    </tbody>
    …
    <tbody>
    {% lignes_pieces_reinscription lignes modifiable eleve %}    (reinscription/pieces.html)
    </tbody>
"""

from __future__ import annotations

from django.template.defaultfilters import capfirst, floatformat
from django.template.defaultfilters import date as filtre_date
from django.template.defaultfilters import time as filtre_heure
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from imuse.echappement import echapper
from imuse.menu import urls_entiers
from imuse.traduits import par_langue


def _valeur(objet, *attributs) -> str:
    """`{{ objet.a.b }}` escaped: "" when a step is missing (the engine's lookup)."""
    for attribut in attributs:
        objet = getattr(objet, attribut, None)
        if objet is None:
            return ""
    return echapper(localize(objet))


@par_langue
def _textes_cours() -> dict:
    return {
        "cursus": echapper(gettext("Programme")),
        "cours": echapper(gettext("Course")),
        "enseignant": echapper(gettext("Teacher")),
        "cycle": echapper(gettext("Cycle")),
        "actif": echapper(gettext("Active")),
        "reinscription": echapper(gettext("Re-enrolment")),
        "oui": echapper(gettext("Yes")),
        "non": echapper(gettext("No")),
        "se_reinscrire": gettext("Re-enrol in %(code)s"),
    }


def lignes_cours_html(lignes_cours, modifiable: bool) -> SafeString:
    """The <tr> of every (inscription, ticked) pair, with the loop's whitespace."""
    t = _textes_cours()
    desactive = "" if modifiable else " disabled"
    morceaux = []
    for inscription, cochee in lignes_cours:
        cours = inscription.cours
        code = _valeur(cours, "code")
        enseignant = ""
        if cours.enseignant:
            e = cours.enseignant
            enseignant = f"{_valeur(e, 'prenom')} {echapper(str(localize(e.nom)).upper())}"
        actif = t["oui"] if inscription.situation_activite == "actif" else t["non"]
        pk = echapper(localize(inscription.pk))
        coche = " checked" if cochee else ""
        morceaux.append(
            "\n    <tr>\n"
            f'      <td data-libelle="{t["cursus"]}">'
            f"{_valeur(cours, 'discipline', 'departement', 'nom')}</td>\n"
            f'      <th scope="row" data-libelle="{t["cours"]}">{code}</th>\n'
            f'      <td data-libelle="{t["enseignant"]}">{enseignant}</td>\n'
            f'      <td data-libelle="{t["cycle"]}">{_valeur(cours, "cycle", "code")}</td>\n'
            f'      <td data-libelle="{t["actif"]}">{actif}</td>\n'
            f'      <td class="case" data-libelle="{t["reinscription"]}">\n'
            f'        <input type="checkbox" name="cours" value="{pk}" id="id_cours_{pk}"'
            f"{coche}{desactive}>\n"
            f'        <label for="id_cours_{pk}" class="visually-hidden">'
            f"{t['se_reinscrire'] % {'code': code}}</label>\n"
            "      </td>\n"
            "    </tr>\n    "
        )
    return mark_safe("".join(morceaux))  # noqa: S308 (every value escaped above)


def _local(instant):
    """What the engine gives `|date` and `|time` (their expects_localtime)."""
    return timezone.localtime(instant) if timezone.is_aware(instant) else instant


@par_langue
def _textes_pieces() -> dict:
    return {
        "nom": echapper(gettext("Document name")),
        "fichier": echapper(gettext("File name")),
        "date": echapper(gettext("Date")),
        "heure": echapper(gettext("Time")),
        "taille": echapper(gettext("Size (MB)")),
        "etat": echapper(gettext("State")),
        "telecharger": echapper(gettext("Download")),
        "remplacer": echapper(gettext("Replace")),
        "supprimer": echapper(gettext("Delete")),
    }


def lignes_pieces_html(lignes, modifiable: bool, eleve) -> SafeString:
    """The <tr> of every LignePiece (the document asked, the file given if any)."""
    t = _textes_pieces()
    zero = echapper(floatformat(0, 2))
    url_fichier = urls_entiers("reinscription:fichier", 2)
    morceaux = []
    for ligne in lignes:
        pj = ligne.fichier
        libelle = _valeur(ligne.piece, "libelle")
        date = heure = lien = ""
        taille = zero
        nom = motif = ""
        if pj:
            nom = _valeur(pj, "nom_original")
            date = echapper(filtre_date(_local(pj.deposee_le), "SHORT_DATE_FORMAT"))
            heure = echapper(filtre_heure(_local(pj.deposee_le), "H:i"))
            taille = _valeur(pj, "taille_mo")
            url = echapper(url_fichier(eleve.pk, pj.pk))
            lien = (
                f'<a href="{url}">{t["telecharger"]}<span class="precision-lien"> {nom}</span></a>'
            )
            if pj.etat == "refusee" and pj.motif_refus:
                motif = f'<span class="motif-refus"> : {_valeur(pj, "motif_refus")}</span>'
        actions = ""
        if modifiable:
            boutons = ""
            if pj and pj.modifiable:
                boutons = (
                    f'\n      <a href="?piece={_valeur(ligne.piece, "pk")}#importer">'
                    f'{t["remplacer"]}<span class="precision-lien"> {libelle}</span></a>\n'
                    f'      <button type="submit" form="supprimer-{_valeur(pj, "pk")}" '
                    'class="btn btn-link p-0 ms-2 align-baseline bouton-lien">'
                    f'{t["supprimer"]}<span class="precision-lien"> {nom}</span></button>\n    '
                )
            actions = f'<td class="actions">{boutons}</td>'
        etat = echapper(capfirst(ligne.etat_libelle))
        morceaux.append(
            "\n  <tr>\n"
            f'    <th scope="row" lang="fr" data-libelle="{t["nom"]}">{libelle}</th>\n'
            f'    <td data-libelle="{t["fichier"]}">{nom}</td>\n'
            f'    <td data-libelle="{t["date"]}">{date}</td>\n'
            f'    <td data-libelle="{t["heure"]}">{heure}</td>\n'
            f'    <td class="nombre" data-libelle="{t["taille"]}">{taille}</td>\n'
            f'    <td data-libelle="{t["etat"]}"><span class="etat-piece '
            f'etat-{echapper(localize(ligne.etat))}">{etat}</span>{motif}</td>\n'
            f"    <td>{lien}</td>\n"
            f"    {actions}\n"
            "  </tr>\n  "
        )
    return mark_safe("".join(morceaux))  # noqa: S308 (every value escaped above)
