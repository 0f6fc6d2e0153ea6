"""The pending-modification mechanism (DESIGN §2) through its services."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from imuse.models import DemandeModification, HistoriqueModification
from imuse.services import (
    ACCEPTER,
    REFUSER,
    ConflitModification,
    DemandeDejaTraitee,
    DemandeErreur,
    demande_ouverte,
    demande_soumettre,
    demande_traiter,
    lignes_demande,
)


def soumettre(responsable, **valeurs):
    return demande_soumettre(objet=responsable, valeurs=valeurs, par=responsable.utilisateur)


def test_submitting_leaves_the_record_untouched_and_keeps_before_and_asked(
    responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demande = soumettre(responsable1, ville="CHERBOURG", adresse="19 rue de Paris")
    responsable1.refresh_from_db()
    assert responsable1.ville == "VALOGNES"
    # Only the changed field is kept.
    assert demande.valeurs == {"ville": {"avant": "VALOGNES", "demande": "CHERBOURG"}}
    assert demande.statut == DemandeModification.Statut.OUVERTE
    assert demande.famille_id == responsable1.famille_id
    (message,) = mail.outbox
    assert message.to == ["jeremie@example.org"]
    assert "CHERBOURG" in message.body
    assert "en attente de validation" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_record_has_one_open_request_updated_in_place(responsable1):
    premiere = soumettre(responsable1, ville="CHERBOURG")
    seconde = soumettre(responsable1, ville="CAEN", profession="Apiculteur")
    assert premiere.pk == seconde.pk
    assert DemandeModification.objects.count() == 1
    # The value at request time stays the one of the first request.
    assert seconde.valeurs["ville"] == {"avant": "VALOGNES", "demande": "CAEN"}
    assert seconde.valeurs["profession"]["demande"] == "Apiculteur"


def test_asking_back_the_live_values_withdraws_the_request(responsable1):
    soumettre(responsable1, ville="CHERBOURG")
    assert soumettre(responsable1, ville="VALOGNES") is None
    assert demande_ouverte(responsable1) is None


def test_the_database_refuses_a_second_open_request(responsable1):
    demande = soumettre(responsable1, ville="CHERBOURG")
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeModification.objects.create(
            etablissement=demande.etablissement,
            famille_id=demande.famille_id,
            content_type=demande.content_type,
            object_id=demande.object_id,
        )


def test_accepted_fields_are_applied_refused_ones_kept_with_history_and_email(
    responsable1, staff, django_capture_on_commit_callbacks
):
    demande = soumettre(responsable1, ville="CHERBOURG", tel_mobile="06 99 99 99 99")
    with django_capture_on_commit_callbacks(execute=True):
        historique = demande_traiter(
            demande=demande,
            decisions={"ville": (ACCEPTER, ""), "tel_mobile": (REFUSER, "Numéro inconnu")},
            par=staff,
        )
    responsable1.refresh_from_db()
    assert responsable1.ville == "CHERBOURG"
    assert responsable1.tel_mobile == "06 01 02 03 04"
    demande.refresh_from_db()
    assert demande.statut == DemandeModification.Statut.TRAITEE
    assert demande.traite_par == staff
    assert len(historique) == 2
    lignes = {h.champ: h for h in HistoriqueModification.objects.all()}
    assert lignes["ville"].acceptee and lignes["ville"].valeur_avant == "VALOGNES"
    assert not lignes["tel_mobile"].acceptee and lignes["tel_mobile"].motif == "Numéro inconnu"
    (message,) = mail.outbox
    assert "traitée" in message.subject
    assert "refusée" in message.body or "refusé" in message.body
    assert "Numéro inconnu" in message.body


def test_a_refusal_needs_a_reason(responsable1, staff):
    demande = soumettre(responsable1, ville="CHERBOURG")
    with pytest.raises(DemandeErreur, match="motif"):
        demande_traiter(demande=demande, decisions={"ville": (REFUSER, " ")}, par=staff)


def test_every_field_needs_a_decision(responsable1, staff):
    demande = soumettre(responsable1, ville="CHERBOURG", profession="Maraîcher")
    with pytest.raises(DemandeErreur):
        demande_traiter(demande=demande, decisions={"ville": (ACCEPTER, "")}, par=staff)


def test_a_field_staff_changed_meanwhile_is_a_conflict_never_overwritten_silently(
    responsable1, staff
):
    demande = soumettre(responsable1, ville="CHERBOURG")
    responsable1.ville = "BRIX"  # staff edit in the admin after the request
    responsable1.save()
    (ligne,) = lignes_demande(demande)
    assert ligne.conflit and ligne.actuelle == "BRIX" and ligne.avant == "VALOGNES"
    with pytest.raises(ConflitModification):
        demande_traiter(demande=demande, decisions={"ville": (ACCEPTER, "")}, par=staff)
    responsable1.refresh_from_db()
    assert responsable1.ville == "BRIX"
    assert demande_ouverte(responsable1) is not None
    # Refusing a conflicting field is always possible; accepting needs a confirmation.
    demande_traiter(
        demande=demande,
        decisions={"ville": (ACCEPTER, "")},
        par=staff,
        confirmer_conflits={"ville"},
    )
    responsable1.refresh_from_db()
    assert responsable1.ville == "CHERBOURG"
    assert HistoriqueModification.objects.get().conflit


def test_a_processed_request_cannot_be_processed_again(responsable1, staff):
    demande = soumettre(responsable1, ville="CHERBOURG")
    demande_traiter(demande=demande, decisions={"ville": (ACCEPTER, "")}, par=staff)
    with pytest.raises(DemandeDejaTraitee):
        demande_traiter(demande=demande, decisions={"ville": (ACCEPTER, "")}, par=staff)


def test_pupil_booleans_and_dates_round_trip(irina, responsable1, staff):
    demande = demande_soumettre(
        objet=irina,
        valeurs={"droit_image": "True", "date_naissance": "2012-03-15"},
        par=responsable1.utilisateur,
    )
    assert set(demande.valeurs) == {"droit_image", "date_naissance"}
    demande_traiter(
        demande=demande,
        decisions={"droit_image": (ACCEPTER, ""), "date_naissance": (ACCEPTER, "")},
        par=staff,
    )
    irina.refresh_from_db()
    assert irina.droit_image is True
    assert irina.date_naissance.isoformat() == "2012-03-15"
    assert {h.valeur_demandee for h in HistoriqueModification.objects.all()} == {
        "Oui",
        "15/03/2012",
    }
