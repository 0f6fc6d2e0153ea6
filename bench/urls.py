"""The portal's URLs plus the bare view every page is compared with: a session-
authenticated Django view that renders nothing (the floor of any page)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from imuse.urls import urlpatterns as portail


@login_required
def nu(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/nu/", nu, name="bench_nu"), *portail]
