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
