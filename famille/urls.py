from django.urls import path

from famille import views

app_name = "famille"

urlpatterns = [
    path("", views.fiche, name="fiche"),
]
