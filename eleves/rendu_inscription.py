"""A course sheet's description list and its tables' rows, and the Absences tab's rows of
reported absences, built in Python (issue 15).

Same conventions as eleves/rendu_fiche.py: values escaped, fixed texts translated once per
process and language with the msgids the template had, links from url_entiers. The
filters the template applied (date, floatformat, truncatechars, linebreaksbr) are called
as functions, so localisation stays Django's.
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat, linebreaksbr, truncatechars
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from eleves.models import AbsenceSignalee, Inscription, Jour
from eleves.rendu_fiche import duree, e, heure, libelle
from imuse.echappement import echapper
from imuse.menu import url_entiers

TIRET = "—"

# The dl's labels, in the template's order.
LIBELLES = {
    "annee": gettext_noop("Year"),
    "periode": gettext_noop("Period"),
    "departement": gettext_noop("Department"),
    "classe": gettext_noop("Class"),
    "cycle": gettext_noop("Cycle"),
    "enseignant": gettext_noop("Teacher"),
    "salle": gettext_noop("Room"),
    "jour": gettext_noop("Day and time"),
    "heures": gettext_noop("Hours"),
    "effectuees": gettext_noop("Hours done"),
    "seances": gettext_noop("Sessions"),
    "total": gettext_noop("Total abs."),
    "non_justifiees": gettext_noop("Unjustified abs."),
    "amenages": gettext_noop("Adapted timetable"),
    "situation": gettext_noop("Activity status"),
    "motif": gettext_noop("Reason"),
    "premier": gettext_noop("First instrument"),
    "moyenne": gettext_noop("Average"),
    "lettree": gettext_noop("Letter average"),
    "mention": gettext_noop("Distinction"),
    "res_classe": gettext_noop("Class result"),
    "res_cycle": gettext_noop("Cycle result"),
    "adm_classe": gettext_noop("Class admission"),
    "adm_cycle": gettext_noop("Cycle admission"),
    "commentaire": gettext_noop("Comment"),
}
AUTRES = {
    "du_au": gettext_noop("from %(debut)s to %(fin)s"),
    "oui_non": gettext_noop("Yes,No"),
    "oui": gettext_noop("Yes"),
    "non": gettext_noop("No"),
    "pas_examinee": gettext_noop("not yet examined"),
    "par_famille": gettext_noop("reported by the family"),
    "aucune_evaluation": gettext_noop("No evaluation."),
    "aucune_absence": gettext_noop("No absence."),
    "cours_date": gettext_noop(", %(cours)s, %(date)s"),
    "tous_les_cours": gettext_noop("All courses"),
    "retirer": gettext_noop("Withdraw"),
    "aucune_signalee": gettext_noop("No absence reported."),
}

_textes: dict[str | None, dict[str, str]] = {}


def textes() -> dict[str, str]:
    langue = get_language()
    traduits = _textes.get(langue)
    if traduits is None:
        traduits = {cle: gettext(msg) for cle, msg in (LIBELLES | AUTRES).items()}
        traduits["oui_non"] = traduits["oui_non"].split(",")
        _textes[langue] = traduits
    return traduits


def date_courte(valeur) -> str:
    """`{{ valeur|date:"SHORT_DATE_FORMAT" }}`, escaped."""
    return echapper(date_format(valeur, "SHORT_DATE_FORMAT")) if valeur else ""


def ou_tiret(valeur) -> str:
    """`{{ valeur|default:"—" }}`."""
    return echapper(valeur) if valeur else TIRET


def du_au(t: dict, debut, fin) -> str:
    return t["du_au"] % {"debut": date_courte(debut), "fin": date_courte(fin)}


def description(contexte) -> SafeString:
    """The <dt>/<dd> pairs of the sheet's "Course" section."""
    t = textes()
    fiche = contexte["fiche"]
    cours = fiche.cours
    oui, non = t["oui_non"][0], t["oui_non"][1]
    periode = du_au(t, fiche.date_debut, fiche.date_fin) if fiche.date_debut else TIRET
    horaire = ou_tiret(libelle(Jour, cours.jour))
    debut = fiche.heure_passage or cours.heure
    if debut:
        horaire += " " + heure(debut)
    horaire += f" ({duree(cours.duree)})"
    if contexte["a_un_horaire"]:
        n = contexte["nombre_seances"]
        seances = ngettext(
            "%(n)s session (holidays, closures and cancellations taken into account)",
            "%(n)s sessions (holidays, closures and cancellations taken into account)",
            n,
        ) % {"n": e(n)}
    else:
        seances = TIRET
    moyenne = f"{floatformat(fiche.moyenne, 2)} / 20" if fiche.moyenne is not None else TIRET
    valeurs = {
        "annee": e(cours.annee),
        "periode": periode,
        "departement": e(cours.discipline.departement),
        "classe": e(cours.code),
        "cycle": ou_tiret(cours.cycle),
        "enseignant": ou_tiret(cours.enseignant),
        "salle": ou_tiret(cours.salle),
        "jour": horaire,
        "heures": duree(fiche.nb_heures) or TIRET,
        "effectuees": duree(fiche.nb_heures_effectuees) or TIRET,
        "seances": seances,
        "total": e(contexte["absences_total"]),
        "non_justifiees": e(contexte["absences_non_justifiees"]),
        "amenages": e(oui if fiche.horaires_amenages else non),
        "situation": e(libelle(Inscription.Situation, fiche.situation_activite)),
        "motif": ou_tiret(fiche.motif),
        "premier": e(oui if fiche.premier_instrument else non),
        "moyenne": moyenne,
        "lettree": ou_tiret(fiche.moyenne_lettree),
        "mention": ou_tiret(fiche.mention),
        "res_classe": ou_tiret(fiche.resultat_classe),
        "res_cycle": ou_tiret(fiche.resultat_cycle),
        "adm_classe": ou_tiret(fiche.admission_classe),
        "adm_cycle": ou_tiret(fiche.admission_cycle),
        "commentaire": linebreaksbr(fiche.commentaire or TIRET, autoescape=True),
    }
    html = "".join(f"    <dt>{t[cle]}</dt><dd>{valeurs[cle]}</dd>\n" for cle in LIBELLES)
    return mark_safe(html)  # noqa: S308 (every value escaped above)


