"""The invoices to pay and their instalments rendered in Python (facturation/dues_html.py):
the same HTML as the template code they replace, in both languages, hostile values
escaped, the page's CSRF token in every form."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, engines
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import translation

from facturation import lecture
from facturation.dues_html import echeanciers_html, lignes_html
from facturation.lecture import FactureDue
from facturation.models import Echeance, Nature
from facturation.templatetags.echeances import Echeancier
from tests.facturation import factories as ff

# The loop of compte.html the Python rendering replaced.
BOUCLE_DUES = """{% load i18n facturation %}
      {% for due in compte.dues %}
      <tr>
        <th scope="row" data-libelle="{% translate "Invoice" %}"><a href="{% url 'facturation:facture_pdf' due.facture.pk %}">{{ due.facture.numero }}<span class="precision-lien"> {% translate "(PDF duplicate)" %}</span></a></th>
        <td data-libelle="{% translate "Date" %}">{{ due.facture.date_emission|date:"SHORT_DATE_FORMAT" }}</td>
        <td data-libelle="{% translate "Due date" %}">{{ due.facture.date_echeance|date:"SHORT_DATE_FORMAT" }}</td>
        <td class="montant" data-libelle="{% translate "Amount" %}">{{ due.facture.montant|euros }}</td>
        <td class="montant" data-libelle="{% translate "Left to pay" %}">{{ due.reste|euros }}</td>
        <td>
          {% if due.paiement_en_cours_id %}
          <a href="{% url 'facturation:paiement' due.paiement_en_cours_id %}">{% translate "Payment being verified" %}</a>
          {% elif not refus_paiement %}
          <form method="post" action="{% url 'facturation:payer' due.facture.pk %}" class="m-0">{% csrf_token %}
            <button type="submit" class="btn btn-primary btn-sm">{% translate "Online payment" %}<span class="precision-lien"> — {{ due.facture.numero }}, {{ due.reste|euros }}</span></button>
          </form>
          {% else %}—{% endif %}
        </td>
      </tr>
      {% endfor %}
"""  # noqa: E501

# facturation/echeances_compte.html as it was (included by compte.html), its read of the
# instalments (`{% echeanciers_des_dues compte.dues as echeanciers %}`) given instead.
INCLUSION = """{% load i18n facturation %}
{% if echeanciers %}
<section aria-labelledby="titre-echeances" class="mb-4">
  <h3 id="titre-echeances">{% translate "Instalments" %}</h3>
  {% for ech in echeanciers %}
  <div class="echeancier">
    <h4>{% blocktranslate with numero=ech.facture.numero %}Invoice {{ numero }}{% endblocktranslate %}</h4>
    {% if ech.echeances %}
    <div class="tableau-defilant" role="region" tabindex="0" aria-labelledby="legende-echeances-{{ ech.facture.pk }}">
    <table class="table table-sm">
      <caption id="legende-echeances-{{ ech.facture.pk }}">{% blocktranslate with numero=ech.facture.numero %}Due dates of invoice {{ numero }}{% endblocktranslate %}</caption>
      <thead><tr>
        <th scope="col">{% translate "Instalment" %}</th>
        <th scope="col">{% translate "Date" %}</th>
        <th scope="col" class="montant">{% translate "Amount" %}</th>
        <th scope="col">{% translate "Status" %}</th>
      </tr></thead>
      <tbody>
      {% for e in ech.echeances %}
        <tr>
          <th scope="row">{{ e.rang }}/{{ e.nombre }}</th>
          <td>{{ e.date|date:"SHORT_DATE_FORMAT" }}</td>
          <td class="montant">{{ e.montant|euros }}</td>
          <td>{{ e.get_statut_display }}{% if e.rejets %} — {% blocktranslate count n=e.rejets %}{{ n }} rejected collection{% plural %}{{ n }} rejected collections{% endblocktranslate %}{% endif %}</td>
        </tr>
      {% endfor %}
      </tbody>
    </table>
    </div>
    {% else %}
    <p>{% blocktranslate with date=ech.facture.date_echeance|date:"SHORT_DATE_FORMAT" %}To pay in one go by {{ date }}.{% endblocktranslate %}</p>
    {% endif %}
    {% if ech.modifiable %}
    <form method="post" action="{% url 'facturation:echeances_choisir' ech.facture.pk %}" class="choix-echeances">{% csrf_token %}
      <fieldset>
        <legend>{% blocktranslate with numero=ech.facture.numero %}How do you want to pay invoice {{ numero }}?{% endblocktranslate %}</legend>
        {% for n in ech.plans %}
        <div>
          <input type="radio" name="nombre" value="{{ n }}" id="id_nombre_{{ ech.facture.pk }}_{{ n }}"{% if ech.echeances|length == n or not ech.echeances and n == 1 %} checked{% endif %}>
          <label for="id_nombre_{{ ech.facture.pk }}_{{ n }}">{% if n == 1 %}{% translate "In one payment" %}{% else %}{% blocktranslate %}In {{ n }} monthly instalments{% endblocktranslate %}{% endif %}</label>
        </div>
        {% endfor %}
      </fieldset>
      <button type="submit" class="btn btn-secondary btn-sm">{% blocktranslate with numero=ech.facture.numero %}Choose this plan for invoice {{ numero }}{% endblocktranslate %}</button>
    </form>
    {% endif %}
  </div>
  {% endfor %}
