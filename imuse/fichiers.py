"""Serving private files (DESIGN §6): only through views that checked the family or
staff, always as an attachment that the browser may neither sniff nor run."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404

CSP_FICHIER = "sandbox; default-src 'none'"


def reponse_fichier_prive(fichier, nom: str) -> FileResponse:
    """`fichier` is a FieldFile of private storage; `nom` the name the family sees."""
    if not fichier:
        raise Http404
    try:
        flux = fichier.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(nom)[0] or "application/octet-stream"
    response = FileResponse(flux, as_attachment=True, filename=nom, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP_FICHIER
    response["Cache-Control"] = "private, no-store"
    return response
