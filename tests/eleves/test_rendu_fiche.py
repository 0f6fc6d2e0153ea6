"""The pupil file's pieces built in Python (eleves/rendu_fiche.py, eleves/rendu_inscription.py)
give the HTML the templates gave: the removed template fragments are kept here as the
reference and rendered by the engine with the page's own context, in both languages, on
data with hostile values (markup in a course code, a teacher's name, a comment, a reason),
empty fields and the search's empty cases. Also: imuse.menu.url_entiers against reverse()."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from eleves import rendu_fiche, rendu_inscription
from eleves.models import AbsenceSignalee, Inscription
from imuse.menu import url_entiers
from tests import factories as f
from tests.eleves.conftest import annees_passees, cours

HOSTILE = '<script>alert("x")</script>'

ENTETE = """<h1>{% blocktranslate with eleve=eleve %}Pupil file — {{ eleve }}{% endblocktranslate %}</h1>
{% if eleves_famille|length > 1 %}
<form method="get" action="{% url 'eleves:index' %}" class="choix-eleve">
  <label for="choix-eleve">{% translate "Pupil" %}</label>
  <select name="eleve" id="choix-eleve">
    {% for autre in eleves_famille %}<option value="{{ autre.pk }}"{% if autre.pk == eleve.pk %} selected{% endif %}>{{ autre }}</option>{% endfor %}
  </select>
  <input type="hidden" name="onglet" value="{{ onglet_actif }}">
  <button type="submit" class="btn btn-outline-primary btn-sm">{% translate "Show" %}</button>
