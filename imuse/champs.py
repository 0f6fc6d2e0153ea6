"""Model fields that several apps declare the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def auteur(verbose_name) -> models.ForeignKey:
    """Who created a row (kept when the account goes: SET_NULL; no reverse accessor)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
