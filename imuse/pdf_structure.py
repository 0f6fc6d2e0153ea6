"""What WeasyPrint's PDF/UA-1 tagging leaves out, completed (issue 14).

- Languages: an element with a `lang` attribute (French data under an English interface)
  gets its own /Lang in the structure tree; WeasyPrint only sets the catalog's /Lang from
  `<html lang>`. Done while WeasyPrint builds the tree (`_avec_langues` wraps its builder).
- Page numbers and other page-margin content: WeasyPrint marks them as /Span content with
  an MCID but links them to no structure element (an artifact in the tree is PDF 2.0
  only). `completer_structure` rewrites them in the content stream as
  `/Artifact <</Type /Pagination>>` and drops their entries from the parent tree.
- Table headers: WeasyPrint gives each /TH an /ID and each /TD /Headers naming those IDs,
  but no /IDTree, so the IDs resolve to nothing. `completer_structure` adds the /IDTree
  and gives every /TH its /Scope (/Row when its row holds data cells, /Column otherwise).
"""

from __future__ import annotations

import io
import re

import pikepdf
import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as _tags

_construire_arbre = _tags._build_box_tree


def _avec_langues(box, parent, pdf, *args):
    boite = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    element = getattr(boite, "element", None)
    langue = None
    if (
        element is not None
        and not isinstance(boite, boxes.PageBox)
        and getattr(boite, "element_tag", None) not in ("html", "body")
    ):
        langue = element.get("lang")
    for structure in _construire_arbre(box, parent, pdf, *args):
        if langue and "Lang" not in structure:
            structure["Lang"] = pydyf.String(langue)
        yield structure


# WeasyPrint's builder calls itself through the module's global: the wrapper sees every box.
_tags._build_box_tree = _avec_langues

# How pydyf writes a marked-content start: `/Span <</MCID 12>> BDC` (text is hex-encoded
# glyphs in WeasyPrint's streams, so the pattern never matches inside a string).
_MARQUE = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _elements(racine) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the structure tree's root."""
    trouves, pile, vus = [], list(racine.K), set()
    while pile:
        element = pile.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue  # an MCID, a marked-content or object reference
        if element.objgen in vus:
            continue
        vus.add(element.objgen)
        trouves.append(element)
        enfants = element.get("/K")
        if isinstance(enfants, pikepdf.Array):
            pile.extend(enfants)
        elif enfants is not None:
            pile.append(enfants)
    return trouves


def _portees_et_ids(pdf, elements) -> None:
    ids = {}
    for element in elements:
        if element.S != "/TH":
            continue
        rangee = element.get("/P")
        voisins = rangee.K if rangee is not None and "/K" in rangee else []
        de_rangee = any(isinstance(v, pikepdf.Dictionary) and v.get("/S") == "/TD" for v in voisins)
        attributs = element.get("/A")
        if attributs is None:
            attributs = element.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
        attributs.Scope = pikepdf.Name.Row if de_rangee else pikepdf.Name.Column
        if "/ID" in element:
            ids[bytes(element.ID)] = element
    if ids:
        arbre = pikepdf.NameTree.new(pdf)
        for cle in sorted(ids):
            arbre[cle.decode("latin-1")] = ids[cle]
        pdf.Root.StructTreeRoot.IDTree = arbre.obj


def _artefacts(pdf, atteints: set) -> None:
    """Margin content: MCIDs whose structure element is outside the tree."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    par_cle = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        cle = page.obj.get("/StructParents")
        if cle is None or int(cle) not in par_cle:
            continue
        mcids = nums[par_cle[int(cle)]]
        if not isinstance(mcids, pikepdf.Array):
            continue
        orphelins = {
            i
            for i, ref in enumerate(mcids)
            if not isinstance(ref, pikepdf.Dictionary) or ref.objgen not in atteints
        }
        if not orphelins:
            continue
        contenus = page.obj.Contents
        flux = contenus if isinstance(contenus, pikepdf.Array) else [contenus]
        octets = b"\n".join(f.read_bytes() for f in flux)

        def artefact(trouve, orphelins=orphelins):
            if int(trouve.group(2)) in orphelins:
                return b"/Artifact << /Type /Pagination >> BDC"
            return trouve.group(0)

        page.obj.Contents = pdf.make_stream(_MARQUE.sub(artefact, octets))
        restants = [None if i in orphelins else ref for i, ref in enumerate(mcids)]
        while restants and restants[-1] is None:
            restants.pop()
        nums[par_cle[int(cle)]] = pikepdf.Array(restants)


def completer_structure(contenu: bytes) -> bytes:
    """A WeasyPrint PDF/UA-1 document with artifacts for page margins, an /IDTree and
    /Scope for table headers."""
    with pikepdf.open(io.BytesIO(contenu)) as pdf:
        racine = pdf.Root.get("/StructTreeRoot")
        if racine is None:
            return contenu
        elements = _elements(racine)
        _portees_et_ids(pdf, elements)
        _artefacts(pdf, {e.objgen for e in elements})
        sortie = io.BytesIO()
        pdf.save(sortie, compress_streams=True)
        return sortie.getvalue()
