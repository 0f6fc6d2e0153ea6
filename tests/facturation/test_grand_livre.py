"""The ledger's rows rendered in Python (facturation/grand_livre.py) and the reads of the
account page compiled once: the same HTML as the template loop they replace, hostile
values escaped, other families' rows never shown."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from facturation import lecture
from facturation.grand_livre import lignes_html
from facturation.lecture import Ecriture
from facturation.models import Nature, ParametresPaiement
from facturation.services import paiement
from facturation.templatetags.echeances import _construire, echeanciers_des_dues
from imuse.menu import url_entiers, urls_entiers
from tests.facturation import factories as ff

# The template loop the Python rendering replaced, as it was in compte.html.
BOUCLE = """{% load facturation %}
      {% for e in ecritures %}
      <tr>
        <td>{{ e.date|date:"SHORT_DATE_FORMAT" }}</td>
        <td>{{ e.mode }}</td>
        <td>{% if e.lien %}<a href="{{ e.lien }}" aria-label="{{ e.lien_texte }}"><span class="masque-mode-accessible">{{ e.numero }}</span><span class="seulement-mode-accessible">{{ e.lien_texte }}</span></a>{% else %}{{ e.numero }}{% endif %}</td>
        <td{% if e.libelle_francais %} lang="fr"{% endif %}>{{ e.libelle }}</td>
        <td class="montant">{{ e.debit|euros }}{% if e.etat %}<br><strong class="etat-facture">{{ e.etat }}</strong>{% endif %}</td>
        <td class="montant">{{ e.credit|euros }}</td>
        <td class="montant">{{ e.remise|euros }}</td>
      </tr>
      {% endfor %}
