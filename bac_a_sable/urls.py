from django.urls import path

from bac_a_sable import views

app_name = "bac_a_sable"

urlpatterns = [
    path("", views.page, name="page"),
]
