"""In the accessible mode, tabs become headings around the open tab's section."""

import re

from django.urls import reverse

from tests.facturation import factories as ff


def _mode_accessible(client):
    client.post(reverse("accessibilite:mode"), {"actif": "1"})


def _titres(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]


def test_pupil_file_tabs_are_headings_in_accessible_mode(client_r1, irina):
    url = reverse("eleves:historique", args=[irina.pk])
    page = client_r1.get(url).content.decode()
    assert 'class="onglets"' in page
    _mode_accessible(client_r1)
    page = client_r1.get(url).content.decode()
    assert 'class="onglets"' not in page
    titres = _titres(page)
    # The tabs before the open one, the open one with its section, then the others.
    assert titres[:3] == ["Identité", "Cours", "Historique"]
    assert titres.index("Répertoire") > titres.index("Historique")
    assert "Mes documents" in titres
    lien = reverse("eleves:repertoire", args=[irina.pk])
    assert f'<h2 class="onglet-titre"><a href="{lien}">Répertoire</a></h2>' in page


def test_invoicing_tabs_are_headings_in_accessible_mode(client_r1, famille, irina):
    ff.facture(famille, eleve=irina)
    _mode_accessible(client_r1)
    page = client_r1.get(reverse("facturation:locations")).content.decode()
    assert 'class="onglets-facturation"' not in page
    titres = _titres(page)
    assert titres[0] == "Facturation cotisations"
    assert titres[1] == "Facturation locations"