"""  # noqa: E501

HOSTILE = "<script>alert('x')</script> & \"quotes\""


def ecritures() -> list[Ecriture]:
    return [
        Ecriture(
            date=date(2026, 10, 1),
            mode="",
            numero="26FC<b>1</b>",
            libelle=HOSTILE,
            libelle_francais=True,
            debit=Decimal("1234567.5"),
            remise=Decimal("12.30"),
            lien='/facturation/facture/1/pdf/?a=1&b="2"',
            lien_texte=f"Facture {HOSTILE}",
            etat="<i>annulée</i>",
        ),
        Ecriture(
            date=date(2025, 1, 9),
            mode="Chèque <x>",
            numero="25RC00001",
            libelle="",
            credit=Decimal("-84.00"),
        ),
        Ecriture(date=date(999, 12, 31), mode="", numero="", libelle="AVOIR", credit=Decimal(0)),
    ]


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_rows_are_the_template_loop_s_bytes(langue):
    gabarit = engines["django"].from_string(BOUCLE)
    with translation.override(langue):
        attendu = gabarit.render({"ecritures": ecritures()})
        obtenu = "\n      " + lignes_html(ecritures()) + "\n"
    assert obtenu == attendu


def test_hostile_values_are_escaped():
    html = lignes_html(ecritures())
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert 'href="/facturation/facture/1/pdf/?a=1&amp;b=&quot;2&quot;"' in html
    assert lignes_html([]) == ""


def test_urls_built_once_are_reverse_s():
    # The ledger's links come from imuse.menu.url_entiers (reversed once per process) and
    # urls_entiers (the same, the URL configuration read once per table).
    for nom in ("facturation:facture_pdf", "facturation:recu_pdf", "facturation:payer"):
        url = urls_entiers(nom)
        for pk in (1, 42, 987_654_321, 10**12):
            assert url_entiers(nom, pk) == url(pk) == reverse(nom, args=[pk])
    url = urls_entiers("facturation:attestation_pdf", 2)
    assert url(2025, 7) == reverse("facturation:attestation_pdf", args=[2025, 7])
    # A URL without arguments.
    assert urls_entiers("facturation:index", 0)() == reverse("facturation:index")
    for annee, eleve in ((2025, 1), (1900, 987_654_323), (9999, 987_654_321)):
        assert url_entiers("facturation:attestation_pdf", annee, eleve) == reverse(
            "facturation:attestation_pdf", args=[annee, eleve]
        )


def test_page_rows_escape_a_hostile_label_and_reference(client_r1, famille, irina):
    facture = ff.facture(famille, eleve=irina, montant="84.00", jour=date(2026, 10, 1))
    facture.libelle = "<script>alert(1)</script>"
    facture.save(update_fields=["libelle"])
    ff.reglement(famille, "10.00", jour=date(2026, 10, 2), reference="<img src=x>")
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x&gt;" in page
    assert reverse("facturation:facture_pdf", args=[facture.pk]) in page


def test_another_family_s_rows_are_not_listed_and_its_invoice_answers_404(
    client_r1, famille, irina, autre_famille, autre_eleve
):
    mienne = ff.facture(famille, eleve=irina, montant="84.00")
    autre = ff.facture(autre_famille, eleve=autre_eleve, montant="99.00")
    ff.reglement(autre_famille, "99.00", reference="TORRE-REF")
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert mienne.numero in page
    assert autre.numero not in page and "TORRE-REF" not in page
    url = reverse("facturation:facture_pdf", args=[autre.pk])
    assert client_r1.get(url).status_code == 404


def test_credit_notes_are_each_their_invoice_s(famille, irina, autre_famille, autre_eleve):
    from facturation.services import facture_annuler

    a = ff.facture(famille, eleve=irina, montant="84.00", jour=date(2026, 10, 1))
    b = ff.facture(autre_famille, eleve=autre_eleve, montant="50.00", jour=date(2026, 10, 1))
    facture_annuler(facture=a, motif="Erreur", par=None, jour=date(2026, 10, 3))
    facture_annuler(facture=b, motif="Erreur", par=None, jour=date(2026, 10, 3))
    compte = lecture.compte(famille, Nature.COTISATION)
    textes = [(e.numero, e.libelle) for e in compte.ecritures]
    assert [t for t in textes if a.numero in t[1]] == [
        (a.avoirs.get().numero, f"AVOIR sur {a.numero}")
    ]
    assert not any(b.numero in numero + libelle for numero, libelle in textes)
    assert compte.solde == 0


def test_attestations_take_only_the_family_s_pupils(
    famille, irina, hugo, autre_famille, autre_eleve, django_assert_num_queries
):
    from facturation.services import Ligne, facture_creer

    # An invoice of the family with a line whose pupil is now another family's: that
    # pupil is left out; the other family's paid invoice is not the family's; Hugo has
    # nothing paid.
    facture = facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=[
            Ligne("Formation musicale", Decimal("84.00"), eleve=irina),
            Ligne("Piano", Decimal("10.00"), eleve=irina),
        ],
        par=None,
        date_emission=date(2026, 1, 10),
    )
    facture.lignes.filter(designation="Piano").update(eleve=autre_eleve)
    ff.reglement(famille, "94.00", jour=date(2026, 1, 20))
    ff.facture(famille, eleve=hugo, montant="30.00", jour=date(2026, 1, 10))
    ff.facture(autre_famille, eleve=autre_eleve, montant="50.00", jour=date(2025, 3, 1))
    ff.reglement(autre_famille, "50.00", jour=date(2025, 3, 2))
    assert facture.imputations.exists()
    with django_assert_num_queries(1):
        donnees = lecture.attestations_disponibles(famille)
        assert [str(e) for _annee, eleves in donnees for e in eleves] == [str(irina)]
    assert donnees == [(2026, [irina])]


@pytest.mark.parametrize("nombre", [1, 2, 3, 4])
def test_instalments_of_one_to_four_invoices(famille, irina, nombre):
    from facturation.services import echeancier_choisir

    for i in range(nombre):
        f = ff.facture(famille, eleve=irina, montant="90.00", jour=date(2026, 10, 1 + i))
        if i % 2 == 0:
            echeancier_choisir(facture=f, nombre=3, par=None, jour=date(2026, 10, 12))
    dues = lecture.compte(famille, Nature.COTISATION).dues
    assert len(dues) == nombre
    echeanciers = echeanciers_des_dues(dues)
    attendu: dict[int, list[int]] = {d.facture.pk: [] for d in dues}
    for e in _construire(*attendu):
        attendu[e.facture_id].append(e.pk)
    assert {ech.facture.pk: [e.pk for e in ech.echeances] for ech in echeanciers} == attendu
    assert sum(len(v) for v in attendu.values()) == 3 * ((nombre + 1) // 2)


# The attestation links' template loop the Python rendering replaced.
BOUCLE_ATTESTATIONS = """{% load i18n %}
    {% for annee, eleves in attestations %}
    <li>{{ annee }} :
      {% for eleve in eleves %}<a href="{% url 'facturation:attestation_pdf' annee eleve.pk %}">{% blocktranslate with eleve=eleve annee=annee %}Attestation {{ annee }} — {{ eleve }} (PDF){% endblocktranslate %}</a>{% if not forloop.last %}, {% endif %}{% endfor %}
    </li>
    {% endfor %}
