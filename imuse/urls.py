from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from imuse import views

portail_patterns = (
    [
        path("", views.accueil, name="accueil"),
    ],
    "portail",
)

urlpatterns = [
    path("", views.racine, name="racine"),
    path("accueil/", include(portail_patterns)),
    path("etablissement/<slug:code>/logo/", views.logo, name="logo"),
    path("confidentialite/", views.confidentialites, name="confidentialites"),
    path("confidentialite/<slug:code>/", views.confidentialite, name="confidentialite"),
    path("compte/", include("comptes.urls")),
    path("accessibilite/", include("imuse.accessibilite.urls")),
    path("famille/", include("famille.urls")),
    path("eleves/", include("eleves.urls")),
    path("reinscription/", include("reinscription.urls")),
    path("facturation/", include("facturation.urls")),
    # Staff log in through the portal's login page, which knows the site.
    path("admin/login/", views.admin_connexion),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if apps.is_installed("bac_a_sable"):
    urlpatterns.append(path("bac-a-sable/", include("bac_a_sable.urls")))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
