"""A party's account reaches the party portal and nothing else (R-ARC-5, WH 30): not the workbench, the
case list, the trail, the base information or the API. Its front page is the portal."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect

from lawtrail.access.roles import Role

ALLOWED = ("/party/", "/login/", "/logout/", "/i18n/", "/static/")


class PartyPortalOnly:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.has_role(Role.PARTY) and \
                not request.path.startswith(ALLOWED):
            if request.path == "/":
                return HttpResponseRedirect("/party/")
            raise Http404("a party's account opens the party portal only")
        return self.get_response(request)
