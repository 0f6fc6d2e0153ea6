from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def duree(valeur: dt.timedelta | None) -> str:
    """A duration as the manuals show it: 01:30, 54:00."""
    if valeur is None:
        return ""
    minutes = int(valeur.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
