from django.urls import path

from eleves import views, views_agenda

app_name = "eleves"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.fiche, name="fiche"),
    path("<int:pk>/identite/", views.identite, name="identite"),
    path("<int:pk>/cours/", views.cours, name="cours"),
    path("<int:pk>/historique/", views.historique, name="historique"),
    path("<int:pk>/fiches/<int:inscription_pk>/", views.inscription, name="inscription"),
    path(
        "<int:pk>/fiches/<int:inscription_pk>/evaluations/<int:evaluation_pk>/",
        views.evaluation,
        name="evaluation",
    ),
    path(
        "<int:pk>/fiches/<int:inscription_pk>/absences/<int:absence_pk>/",
        views.absence,
        name="absence",
    ),
    path("<int:pk>/absences/", views_agenda.absences, name="absences"),
    path(
        "<int:pk>/absences/<int:absence_pk>/retirer/",
        views_agenda.absence_retrait,
        name="absence_retirer",
    ),
    path("<int:pk>/repertoire/", views.repertoire, name="repertoire"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("<int:pk>/calendrier/renouveler/", views.ical_renouveler, name="ical_renouveler"),
    path("calendrier/<str:jeton>.ics", views.ical_flux, name="ical"),
]
