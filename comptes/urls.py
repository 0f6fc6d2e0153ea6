from django.urls import path

from comptes import views, views_deux_facteurs, views_invitations

app_name = "comptes"
urlpatterns = [
    path("connexion/", views.connexion, name="connexion"),
    path("deconnexion/", views.deconnexion, name="deconnexion"),
    path("mot-de-passe-perdu/", views.mot_de_passe_perdu, name="mot_de_passe_perdu"),
    path(
        "mot-de-passe-perdu/envoye/",
        views.mot_de_passe_perdu_envoye,
        name="mot_de_passe_perdu_envoye",
    ),
    path(
        "nouveau-mot-de-passe/<uidb64>/<token>/",
        views.NouveauMotDePasse.as_view(),
        name="nouveau_mot_de_passe",
    ),
    path("premiere-connexion/", views.premiere_connexion, name="premiere_connexion"),
    path(
        "invitation/<uidb64>/<token>/",
        views_invitations.Invitation.as_view(),
        name="invitation",
    ),
    path("premiere-connexion/code/", views_invitations.code_invitation, name="code"),
    path("mot-de-passe/", views.mot_de_passe, name="mot_de_passe"),
    path("session/", views.session_prolonger, name="session_prolonger"),
]
urlpatterns += [
    path("deux-facteurs/activer/", views_deux_facteurs.activer, name="deux_facteurs_activer"),
    path("deux-facteurs/verifier/", views_deux_facteurs.verifier, name="deux_facteurs_verifier"),
    path("deux-facteurs/codes-de-secours/", views_deux_facteurs.codes, name="deux_facteurs_codes"),
    path(
        "deux-facteurs/nouveaux-codes/",
        views_deux_facteurs.renouveler_codes,
        name="deux_facteurs_renouveler",
    ),
]
