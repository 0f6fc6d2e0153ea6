"""Issue 14, PDFs: the structure a screen reader walks, read with pikepdf. Page numbers
are pagination artifacts (not content), table headers resolve through an /IDTree and
carry a /Scope, French data is /Lang fr under the English interface."""

import io
import re

import pikepdf
import pytest
from django.conf import settings
from django.urls import reverse

from tests.facturation import factories as ff


def _structure(contenu: bytes):
    pdf = pikepdf.open(io.BytesIO(contenu))
    racine = pdf.Root.StructTreeRoot
    elements, pile = [], list(racine.K)
    while pile:
        e = pile.pop()
        if isinstance(e, pikepdf.Dictionary) and "/S" in e:
            elements.append(e)
            k = e.get("/K")
            pile.extend(k if isinstance(k, pikepdf.Array) else [] if k is None else [k])
    return pdf, racine, elements


def _pdfs(client, famille, irina):
    facture = ff.facture(famille, eleve=irina, montant="120.00")
    reglement = ff.reglement(famille, "20.00")
    return [
        client.get(reverse("facturation:facture_pdf", args=[facture.pk])).content,
        client.get(reverse("facturation:recu_pdf", args=[reglement.pk])).content,
    ]


def test_page_numbers_are_pagination_artifacts(client_r1, famille, irina):
    for contenu in _pdfs(client_r1, famille, irina):
        pdf, racine, elements = _structure(contenu)
        dans_l_arbre = {e.objgen for e in elements}
        nums = racine.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            flux = page.Contents.read_bytes()
            # The page number ("1 / 1") is the one artifact of the page's text.
            assert re.search(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*>>\s*BDC", flux)
            # Every piece of marked content left is tagged: its MCID leads to an element
            # of the structure tree (none dangling, as the page number's used to).
            mcids = [int(m) for m in re.findall(rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC", flux)]
            assert mcids
            tableau = parents[int(page.StructParents)]
            for mcid in mcids:
                assert tableau[mcid].objgen in dans_l_arbre, mcid


def test_table_headers_resolve_through_an_id_tree(client_r1, famille, irina):
    for contenu in _pdfs(client_r1, famille, irina):
        _pdf, racine, elements = _structure(contenu)
        ids = pikepdf.NameTree(racine.IDTree)
        entetes = [e for e in elements if e.S == "/TH"]
        assert entetes
        for th in entetes:
            assert th.A.Scope in (pikepdf.Name.Column, pikepdf.Name.Row)
            assert ids[str(th.ID)].objgen == th.objgen
        cellules = [e for e in elements if e.S == "/TD" and "/Headers" in e.get("/A", {})]
        assert cellules
        for td in cellules:
            for cle in td.A.Headers:
                assert ids[str(cle)].S == "/TH"
        # A totals row: its header is a row header.
        assert any(th.A.Scope == pikepdf.Name.Row for th in entetes)


def _langues(elements) -> dict[str, set]:
    langues: dict[str, set] = {}
    for e in elements:
        if "/Lang" in e:
            langues.setdefault(str(e.Lang), set()).add(str(e.S))
    return langues


def test_french_data_is_lang_fr_under_the_english_interface(client_r1, famille, irina):
    client_r1.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    facture, recu = _pdfs(client_r1, famille, irina)
    pdf, _racine, elements = _structure(facture)
    assert str(pdf.Root.Lang) == "en"  # the labels ("Invoice no.", "Amount")
    # The invoice's title, the school's name and address, the designations, the
    # addressee: French data, read in French.
    francais = _langues(elements)["fr"]
    assert {"/H1", "/Span"} <= francais
    designations = [
        e
        for e in elements
        if e.S == "/TD"
        and any(isinstance(k, pikepdf.Dictionary) and k.get("/Lang") == "fr" for k in e.K)
    ]
    assert designations
    pdf, _racine, elements = _structure(recu)
    assert str(pdf.Root.Lang) == "en"
    assert "fr" in _langues(elements)


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_the_accessibility_help_pdf_is_complete_too(client, etablissement, langue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = langue
    contenu = client.get(reverse("accessibilite:aide_pdf")).content
    pdf, racine, _elements = _structure(contenu)
    assert str(pdf.Root.Lang) == langue
    for page in pdf.pages:
        assert b"/Artifact" in page.Contents.read_bytes()
