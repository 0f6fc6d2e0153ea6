from django.urls import path

from famille import views, views_compte

app_name = "famille"

urlpatterns = [
    path("", views.fiche, name="fiche"),
    path("preferences/", views_compte.preferences, name="preferences"),
    path("donnees/", views_compte.donnees, name="donnees"),
    path("donnees/exporter/", views_compte.donnees_exporter, name="donnees_exporter"),
    path(
        "donnees/<int:pk>/telecharger/",
        views_compte.donnees_telecharger,
        name="donnees_telecharger",
    ),
    path("donnees/cloture/", views_compte.cloture, name="cloture"),
]
