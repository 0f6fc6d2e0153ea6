"""Fixtures of the famille tests: the course-sheet cast of tests/eleves."""

from tests.eleves.conftest import fiche_irina, structure  # noqa: F401
