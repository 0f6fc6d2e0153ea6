"""The idle timeout without a session write on every request.

`SESSION_SAVE_EVERY_REQUEST` rewrote the session row (an UPDATE) on each page to push
its expiry back. This middleware stamps a logged-in session when it was last pushed and
marks it modified only when that stamp is older than `SESSION_ECRITURE_INTERVALLE`
seconds (60): the session then ends between 29 and 30 idle minutes after the last
request, and a visit writes it at most once a minute.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

CLE = "_ecrite"


def tamponner(sender, request, user, **kwargs) -> None:
    """A login writes the session anyway: stamp it, so the next minute writes nothing."""
    if getattr(request, "session", None) is not None:
        request.session[CLE] = int(time.time())


class InactiviteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A request without a session cookie has nothing to push (and costs no query).
        if session is None or (session.session_key is None and not session.modified):
            return response
        if SESSION_KEY in session:
            maintenant = int(time.time())
            derniere = session.get(CLE, 0)
            if session.modified or maintenant - derniere >= settings.SESSION_ECRITURE_INTERVALLE:
                session[CLE] = maintenant
        return response
