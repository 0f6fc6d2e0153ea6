"""The records of background runs (sendings, bulk validations, bulletins) are read-only:
nobody deletes what a run did, not even a superuser."""

from django.contrib import admin
from django.test import RequestFactory

from imuse.admin_base import SuiviTacheAdmin


def test_no_background_run_record_can_be_deleted_or_changed(superuser):
    suivis = [m for m in admin.site._registry.values() if isinstance(m, SuiviTacheAdmin)]
    assert len(suivis) >= 5
    requete = RequestFactory().get("/admin/")
    requete.user = superuser
    for modele_admin in suivis:
        assert not modele_admin.has_delete_permission(requete), modele_admin
        assert not modele_admin.has_change_permission(requete), modele_admin
        assert not modele_admin.has_add_permission(requete), modele_admin
        assert "delete_selected" not in modele_admin.get_actions(requete), modele_admin
