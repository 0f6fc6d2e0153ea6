"""The Réinscription tab's course rows rendered in Python (reinscription/rendu_onglet.py):
the same HTML as the template loop they replace, in both languages, hostile values
escaped."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from reinscription.rendu_onglet import lignes_cours_html, lignes_pieces_html

# The loop of reinscription/eleve.html the Python rendering replaced.
BOUCLE = """{% load i18n %}
    {% for inscription, cochee in lignes_cours %}{% with cours=inscription.cours %}
    <tr>
      <td data-libelle="{% translate "Programme" %}">{{ cours.discipline.departement.nom }}</td>
      <th scope="row" data-libelle="{% translate "Course" %}">{{ cours.code }}</th>
      <td data-libelle="{% translate "Teacher" %}">{% if cours.enseignant %}{{ cours.enseignant.prenom }} {{ cours.enseignant.nom|upper }}{% endif %}</td>
      <td data-libelle="{% translate "Cycle" %}">{{ cours.cycle.code|default:"" }}</td>
      <td data-libelle="{% translate "Active" %}">{% if inscription.situation_activite == "actif" %}{% translate "Yes" %}{% else %}{% translate "No" %}{% endif %}</td>
      <td class="case" data-libelle="{% translate "Re-enrolment" %}">
        <input type="checkbox" name="cours" value="{{ inscription.pk }}" id="id_cours_{{ inscription.pk }}"{% if cochee %} checked{% endif %}{% if not modifiable %} disabled{% endif %}>
        <label for="id_cours_{{ inscription.pk }}" class="visually-hidden">{% blocktranslate with code=cours.code %}Re-enrol in {{ code }}{% endblocktranslate %}</label>
      </td>
    </tr>
    {% endwith %}{% endfor %}
"""  # noqa: E501

HOSTILE = "<script>alert('x')</script> & \"q\""


def lignes():
    def cours(code, enseignant=None, cycle=None, departement=None):
        discipline = SimpleNamespace(departement=departement)
        return SimpleNamespace(code=code, enseignant=enseignant, cycle=cycle, discipline=discipline)

    prof = SimpleNamespace(prenom=f"Chloé {HOSTILE}", nom="petit <b>")
    return [
        (
            SimpleNamespace(
                pk=992,
                situation_activite="actif",
                cours=cours(
                    f"VIOL {HOSTILE}",
                    prof,
                    SimpleNamespace(code="2C<1>"),
                    SimpleNamespace(nom=f"Cordes {HOSTILE}"),
                ),
            ),
            True,
        ),
        (SimpleNamespace(pk=1_234_567, situation_activite="inactif", cours=cours("FM")), False),
    ]


@pytest.mark.parametrize("langue", ["fr", "en"])
@pytest.mark.parametrize("modifiable", [True, False])
def test_course_rows_are_the_template_loop_s_bytes(langue, modifiable):
    gabarit = engines["django"].from_string(BOUCLE)
    with translation.override(langue):
        attendu = gabarit.render({"lignes_cours": lignes(), "modifiable": modifiable})
        obtenu = "\n    " + lignes_cours_html(lignes(), modifiable) + "\n"
    assert obtenu == attendu
    assert "<script>" not in obtenu and "<b>" not in obtenu and "&lt;script&gt;" in obtenu
    assert lignes_cours_html([], True) == ""


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_tab_course_rows_as_the_loop_rendered_them(langue, client_r1, pieces, irina, cours_irina):
    from reinscription.views import _INSCRIPTIONS

    inscriptions = _INSCRIPTIONS.lister(irina.pk, irina.famille.etablissement_id)
    lignes_cours = [(i, n == 0) for n, i in enumerate(inscriptions)]
    gabarit = engines["django"].from_string(BOUCLE)
    with translation.override(langue):
        attendu = gabarit.render({"lignes_cours": lignes_cours, "modifiable": True})
        assert "\n    " + lignes_cours_html(lignes_cours, True) + "\n" == attendu
    page = client_r1.get(reverse("reinscription:eleve", args=[irina.pk])).content.decode()
    for inscription in cours_irina:
        assert f'id="id_cours_{inscription.pk}"' in page


# The loop of reinscription/pieces.html the Python rendering replaced.
BOUCLE_PIECES = """{% load i18n %}
  {% for ligne in lignes %}{% with pj=ligne.fichier %}
  <tr>
    <th scope="row" lang="fr" data-libelle="{% translate "Document name" %}">{{ ligne.piece.libelle }}</th>
    <td data-libelle="{% translate "File name" %}">{{ pj.nom_original|default:"" }}</td>
    <td data-libelle="{% translate "Date" %}">{% if pj %}{{ pj.deposee_le|date:"SHORT_DATE_FORMAT" }}{% endif %}</td>
    <td data-libelle="{% translate "Time" %}">{% if pj %}{{ pj.deposee_le|time:"H:i" }}{% endif %}</td>
    <td class="nombre" data-libelle="{% translate "Size (MB)" %}">{% if pj %}{{ pj.taille_mo }}{% else %}{{ 0|floatformat:2 }}{% endif %}</td>
    <td data-libelle="{% translate "State" %}"><span class="etat-piece etat-{{ ligne.etat }}">{{ ligne.etat_libelle|capfirst }}</span>{% if pj.etat == "refusee" and pj.motif_refus %}<span class="motif-refus"> : {{ pj.motif_refus }}</span>{% endif %}</td>
    <td>{% if pj %}<a href="{% url 'reinscription:fichier' eleve.pk pj.pk %}">{% translate "Download" %}<span class="precision-lien"> {{ pj.nom_original }}</span></a>{% endif %}</td>
    {% if modifiable %}<td class="actions">{% if pj.modifiable %}
      <a href="?piece={{ ligne.piece.pk }}#importer">{% translate "Replace" %}<span class="precision-lien"> {{ ligne.piece.libelle }}</span></a>
      <button type="submit" form="supprimer-{{ pj.pk }}" class="btn btn-link p-0 ms-2 align-baseline bouton-lien">{% translate "Delete" %}<span class="precision-lien"> {{ pj.nom_original }}</span></button>
    {% endif %}</td>{% endif %}
  </tr>
  {% endwith %}{% endfor %}
