from django.urls import path

from reinscription import views

app_name = "reinscription"

urlpatterns = [
    path("eleve/<int:pk>/", views.eleve, name="eleve"),
    path("eleve/<int:pk>/pieces/<int:piece_pk>/", views.fichier, name="fichier"),
    path("eleve/<int:pk>/pieces/<int:piece_pk>/supprimer/", views.supprimer, name="supprimer"),
]
