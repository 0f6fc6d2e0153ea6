"""The kinds of import, by code (the command's KIND and the admin's choice), in the
order a school moving in imports them."""

from importation.genres.base import TypeImport
from importation.genres.cours import CoursAnnee
from importation.genres.eleves import Eleves
from importation.genres.familles import Familles
from importation.genres.inscriptions import Evaluations, Inscriptions
from importation.genres.soldes import Soldes
from importation.genres.structure import Structure

TYPES: dict[str, TypeImport] = {
    t.code: t
    for t in (
        Familles(),
        Eleves(),
        Structure(),
        CoursAnnee(),
        Inscriptions(),
        Evaluations(),
        Soldes(),
    )
}