"""  # noqa: E501


def lignes_pieces():
    def piece(pk, libelle):
        return SimpleNamespace(pk=pk, libelle=libelle)

    def fichier(pk, etat, modifiable, motif=""):
        return SimpleNamespace(
            pk=pk,
            nom_original=f"scan {HOSTILE}.pdf",
            deposee_le=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # 1 January in Paris
            taille_mo="0,48",
            etat=etat,
            motif_refus=motif,
            modifiable=modifiable,
        )

    def ligne(p, f, etat, libelle):
        return SimpleNamespace(piece=p, fichier=f, etat=etat, etat_libelle=libelle)

    return [
        ligne(piece(3, f"Justificatif {HOSTILE}"), None, "a_fournir", "à fournir"),
        ligne(piece(4, "Photo"), fichier(654, "fournie", True), "fournie", "fournie <i>"),
        ligne(
            piece(1_234_567, "Certificat"),
            fichier(9_876_543, "refusee", True, f"Illisible {HOSTILE}"),
            "refusee",
            "refusée",
        ),
        ligne(piece(6, "Assurance"), fichier(7, "validee", False), "validee", "validée"),
        ligne(piece(8, "Vide"), fichier(8, "refusee", True), "refusee", "refusée"),
    ]


@pytest.mark.parametrize("langue", ["fr", "en"])
@pytest.mark.parametrize("modifiable", [True, False])
def test_document_rows_are_the_template_loop_s_bytes(langue, modifiable):
    eleve = SimpleNamespace(pk=108)
    gabarit = engines["django"].from_string(BOUCLE_PIECES)
    with translation.override(langue):
        contexte = {"lignes": lignes_pieces(), "modifiable": modifiable, "eleve": eleve}
        attendu = gabarit.render(contexte)
        obtenu = "\n  " + lignes_pieces_html(lignes_pieces(), modifiable, eleve) + "\n"
    assert obtenu == attendu
    assert "<script>" not in obtenu and "<i>" not in obtenu and "&lt;script&gt;" in obtenu
    assert "01/01/2027" in obtenu and "00:30" in obtenu
    assert lignes_pieces_html([], True, eleve) == ""


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_tab_document_rows_as_the_loop_rendered_them(
    langue, client_r1, pieces, irina, cours_irina, responsable1
):
    from imuse.televersement import verifier_document
    from reinscription import services
    from reinscription.lecture import pieces_de
    from tests.reinscription.conftest import upload

    campagne = pieces[0].campagne
    demande = services.demande_enregistrer(
        eleve=irina,
        campagne=campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    services.piece_deposer(
        demande=demande,
        piece=pieces[0],
        document=verifier_document(upload("attestation.pdf")),
        par=responsable1.utilisateur,
    )
    famille, propres = pieces_de(campagne, irina, demande, cours_irina)
    gabarit = engines["django"].from_string(BOUCLE_PIECES)
    with translation.override(langue):
        for lignes in (famille, propres):
            contexte = {"lignes": lignes, "modifiable": True, "eleve": irina}
            obtenu = "\n  " + lignes_pieces_html(lignes, True, irina) + "\n"
            assert obtenu == gabarit.render(contexte)
    assert any(ligne.fichier for ligne in famille + propres)
