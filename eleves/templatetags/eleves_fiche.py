"""The pupil file's repeated pieces, built in Python: {% entete_fiche %}, the rows of the
Cours and Historique tables (eleves/rendu_fiche.py), a course sheet's description and rows
(eleves/rendu_inscription.py). Each takes the page's context as the template had it."""

from django import template

from eleves import rendu_fiche, rendu_inscription

register = template.Library()


@register.simple_tag(takes_context=True)
def entete_fiche(context):
    return rendu_fiche.entete(context)


@register.simple_tag(takes_context=True)
def lignes_cours(context):
    return rendu_fiche.lignes_cours(context["eleve"], context["inscriptions"], context["texte"])


@register.simple_tag(takes_context=True)
def lignes_historique(context):
    return rendu_fiche.lignes_historique(
        context["eleve"], context["inscriptions"], context["texte"]
    )


@register.simple_tag(takes_context=True)
def description_fiche(context):
    return rendu_inscription.description(context)


@register.simple_tag(takes_context=True)
def lignes_evaluations(context):
    return rendu_inscription.lignes_evaluations(context)


@register.simple_tag(takes_context=True)
def lignes_absences(context):
    return rendu_inscription.lignes_absences(context)


@register.simple_tag(takes_context=True)
def lignes_signalees(context):
    return rendu_inscription.lignes_signalees(context)
