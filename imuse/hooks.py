"""Let each app contribute to shared pages without the core importing it.

An app adds, for example, notices to Accueil by defining `accueil.py` with a function
`notices(request)`; `collecter("accueil", "notices", request)` gathers them in
INSTALLED_APPS order.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def _modules(nom_module: str) -> tuple:
    modules = []
    for config in apps.get_app_configs():
        nom = f"{config.name}.{nom_module}"
        if find_spec(nom) is not None:
            modules.append(import_module(nom))
    return tuple(modules)


def collecter(nom_module: str, nom_fonction: str, *args, **kwargs) -> list:
    resultats: list = []
    for module in _modules(nom_module):
        fonction = getattr(module, nom_fonction, None)
        if fonction is not None:
            resultats.extend(fonction(*args, **kwargs))
    return resultats
