"""In the accessible mode, tabs stay a named navigation with aria-current (shown as a
vertical list); headings are only for content (issue 14)."""

import re

from django.urls import reverse

from tests.facturation import factories as ff


def _mode_accessible(client):
    client.post(reverse("accessibilite:mode"), {"actif": "1"})


def _titres(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]


def test_pupil_file_tabs_stay_a_named_navigation_in_accessible_mode(client_r1, irina):
    url = reverse("eleves:historique", args=[irina.pk])
    _mode_accessible(client_r1)
    page = client_r1.get(url).content.decode()
    assert re.search(r'<nav class="onglets" aria-label="Dossier de l[^"]*élève">', page)
    assert f'<a href="{url}" aria-current="page">Historique</a>' in page
    lien = reverse("eleves:repertoire", args=[irina.pk])
    assert f'<a href="{lien}">Répertoire</a>' in page
    # No heading without content: the only h2 is the open tab's.
    assert _titres(page) == ["Historique"]


def test_invoicing_tabs_stay_a_named_navigation_in_accessible_mode(client_r1, famille, irina):
    ff.facture(famille, eleve=irina)
    _mode_accessible(client_r1)
    page = client_r1.get(reverse("facturation:locations")).content.decode()
    assert 'class="onglets-facturation"' in page
    assert 'aria-current="page">Facturation locations</a>' in page
    assert "Facturation cotisations" not in _titres(page)