"""  # noqa: E501


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_attestation_links_are_the_template_loop_s_bytes(langue, famille, irina, hugo):
    from facturation.grand_livre import attestations_html

    hugo.nom = "<script>alert(1)</script>"
    attestations = [(2026, [hugo, irina]), (2024, [irina]), (1999, [])]
    gabarit = engines["django"].from_string(BOUCLE_ATTESTATIONS)
    with translation.override(langue):
        attendu = gabarit.render({"attestations": attestations})
        obtenu = "\n    " + attestations_html(attestations) + "\n"
    assert obtenu == attendu
    assert "<script>" not in obtenu.lower() and "&lt;script&gt;" in obtenu.lower()
    assert attestations_html([]) == ""


def test_downloads_read_only_the_family_s_objects(famille, irina, autre_famille, autre_eleve):
    mienne = ff.facture(famille, eleve=irina, montant="84.00")
    autre = ff.facture(autre_famille, eleve=autre_eleve, montant="99.00")
    paiement_autre = ff.reglement(autre_famille, "99.00")
    lue = lecture.facture_de_la_famille(famille, mienne.pk)
    assert lue == mienne and lue.montant_paye == 0 and lue.famille is famille
    assert lecture.facture_de_la_famille(famille, autre.pk) is None
    assert lecture.reglement_de_la_famille(famille, paiement_autre.pk) is None
    for pk in (0, -1, 2**63, 10**30):
        assert lecture.facture_de_la_famille(famille, pk) is None
        assert lecture.reglement_de_la_famille(famille, pk) is None


def test_receipt_addressed_to_guardian_1_whoever_downloads_it(
    famille, irina, responsable1, responsable2
):
    from facturation import documents

    ff.facture(famille, eleve=irina, montant="84.00")
    reglement = lecture.reglement_de_la_famille(famille, ff.reglement(famille, "84.00").pk)
    assert documents.recu(reglement, responsable1).contexte["responsable"] is responsable1
    par_r2 = documents.recu(reglement, responsable2).contexte["responsable"]
    assert par_r2.pk == responsable1.pk
    assert documents.recu(reglement).contexte["responsable"].pk == responsable1.pk


def test_both_school_settings_read_in_one_query(etablissement, django_assert_num_queries):
    from facturation.parametres import lire_parametres
    from facturation.services.echeances import parametres_echeances

    ff.bac_a_sable(etablissement)
    ecole = type(etablissement).objects.get(pk=etablissement.pk)
    with django_assert_num_queries(1):
        lire_parametres(ecole)
        lire_parametres(ecole)
        assert paiement.parametres(ecole).backend == ParametresPaiement.Backend.BAC_A_SABLE
        assert parametres_echeances(ecole).pk is None  # none saved: the defaults
    sans = type(etablissement).objects.get(pk=etablissement.pk)
    ParametresPaiement.objects.filter(etablissement=etablissement).delete()
    defauts = parametres_echeances(etablissement.pk).plans
    with django_assert_num_queries(1):
        lire_parametres(sans)
        assert paiement.parametres(sans) is None
        assert parametres_echeances(sans).plans == defauts


def test_the_invoice_s_pending_payment_is_linked(
    client_r1, famille, irina, autre_famille, autre_eleve
):
    from facturation.models import PaiementEnLigne

    facture = ff.facture(famille, eleve=irina, montant="84.00")
    autre = ff.facture(autre_famille, eleve=autre_eleve, montant="84.00")
    creer = PaiementEnLigne.objects.create
    # One live payment per invoice at most: the others are over.
    ancien = creer(facture=facture, backend="dummy", montant=Decimal("84"), etat="expire")
    recent = creer(facture=facture, backend="dummy", montant=Decimal("84"), etat="en_attente")
    creer(facture=facture, backend="dummy", montant=Decimal("84"), etat="annule")
    chez_autre = creer(facture=autre, backend="dummy", montant=Decimal("84"), etat="en_attente")
    (due,) = lecture.compte(famille, Nature.COTISATION).dues
    assert due.paiement_en_cours_id == recent.pk != ancien.pk
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert reverse("facturation:paiement", args=[recent.pk]) in page
    assert reverse("facturation:paiement", args=[chez_autre.pk]) not in page
