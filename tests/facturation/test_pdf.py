import http.server
import io
import threading
from datetime import date

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from imuse.pdf import LOGO_URL, FetcherStatique, URLRefusee, rendre_pdf
from tests.facturation import factories as ff


def texte_pdf(response) -> str:
    lecteur = pypdf.PdfReader(io.BytesIO(response.content))
    texte = " ".join(page.extract_text() for page in lecteur.pages)
    return " ".join(texte.replace("\xa0", " ").split())


@pytest.fixture
def logo(etablissement):
    tampon = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 78, 137)).save(tampon, format="PNG")
    etablissement.logo.save("logo.png", ContentFile(tampon.getvalue()))
    return etablissement.logo


def test_invoice_duplicate_carries_number_lines_and_amounts(client_r1, famille, irina, logo):
    facture = ff.facture(famille, eleve=irina, montant="1234.56")
    ff.reglement(famille, "234.56")
    response = client_r1.get(reverse("facturation:facture_pdf", args=[facture.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="facture-26FC00001.pdf"' in response["Content-Disposition"]
    texte = texte_pdf(response)
    for attendu in (
        "26FC00001",
        "DUPLICATA",
        "AVIS DES SOMMES A PAYER",
        "ABARRE Irina",
        "Formation musicale 2C4",
        "1 234,56 €",
        "234,56 €",
        "1 000,00 €",
        "11/10/2026",
        "SIRET : 21500615400017",
        "Comment régler",
    ):
        assert attendu in texte.replace("\xa0", " "), attendu
    lecteur = pypdf.PdfReader(io.BytesIO(response.content))
    assert lecteur.metadata.title == "Facture 26FC00001"
    racine = lecteur.trailer["/Root"]
    assert racine["/Lang"] == "fr"
    assert "/StructTreeRoot" in racine  # tagged PDF (PDF/UA-1)


def test_receipt_pdf(client_r1, famille):
    facture = ff.facture(famille)
    reglement = ff.reglement(famille, reference="98135")
    response = client_r1.get(reverse("facturation:recu_pdf", args=[reglement.pk]))
    assert 'filename="recu-26RC00001.pdf"' in response["Content-Disposition"]
    texte = texte_pdf(response).replace("\xa0", " ")
    for attendu in ("REÇU DE RÈGLEMENT", "26RC00001", "Chèque", "98135", facture.numero, "84,00 €"):
        assert attendu in texte, attendu


def test_yearly_attestation_per_pupil(client_r1, famille, irina, hugo):
    ff.facture(famille, eleve=irina, montant="100.00", jour=date(2026, 1, 10))
    ff.facture(famille, eleve=hugo, montant="50.00", jour=date(2026, 1, 10))
    ff.reglement(famille, "150.00", jour=date(2026, 2, 1))
    page = client_r1.get(reverse("facturation:index")).content.decode()
    url = reverse("facturation:attestation_pdf", args=[2026, irina.pk])
    assert url in page
    texte = texte_pdf(client_r1.get(url)).replace("\xa0", " ")
    assert "ATTESTATION DE PAIEMENT 2026" in texte and "ABARRE Irina" in texte
    assert "100,00 €" in texte and "50,00 €" not in texte
    assert (
        client_r1.get(reverse("facturation:attestation_pdf", args=[2019, irina.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "https://pdf.invalid/static/../../imuse/settings.py",
        "https://pdf.invalid/static/%2e%2e/%2e%2e/imuse/settings.py",
        "https://pdf.invalid/media/x.png",
        "https://pdf.invalid/logo",  # no logo given to this fetcher
        "data:text/plain,secret",
        "ftp://example.org/x",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises((URLRefusee, ValueError)):
        FetcherStatique().fetch(url)


def test_the_fetcher_serves_our_static_files_and_the_logo(logo):
    fetcher = FetcherStatique(logo)
    assert fetcher.fetch("https://pdf.invalid/static/css/pdf.css").read().startswith(b"/*")
    police = fetcher.fetch("https://pdf.invalid/static/fonts/DejaVuSans.ttf")
    assert police.content_type == "font/ttf"
    assert fetcher.fetch(LOGO_URL).read().startswith(b"\x89PNG")


def test_the_fetcher_never_follows_a_redirect():
    demandes = []

    class Redirige(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            demandes.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args):
            pass

    serveur = http.server.HTTPServer(("127.0.0.1", 0), Redirige)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        with pytest.raises((URLRefusee, ValueError)):
            FetcherStatique().fetch(f"http://127.0.0.1:{serveur.server_port}/x.css")
        with pytest.raises((URLRefusee, ValueError)):
            FetcherStatique().open(f"http://127.0.0.1:{serveur.server_port}/x.css")
    finally:
        serveur.shutdown()
        serveur.server_close()
    assert demandes == []


def test_a_template_asking_for_outside_resources_still_renders_without_them(tmp_path, settings):
    gabarit = tmp_path / "pdf" / "piege.html"
    gabarit.parent.mkdir()
    gabarit.write_text(
        '<html lang="fr"><head><title>t</title>'
        '<link rel="stylesheet" href="file:///etc/passwd"></head>'
        '<body><img src="http://127.0.0.1:9/x.png" alt=""><p>Contenu</p></body></html>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    contenu = rendre_pdf("pdf/piege.html", {}, "Piège")
    assert "Contenu" in pypdf.PdfReader(io.BytesIO(contenu)).pages[0].extract_text()


def _textes_des_pages(response) -> list[str]:
    lecteur = pypdf.PdfReader(io.BytesIO(response.content))
    return [" ".join(p.extract_text().replace("\xa0", " ").split()) for p in lecteur.pages]


def test_a_long_invoice_runs_over_pages_without_cutting_a_row(client_r1, famille, irina, logo):
    from decimal import Decimal

    from facturation.models import Nature
    from facturation.services import Ligne, facture_creer

    longue = "formation musicale cycle 2 année 4, ensemble de cuivres et percussions"
    lignes = [
        Ligne(f"Ligne {i:02d} {longue if i % 4 == 0 else ''}", Decimal("100.00") + i, eleve=irina)
        for i in range(60)
    ]
    facture = facture_creer(
        famille=famille, nature=Nature.COTISATION, lignes=lignes, par=None, remise=Decimal("5")
    )
    pages = _textes_des_pages(client_r1.get(reverse("facturation:facture_pdf", args=[facture.pk])))
    assert len(pages) >= 3
    for numero, page in enumerate(pages, start=1):
        assert "Désignation" in page and "Montant" in page  # the column headers repeat
        assert f"{numero} / {len(pages)}" in page  # numbered pages
    for i in range(60):
        # a row is never cut in two: its designation and its amount share a page
        assert any(f"Ligne {i:02d}" in p and f"{100 + i},00 €" in p for p in pages), i
    derniere = pages[-1]
    for total in ("Total avant remise", "Total à payer", "Reste à payer", "Comment régler"):
        assert total in derniere  # the totals stay together, with how to pay
