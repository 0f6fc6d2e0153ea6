"""Requests whose body is far above what any form of the portal takes (the 2 MB upload
limit, plus the form around it) are answered 413 before a byte of the body is read."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


class TailleRequeteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > settings.REQUETE_TAILLE_MAX:
            return render(
                request,
                "requete_trop_grosse.html",
                {"limite_mo": settings.REQUETE_TAILLE_MAX // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)


class CaracteresNulsMiddleware:
    """A NUL byte in the path, the query string or a form's text field is never a real
    value, and PostgreSQL refuses it: such requests are answered 400 with a plain page,
    before any view looks them up. Uploaded files keep their bytes (request.POST holds
    the text fields only); the body was already bounded by TailleRequeteMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _contient_nul(request):
            return render(request, "requete_invalide.html", status=400)
        return self.get_response(request)


def _contient_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in k or "\x00" in v for k, valeurs in request.GET.lists() for v in valeurs):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        try:
            donnees = request.POST
        except Exception:  # noqa: BLE001  (Django answers a malformed body itself, later)
            return False
        return any("\x00" in k or "\x00" in v for k, valeurs in donnees.lists() for v in valeurs)
    return False