</form>
{% endif %}
{# Both modes: a named navigation with aria-current (the accessible mode shows it as a vertical list). #}
<nav class="onglets" aria-label="{% translate 'Pupil file' %}">
  <ul>
    {% for onglet in onglets %}
    <li><a href="{{ onglet.url }}"{% if onglet.cle == onglet_actif %} aria-current="page"{% endif %}>{{ onglet.libelle }}</a></li>
    {% endfor %}
  </ul>
</nav>"""  # noqa: E501

COURS = """{% for ins in inscriptions %}
    <tr>
      <th scope="row"><a href="{% url 'eleves:inscription' eleve.pk ins.pk %}">{{ ins.cours.code }}</a></th>
      <td>{{ ins.cours.enseignant|default:"" }}</td>
      <td>{{ ins.cours.cycle|default:"" }}</td>
      <td>{{ ins.cours.salle|default:"" }}</td>
      <td>{{ ins.cours.get_jour_display|default:"" }}</td>
      <td>{% if ins.heure_passage %}{{ ins.heure_passage|time:"H:i" }}{% elif ins.cours.heure %}{{ ins.cours.heure|time:"H:i" }}{% endif %}</td>
      <td>{{ ins.cours.duree|duree }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="7">{% if texte %}{% translate "No course matches your search." %}{% else %}{% translate "No course this year." %}{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501

HISTORIQUE = """{% for ins in inscriptions %}
    <tr>
      <th scope="row"><a href="{% url 'eleves:inscription' eleve.pk ins.pk %}">{{ ins.cours.annee }}<span class="precision-lien"> — {{ ins.cours.code }}</span></a></th>
      <td>{{ ins.cours.discipline.departement }}</td>
      <td>{{ ins.cours.code }}</td>
      <td>{{ ins.cours.cycle|default:"" }}</td>
      <td>{{ ins.cours.enseignant|default:"" }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="5">{% if texte %}{% translate "No course sheet matches your search." %}{% else %}{% translate "No course sheet from earlier years." %}{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501

DESCRIPTION = """    <dt>{% translate "Year" %}</dt><dd>{{ fiche.cours.annee }}</dd>
    <dt>{% translate "Period" %}</dt><dd>{% if fiche.date_debut %}{% blocktranslate with debut=fiche.date_debut|date:"SHORT_DATE_FORMAT" fin=fiche.date_fin|date:"SHORT_DATE_FORMAT" %}from {{ debut }} to {{ fin }}{% endblocktranslate %}{% else %}—{% endif %}</dd>
    <dt>{% translate "Department" %}</dt><dd>{{ fiche.cours.discipline.departement }}</dd>
    <dt>{% translate "Class" %}</dt><dd>{{ fiche.cours.code }}</dd>
    <dt>{% translate "Cycle" %}</dt><dd>{{ fiche.cours.cycle|default:"—" }}</dd>
    <dt>{% translate "Teacher" %}</dt><dd>{{ fiche.cours.enseignant|default:"—" }}</dd>
    <dt>{% translate "Room" %}</dt><dd>{{ fiche.cours.salle|default:"—" }}</dd>
    <dt>{% translate "Day and time" %}</dt><dd>{{ fiche.cours.get_jour_display|default:"—" }}{% if fiche.heure_passage %} {{ fiche.heure_passage|time:"H:i" }}{% elif fiche.cours.heure %} {{ fiche.cours.heure|time:"H:i" }}{% endif %} ({{ fiche.cours.duree|duree }})</dd>
    <dt>{% translate "Hours" %}</dt><dd>{{ fiche.nb_heures|duree|default:"—" }}</dd>
    <dt>{% translate "Hours done" %}</dt><dd>{{ fiche.nb_heures_effectuees|duree|default:"—" }}</dd>
    <dt>{% translate "Sessions" %}</dt><dd>{% if a_un_horaire %}{% blocktranslate count n=nombre_seances %}{{ n }} session (holidays, closures and cancellations taken into account){% plural %}{{ n }} sessions (holidays, closures and cancellations taken into account){% endblocktranslate %}{% else %}—{% endif %}</dd>
    <dt>{% translate "Total abs." %}</dt><dd>{{ absences_total }}</dd>
    <dt>{% translate "Unjustified abs." %}</dt><dd>{{ absences_non_justifiees }}</dd>
    <dt>{% translate "Adapted timetable" %}</dt><dd>{{ fiche.horaires_amenages|yesno:_("Yes,No") }}</dd>
    <dt>{% translate "Activity status" %}</dt><dd>{{ fiche.get_situation_activite_display }}</dd>
    <dt>{% translate "Reason" %}</dt><dd>{{ fiche.motif|default:"—" }}</dd>
    <dt>{% translate "First instrument" %}</dt><dd>{{ fiche.premier_instrument|yesno:_("Yes,No") }}</dd>
    <dt>{% translate "Average" %}</dt><dd>{% if fiche.moyenne is not None %}{{ fiche.moyenne|floatformat:2 }} / 20{% else %}—{% endif %}</dd>
    <dt>{% translate "Letter average" %}</dt><dd>{{ fiche.moyenne_lettree|default:"—" }}</dd>
    <dt>{% translate "Distinction" %}</dt><dd>{{ fiche.mention|default:"—" }}</dd>
    <dt>{% translate "Class result" %}</dt><dd>{{ fiche.resultat_classe|default:"—" }}</dd>
    <dt>{% translate "Cycle result" %}</dt><dd>{{ fiche.resultat_cycle|default:"—" }}</dd>
    <dt>{% translate "Class admission" %}</dt><dd>{{ fiche.admission_classe|default:"—" }}</dd>
    <dt>{% translate "Cycle admission" %}</dt><dd>{{ fiche.admission_cycle|default:"—" }}</dd>
    <dt>{% translate "Comment" %}</dt><dd>{{ fiche.commentaire|default:"—"|linebreaksbr }}</dd>
"""  # noqa: E501

EVALUATIONS = """{% for ev in evaluations %}
      <tr>
        <th scope="row"><a href="{% url 'eleves:evaluation' eleve.pk fiche.pk ev.pk %}"><span lang="fr">{{ ev.type_evaluation }}</span><span class="visually-hidden">{% blocktranslate with date=ev.date|date:"SHORT_DATE_FORMAT" cours=fiche.cours.code %}, {{ cours }}, {{ date }}{% endblocktranslate %}</span></a></th>
        <td>{{ ev.date|date:"SHORT_DATE_FORMAT" }}</td>
        <td lang="fr">{{ ev.critere }}</td>
        <td>{% if ev.note is not None %}{{ ev.note|floatformat:2 }} / {{ ev.denominateur|floatformat:2 }}{% endif %}</td>
        <td>{{ ev.coefficient|floatformat:2 }}</td>
        <td>{{ ev.lettre }}</td>
        <td>{{ ev.mention }}</td>
        <td lang="fr">{{ ev.appreciation|truncatechars:60 }}</td>
        <td>{% if ev.absent %}{% translate "Yes" %}{% endif %}</td>
      </tr>
    {% empty %}
      <tr><td colspan="9">{% translate "No evaluation." %}</td></tr>
    {% endfor %}"""  # noqa: E501

ABSENCES = """{% for ab in absences %}
      <tr>
        <th scope="row"><a href="{% url 'eleves:absence' eleve.pk fiche.pk ab.pk %}">{{ ab.date|date:"SHORT_DATE_FORMAT" }}</a></th>
        <td>{{ ab.heure|time:"H:i" }}</td>
        <td>{{ ab.duree|duree }}</td>
        <td>{{ ab.justifiee|yesno:_("Yes,No") }}</td>
        <td lang="fr">{{ ab.motif }}</td>
      </tr>
    {% endfor %}
    {% for sg in signalees %}
      <tr class="absence-signalee">
        <th scope="row">{% if sg.debut == sg.fin %}{{ sg.debut|date:"SHORT_DATE_FORMAT" }}{% else %}{% blocktranslate with debut=sg.debut|date:"SHORT_DATE_FORMAT" fin=sg.fin|date:"SHORT_DATE_FORMAT" %}from {{ debut }} to {{ fin }}{% endblocktranslate %}{% endif %}</th>
        <td></td>
        <td></td>
        <td>{% if sg.statut == "justifiee" %}{% translate "Yes" %}{% elif sg.statut == "non_justifiee" %}{% translate "No" %}{% else %}{% translate "not yet examined" %}{% endif %}</td>
        <td>{{ sg.motif }} <span class="badge-signalee">({% translate "reported by the family" %})</span></td>
      </tr>
    {% endfor %}
    {% if not absences and not signalees %}
      <tr><td colspan="5">{% translate "No absence." %}</td></tr>
    {% endif %}"""  # noqa: E501

SIGNALEES = """{% for absence, retirable in signalees %}
      <tr>
        <th scope="row">{% if absence.debut == absence.fin %}{{ absence.debut|date:"SHORT_DATE_FORMAT" }}{% else %}{% blocktranslate with debut=absence.debut|date:"SHORT_DATE_FORMAT" fin=absence.fin|date:"SHORT_DATE_FORMAT" %}from {{ debut }} to {{ fin }}{% endblocktranslate %}{% endif %}</th>
        <td>{% if absence.tous_les_cours %}{% translate "All courses" %}{% else %}{% for i in absence.inscriptions.all %}{{ i.cours.code }}{% if not forloop.last %}, {% endif %}{% endfor %}{% endif %}</td>
        <td>{{ absence.motif }}</td>
        <td>{{ absence.get_statut_display }}</td>
        <td>{% if retirable %}<form method="post" action="{% url 'eleves:absence_retirer' eleve.pk absence.pk %}">{% csrf_token %}<button type="submit" class="btn btn-outline-secondary btn-sm">{% translate "Withdraw" %}<span class="visually-hidden"> {{ absence.debut|date:"SHORT_DATE_FORMAT" }}</span></button></form>{% endif %}</td>
      </tr>
    {% empty %}
      <tr><td colspan="5">{% translate "No absence reported." %}</td></tr>
    {% endfor %}"""  # noqa: E501

RECHERCHE = """<form method="get" class="form-recherche" role="search" aria-label="{{ libelle }}">
  {% for nom, valeur in conserver %}<input type="hidden" name="{{ nom }}" value="{{ valeur }}">{% endfor %}
  <label for="{{ champ.auto_id }}">{{ libelle }}</label>
  <input type="search" name="{{ champ.html_name }}" id="{{ champ.auto_id }}" value="{{ champ.value|default:'' }}" maxlength="100">
  <button type="submit" class="btn btn-outline-primary btn-sm">{% translate "Search" %}</button>
  {% if champ.value %}<a href="?{% for nom, valeur in conserver %}{{ nom }}={{ valeur|urlencode }}&amp;{% endfor %}">{% translate "Show all" %}</a>{% endif %}
</form>
"""  # noqa: E501


def _reference(fragment: str, contexte: dict) -> str:
    gabarit = engines["django"].from_string("{% load i18n eleves_format %}" + fragment)
    return gabarit.render(contexte)


def _fiches(contexte: dict) -> dict:
    """The Historique context with its rows (tuples) as the sheets they are, in order:
    what the removed template read."""
    pks = [ligne[0] for ligne in contexte["inscriptions"]]
    fiches = Inscription.objects.in_bulk(pks)
    return {**contexte, "inscriptions": [fiches[pk] for pk in pks]}


def _contexte(client, url: str) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    return page.context[0].flatten()  # the page template's own (includes come after)


@pytest.fixture
def donnees_hostiles(irina, hugo, annee, etablissement, structure):
    """Irina: a course with markup everywhere and empty fields, another with every field;
    evaluations, final absences and reported ones; a past year's sheet."""
    hostile = f.CoursFactory(
        annee=annee,
        discipline=structure["discipline"],
        enseignant=f.EnseignantFactory(etablissement=etablissement, nom=HOSTILE, prenom="A&B"),
        cycle=None,
        salle=None,
        code=f"FM {HOSTILE}",
        jour=None,
        heure=None,
    )
    vide = f.InscriptionFactory(
        eleve=irina, cours=hostile, date_debut=None, nb_heures=None, nb_heures_effectuees=None
    )
    pleine = f.InscriptionFactory(
        eleve=irina,
        cours=cours(annee, structure, code="PIANO 1C2", jour=3, heure=dt.time(9, 5)),
        heure_passage=dt.time(17, 45),
        horaires_amenages=True,
        premier_instrument=True,
        moyenne=Decimal("14.5"),
        moyenne_lettree="<b>A</b>",
        mention="Très bien",
        motif='"Déménagement" & <i>retour</i>',
        commentaire=f"Bonne année\n{HOSTILE}\nà suivre",
    )
    for fiche in (vide, pleine):
        f.EvaluationFactory(
            inscription=fiche,
            type_evaluation=HOSTILE,
            critere="<em>Rythme</em>",
            appreciation="<b>" + "très " * 20 + "</b>",
            lettre="<A>",
            mention="&",
            absent=True,
            note=None,
        )
        f.EvaluationFactory(inscription=fiche, date=dt.date(2026, 12, 1))
        f.AbsenceFactory(inscription=fiche, motif=HOSTILE, justifiee=False)
        f.AbsenceFactory(inscription=fiche, date=dt.date(2026, 11, 20), heure=None)
        for debut, fin, statut in (
            (dt.date(2026, 9, 10), dt.date(2026, 9, 10), AbsenceSignalee.Statut.JUSTIFIEE),
            (dt.date(2026, 9, 11), dt.date(2026, 9, 14), AbsenceSignalee.Statut.NON_JUSTIFIEE),
            (dt.date(2026, 9, 15), dt.date(2026, 9, 16), AbsenceSignalee.Statut.SIGNALEE),
        ):
            AbsenceSignalee.objects.create(
                eleve=irina, debut=debut, fin=fin, motif=HOSTILE, statut=statut
            )
    bientot = timezone.localdate() + dt.timedelta(days=3)
    choisie = AbsenceSignalee.objects.create(
        eleve=irina, debut=bientot, fin=bientot, motif=HOSTILE, tous_les_cours=False
    )
    choisie.inscriptions.set([vide, pleine])
    AbsenceSignalee.objects.create(
        eleve=irina, debut=bientot, fin=bientot + dt.timedelta(days=2), motif="Voyage"
    )
    passee = annees_passees(etablissement, 1)[0]
    f.InscriptionFactory(eleve=irina, cours=cours(passee, structure, code=f"VIOL {HOSTILE}"))
    return vide, pleine


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_the_file_pieces_are_the_templates_html(client_r1, irina, hugo, donnees_hostiles, langue):
    vide, pleine = donnees_hostiles
    client_r1.cookies["django_language"] = langue
    base = f"/eleves/{irina.pk}"
    with translation.override(langue):
        for url in (f"{base}/cours/", f"{base}/cours/?q=zzz", f"{base}/historique/"):
            contexte = _contexte(client_r1, url)
            assert str(rendu_fiche.entete(contexte)) == _reference(ENTETE, contexte)
            if "historique" in url:
                attendu, obtenu = HISTORIQUE, rendu_fiche.lignes_historique
            else:
                attendu, obtenu = COURS, rendu_fiche.lignes_cours
            lignes = obtenu(contexte["eleve"], contexte["inscriptions"], contexte["texte"])
            reference = _fiches(contexte) if "historique" in url else contexte
            assert str(lignes) == _reference(attendu, reference)
        for url in (f"{base}/historique/?q=zzz", f"/eleves/{hugo.pk}/historique/"):
            contexte = _contexte(client_r1, url)
            lignes = rendu_fiche.lignes_historique(
                contexte["eleve"], contexte["inscriptions"], contexte["texte"]
            )
            assert str(lignes) == _reference(HISTORIQUE, _fiches(contexte))
        for url in (
            f"{base}/fiches/{vide.pk}/",
            f"{base}/fiches/{pleine.pk}/",
            f"{base}/fiches/{pleine.pk}/?eval-q=zzz&abs-q=zzz",
        ):
            contexte = _contexte(client_r1, url)
            for fragment, fonction in (
                (DESCRIPTION, rendu_inscription.description),
                (EVALUATIONS, rendu_inscription.lignes_evaluations),
                (ABSENCES, rendu_inscription.lignes_absences),
            ):
                assert str(fonction(contexte)) == _reference(fragment, contexte)
        for url in (f"{base}/absences/", f"/eleves/{hugo.pk}/absences/"):
            contexte = _contexte(client_r1, url)
            lignes = rendu_inscription.lignes_signalees(contexte)
            assert str(lignes) == _reference(SIGNALEES, contexte)


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_the_search_form_is_the_include_it_replaced(client_r1, irina, donnees_hostiles, langue):
    _vide, pleine = donnees_hostiles
    libelle = 'Rechercher <b>"x"</b>'
    base = f"/eleves/{irina.pk}/fiches/{pleine.pk}/"
    with translation.override(langue):
        for requete in ("", "?eval-q=" + HOSTILE, f"?eval-q=a%26b&abs-q={HOSTILE}"):
            contexte = _contexte(client_r1, base + requete)
            for champ, conserver in (
                (contexte["recherche_eval"]["q"], contexte["conserver_eval"]),
                (contexte["recherche_abs"]["q"], contexte["conserver_abs"]),
                (contexte["recherche_abs"]["q"], ()),
            ):
                attendu = _reference(
                    RECHERCHE, {"champ": champ, "libelle": libelle, "conserver": conserver}
                )
                assert str(rendu_fiche.formulaire_recherche(champ, libelle, conserver)) == attendu


def test_hostile_values_are_escaped_on_the_pages(client_r1, irina, donnees_hostiles):
    vide, pleine = donnees_hostiles
    pages = ("cours/", "historique/", "absences/", f"fiches/{vide.pk}/", f"fiches/{pleine.pk}/")
    for url in pages:
        html = client_r1.get(f"/eleves/{irina.pk}/{url}").content.decode()
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    html = client_r1.get(f"/eleves/{irina.pk}/fiches/{pleine.pk}/").content.decode()
    assert "Bonne année<br>&lt;script&gt;" in html and "&lt;b&gt;A&lt;/b&gt;" in html
    assert "&quot;Déménagement&quot; &amp; &lt;i&gt;retour&lt;/i&gt;" in html


def test_another_familys_pupil_and_sheet_still_answer_404(
    client_r1, client_autre, irina, donnees_hostiles
):
    vide, _pleine = donnees_hostiles
    for url in ("cours/", "historique/", f"fiches/{vide.pk}/", "identite/", "absences/"):
        assert client_autre.get(f"/eleves/{irina.pk}/{url}").status_code == 404


def test_url_entiers_is_reverse_with_the_script_prefix():
    for nom, args in (
        ("eleves:index", ()),
        ("eleves:cours", (7,)),
        ("eleves:inscription", (12, 3456)),
        ("eleves:evaluation", (1, 22, 333)),
        ("reinscription:eleve", (9,)),
    ):
        assert url_entiers(nom, *args) == reverse(nom, args=args)
    try:
        set_script_prefix("/portail/")
        assert url_entiers("eleves:cours", 7) == "/portail/eleves/7/cours/"
    finally:
        set_script_prefix("/")
    assert url_entiers("eleves:cours", 7) == "/eleves/7/cours/"
