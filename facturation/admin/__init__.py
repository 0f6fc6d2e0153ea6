"""Staff side of invoicing, site-scoped, one submodule per concept. Issued invoices, credit
notes, payments and online payments are read-only here: every change goes through
facturation.services (actions). Importing the package registers every ModelAdmin."""

from facturation.admin import (
    echeances,
    factures,
    locations,
    lot,
    mandats,
    paiement,
    prelevements,
    reglements,
    relances,
    tarifs,
)

__all__ = [
    "echeances",
    "factures",
    "locations",
    "lot",
    "mandats",
    "paiement",
    "prelevements",
    "reglements",
    "relances",
    "tarifs",
]