def lignes_evaluations(contexte) -> SafeString:
    t = textes()
    eleve, fiche = contexte["eleve"], contexte["fiche"]
    code = e(fiche.cours.code)
    html = []
    for ev in contexte["evaluations"]:
        quand = date_courte(ev.date)
        note = ""
        if ev.note is not None:
            note = f"{floatformat(ev.note, 2)} / {floatformat(ev.denominateur, 2)}"
        html.append(
            "\n      <tr>\n"
            f'        <th scope="row"><a href="'
            f'{url_entiers("eleves:evaluation", eleve.pk, fiche.pk, ev.pk)}">'
            f'<span lang="fr">{e(ev.type_evaluation)}</span><span class="visually-hidden">'
            f"{t['cours_date'] % {'cours': code, 'date': quand}}</span></a></th>\n"
            f"        <td>{quand}</td>\n"
            f'        <td lang="fr">{e(ev.critere)}</td>\n'
            f"        <td>{note}</td>\n"
            f"        <td>{floatformat(ev.coefficient, 2)}</td>\n"
            f"        <td>{e(ev.lettre)}</td>\n"
            f"        <td>{e(ev.mention)}</td>\n"
            f'        <td lang="fr">{e(truncatechars(ev.appreciation, 60))}</td>\n'
            f"        <td>{t['oui'] if ev.absent else ''}</td>\n"
            "      </tr>\n    "
        )
    if not html:
        html.append(f'\n      <tr><td colspan="9">{t["aucune_evaluation"]}</td></tr>\n    ')
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


def lignes_absences(contexte) -> SafeString:
    """The absences table's rows: the school's final absences, then the family's reports."""
    t = textes()
    eleve, fiche = contexte["eleve"], contexte["fiche"]
    oui, non = t["oui_non"][0], t["oui_non"][1]
    html = []
    for ab in contexte["absences"]:
        html.append(
            "\n      <tr>\n"
            f'        <th scope="row"><a href="'
            f'{url_entiers("eleves:absence", eleve.pk, fiche.pk, ab.pk)}">'
            f"{date_courte(ab.date)}</a></th>\n"
            f"        <td>{heure(ab.heure)}</td>\n"
            f"        <td>{duree(ab.duree)}</td>\n"
            f"        <td>{e(oui if ab.justifiee else non)}</td>\n"
            f'        <td lang="fr">{e(ab.motif)}</td>\n'
            "      </tr>\n    "
        )
    html.append("\n    ")
    for sg in contexte["signalees"]:
        if sg.debut == sg.fin:
            quand = date_courte(sg.debut)
        else:
            quand = du_au(t, sg.debut, sg.fin)
        if sg.statut == "justifiee":
            statut = t["oui"]
        elif sg.statut == "non_justifiee":
            statut = t["non"]
        else:
            statut = t["pas_examinee"]
        html.append(
            '\n      <tr class="absence-signalee">\n'
            f'        <th scope="row">{quand}</th>\n'
            "        <td></td>\n        <td></td>\n"
            f"        <td>{statut}</td>\n"
            f"        <td>{e(sg.motif)} "
            f'<span class="badge-signalee">({t["par_famille"]})</span></td>\n'
            "      </tr>\n    "
        )
    html.append("\n    ")
    if not contexte["absences"] and not contexte["signalees"]:
        html.append(f'\n      <tr><td colspan="5">{t["aucune_absence"]}</td></tr>\n    ')
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


def lignes_signalees(contexte) -> SafeString:
    """The rows of the Absences tab's table: the absences the family reported, each with
    its Withdraw form while it may still be withdrawn."""
    t = textes()
    eleve = contexte["eleve"]
    html = []
    for absence, retirable in contexte["signalees"]:
        if absence.debut == absence.fin:
            quand = date_courte(absence.debut)
        else:
            quand = du_au(t, absence.debut, absence.fin)
        if absence.tous_les_cours:
            cours = t["tous_les_cours"]
        else:
            cours = ", ".join(e(i.cours.code) for i in absence.inscriptions.all())
        retrait = ""
        if retirable:
            url = url_entiers("eleves:absence_retirer", eleve.pk, absence.pk)
            jeton = e(contexte["csrf_token"])
            retrait = (
                f'<form method="post" action="{url}">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{jeton}">'
                '<button type="submit" class="btn btn-outline-secondary btn-sm">'
                f"{t['retirer']}"
                f'<span class="visually-hidden"> {date_courte(absence.debut)}</span>'
                "</button></form>"
            )
        html.append(
            "\n      <tr>\n"
            f'        <th scope="row">{quand}</th>\n'
            f"        <td>{cours}</td>\n"
            f"        <td>{e(absence.motif)}</td>\n"
            f"        <td>{e(libelle(AbsenceSignalee.Statut, absence.statut))}</td>\n"
            f"        <td>{retrait}</td>\n"
            "      </tr>\n    "
        )
    if not html:
        html.append(f'\n      <tr><td colspan="5">{t["aucune_signalee"]}</td></tr>\n    ')
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)
