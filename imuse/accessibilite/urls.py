from django.urls import path

from imuse.accessibilite import views

app_name = "accessibilite"
urlpatterns = [
    path("", views.index, name="index"),
    # Under "/accessibilite/mode" so that it stays open during a first connection.
    path("mode/", views.mode, name="mode"),
    path("aide-clavier.pdf", views.aide_pdf, name="aide_pdf"),
    path("plan/", views.plan, name="plan"),
    path("aide/", views.aide, name="aide"),
    path("declaration/", views.declaration, name="declaration"),
]
