"""Demo data, shared context and the two schools.

`python manage.py demo` calls `charger(ctx)` in each app's `demo.py`, in INSTALLED_APPS
order; each loader is idempotent (it reuses what a previous run created) and returns
lines to print.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from imuse.models import AnneeScolaire, Etablissement

if TYPE_CHECKING:
    from faker import Faker

MOT_DE_PASSE_DEMO = "Demo2026"


def _faker() -> Faker:
    # Imported here: the extension check imports this module in every web process, and
    # Faker's locales cost start-up time and memory the portal never uses.
    from faker import Faker

    return Faker("fr_FR")


@dataclass
class Contexte:
    aujourdhui: date
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    faker: Faker = field(default_factory=_faker)
    donnees: dict = field(default_factory=dict)

    def __post_init__(self):
        self.faker.seed_instance(2026)

    def __getattr__(self, nom):
        try:
            return self.__dict__["donnees"][nom]
        except KeyError:
            raise AttributeError(nom) from None


def annee_scolaire_de(jour: date) -> int:
    """The calendar year a school year starts in: 2026 for 22/11/2026."""
    return jour.year if jour.month >= 9 else jour.year - 1


def _logo(texte: str, couleur: tuple[int, int, int]) -> ContentFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 96), couleur)
    dessin = ImageDraw.Draw(image)
    dessin.rectangle((6, 6, 153, 89), outline=(255, 255, 255), width=3)
    dessin.text((80, 48), texte, fill=(255, 255, 255), font_size=17, anchor="mm")
    tampon = io.BytesIO()
    image.save(tampon, format="PNG")
    return ContentFile(tampon.getvalue(), name="logo.png")


def _etablissement(code: str, sigle: str, couleur: tuple, **valeurs) -> Etablissement:
    etablissement, cree = Etablissement.objects.get_or_create(code=code, defaults=valeurs)
    if cree:
        etablissement.logo.save("logo.png", _logo(sigle, couleur))
    return etablissement


def charger(ctx: Contexte) -> list[str]:
    premier = _etablissement(
        "valognes",
        nom="École municipale de musique de Valognes",
        adresse="12 rue des Religieuses",
        code_postal="50700",
        ville="Valognes",
        telephone="02 33 95 82 00",
        email="ecole.musique@valognes.example",
        site_web="https://www.valognes.example",
        siret="21500615400017",
        mentions_facture=(
            "Régie de recettes de l'école de musique. Paiement à réception, par chèque à "
            "l'ordre du Trésor public, par carte bancaire en ligne ou au guichet."
        ),
        sigle="EMM Valognes",
        couleur=(29, 78, 137),
    )
    second = _etablissement(
        "cherbourg",
        nom="Conservatoire de Cherbourg-en-Cotentin",
        adresse="Place de la Révolution",
        code_postal="50100",
        ville="Cherbourg-en-Cotentin",
        telephone="02 33 87 88 89",
        email="conservatoire@cherbourg.example",
        siret="20005932800018",
        sigle="CRD Cherbourg",
        couleur=(120, 30, 60),
    )
    debut = annee_scolaire_de(ctx.aujourdhui)
    annees = {}
    for etablissement in (premier, second):
        annees[etablissement.code] = []
        for an in range(debut - 4, debut + 1):
            annee, _ = AnneeScolaire.objects.get_or_create(
                etablissement=etablissement,
                libelle=f"{an}/{an + 1}",
                defaults={
                    "debut": date(an, 9, 1),
                    "fin": date(an + 1, 7, 4),
                    "courante": an == debut,
                },
            )
            annees[etablissement.code].append(annee)
    ctx.donnees.update(etablissement=premier, autre_etablissement=second, annees=annees)
    return []