</section>
{% endif %}
"""  # noqa: E501

HOSTILE = "<script>alert('x')</script> & \"q\""
JETON = 'j<e>"ton'


def _facture(pk, numero, *, echeance=date(2026, 11, 15), en_cours=None, montant="1234.5"):
    return SimpleNamespace(
        pk=pk,
        numero=numero,
        date_emission=date(2026, 10, 16),
        date_echeance=echeance,
        montant=Decimal(montant),
        paiement_en_cours_id=en_cours,
    )


def dues() -> list[FactureDue]:
    return [
        FactureDue(_facture(381, f"F<b>1</b>{HOSTILE}"), Decimal("1234.5")),
        FactureDue(_facture(1_234_567, "F2", echeance=None, en_cours=98_765), Decimal("0.01")),
        FactureDue(_facture(5, "", montant="-3"), Decimal("1000000")),
    ]


def _jeton():
    return CsrfTokenNode().render(Context({"csrf_token": JETON}))


def _rendre(source, contexte):
    return engines["django"].from_string(source).render({**contexte, "csrf_token": JETON})


@pytest.mark.parametrize("langue", ["fr", "en"])
@pytest.mark.parametrize("refus", ["", "Pas de paiement <en ligne>"])
def test_invoices_to_pay_are_the_template_loop_s_bytes(langue, refus):
    with translation.override(langue):
        attendu = _rendre(BOUCLE_DUES, {"compte": {"dues": dues()}, "refus_paiement": refus})
        obtenu = "\n      " + lignes_html(dues(), refus, _jeton) + "\n"
    assert obtenu == attendu
    assert "<script>" not in obtenu and "&lt;script&gt;" in obtenu
    assert ("j&lt;e&gt;&quot;ton" in obtenu) == (not refus)


def echeanciers() -> list[Echeancier]:
    def ech(rang, statut, rejets=0):
        return Echeance(
            rang=rang,
            nombre=3,
            date=date(2026, 9 + rang, 15),
            montant=Decimal("33.33"),
            statut=statut,
            rejets=rejets,
        )

    statuts = Echeance.Statut
    return [
        Echeancier(_facture(381, HOSTILE), [], [1, 3, 10], modifiable=True),
        Echeancier(
            _facture(4_321, "F<2>"),
            [ech(1, statuts.PRELEVEE), ech(2, statuts.A_PAYER, 1), ech(3, "inconnu", 2)],
            [1, 3],
            modifiable=False,
        ),
        Echeancier(_facture(7, "F3"), [ech(1, statuts.A_PAYER)] * 3, [1, 2, 3], modifiable=True),
        Echeancier(_facture(8, "F4", echeance=None), [], [], modifiable=False),
    ]


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_instalments_are_the_include_s_bytes(langue):
    with translation.override(langue):
        for liste in (echeanciers(), []):
            attendu = _rendre(INCLUSION, {"echeanciers": liste})
            assert echeanciers_html(liste, _jeton) == attendu
    html = echeanciers_html(echeanciers(), _jeton)
    assert "<script>" not in html and "<2>" not in html and "&lt;script&gt;" in html
    assert html.count('value="j&lt;e&gt;&quot;ton"') == 2


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_account_page_instalments_as_the_include_rendered_them(
    langue, client_r1, famille, irina, etablissement
):
    from facturation.services import echeancier_choisir

    ff.bac_a_sable(etablissement)
    premiere = ff.facture(famille, eleve=irina, montant="90.00", jour=date(2026, 10, 1))
    ff.facture(famille, eleve=irina, montant="60.00", jour=date(2026, 10, 2))
    echeancier_choisir(facture=premiere, nombre=3, par=None, jour=date(2026, 10, 12))
    with translation.override(langue):
        compte = lecture.compte(famille, Nature.COTISATION)
        contexte = {"compte": compte, "refus_paiement": ""}
        source = "{% load dues %}{% lignes_dues compte.dues refus_paiement %}"
        assert "\n      " + _rendre(source, contexte) + "\n" == _rendre(BOUCLE_DUES, contexte)
        ancienne = INCLUSION.replace(
            "{% load i18n facturation %}",
            "{% load i18n facturation echeances %}"
            "{% echeanciers_des_dues compte.dues as echeanciers %}",
        )
        source = "{% load dues %}{% echeanciers_compte compte.dues %}"
        assert _rendre(source, contexte) == _rendre(ancienne, contexte)
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert 'name="nombre"' in page and page.count('name="csrfmiddlewaretoken"') >= 3
    assert reverse("facturation:payer", args=[premiere.pk]) in page


def test_account_page_queries(
    client_r1, famille, irina, etablissement, django_assert_max_num_queries
):
    from facturation.services import echeancier_choisir

    ff.bac_a_sable(etablissement)
    ff.facture(famille, eleve=irina, montant="90.00", jour=date(2026, 1, 1))
    ff.facture(famille, eleve=irina, montant="60.00", jour=date(2026, 1, 2))
    ff.reglement(famille, "10.00", jour=date(2026, 1, 20))  # an attestation
    client_r1.get(reverse("facturation:index"))
    # Session, user, guardian; invoices, payments, school settings, attestations'
    # pupils, reminders: the instalments are read only when an invoice has some.
    with django_assert_max_num_queries(8):
        assert "Attestation 2026" in client_r1.get(reverse("facturation:index")).text
    for _ in range(4):
        echeancier_choisir(facture=ff.facture(famille, eleve=irina), nombre=3, par=None)
    with django_assert_max_num_queries(9):
        assert "1/3" in client_r1.get(reverse("facturation:index")).text
