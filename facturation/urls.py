from django.urls import path

from facturation import views, views_echeances, views_mandat

app_name = "facturation"

urlpatterns = [
    path("", views.index, name="index"),
    path("locations/", views.locations, name="locations"),
    path("facture/<int:pk>/pdf/", views.facture_pdf, name="facture_pdf"),
    path("facture/<int:pk>/payer/", views.payer, name="payer"),
    path(
        "facture/<int:pk>/echeances/",
        views_echeances.echeances_choisir,
        name="echeances_choisir",
    ),
    path("prelevement/", views_mandat.mandat, name="mandat"),
    path("prelevement/<int:pk>/pdf/", views_mandat.mandat_pdf, name="mandat_pdf"),
    path("reglement/<int:pk>/recu/", views.recu_pdf, name="recu_pdf"),
    path("relance/<int:pk>/pdf/", views.relance_pdf, name="relance_pdf"),
    path("attestation/<int:annee>/<int:eleve>/", views.attestation_pdf, name="attestation_pdf"),
    path("paiement/<int:pk>/", views.paiement_etat, name="paiement"),
    path("paiement/<int:pk>/verifier/", views.paiement_verifier, name="paiement_verifier"),
    path("paiement/retour/<slug:kind>/", views.paiement_retour, name="paiement_retour"),
    path(
        "paiement/notification/<slug:kind>/",
        views.paiement_notification,
        name="paiement_notification",
    ),
]
