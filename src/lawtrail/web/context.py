from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lawtrail import __version__


def lawtrail(request):
    return {"lawtrail_version": __version__}


def view_watermark(request):
    """The watermark a page carries across it when its reader is there through an access request or is a
    party (HY-A6 22: the viewing platform resists copying and screenshots); set by the view on `request`."""
    return {"view_watermark": getattr(request, "view_watermark", "")}


# The main menu: each item with the roles that use it (issue 12: each role sees what it can use; an officer does
# not see the user list with citizens' accounts, nor the API documents).
MENU = (
    ("web:home", _("Workbench"), None),
    ("web:cases", _("Cases"), ("officer", "unit_head", "agency_head", "legal_reviewer", "records_custodian",
                               "supervisor")),
    ("web:inbox", _("Approvals"), ("unit_head", "agency_head")),
    ("web:review_queue", _("Legal review"), ("legal_reviewer", "agency_head", "supervisor")),
    ("web:access_requests", _("Access requests"), None),
    ("web:archive_shelf", _("Archive shelf"), ("records_custodian", "agency_head", "legal_reviewer", "supervisor")),
    ("web:recordings", _("Recordings"), ("officer", "unit_head", "agency_head", "legal_reviewer",
                                         "records_custodian", "supervisor")),
    ("web:devices", _("Recording devices"), ("records_custodian", "administrator", "unit_head", "agency_head")),
    ("web:overview", _("Base information"), None),
    ("web:users", _("Users"), ("administrator", "agency_head")),
    ("web:rules", _("Rule profile"), ("administrator", "legal_reviewer", "agency_head")),
    ("web:calendar", _("Calendar"), ("administrator",)),
    ("web:trail", _("Trail"), None),
    ("/api/v1/docs", _("API"), ("administrator",)),
)


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or "party" in user.role_set:
        return {"menu": []}
    roles = user.role_set
    items = []
    for name, label, who in MENU:
        if who is None or roles & set(who) or user.is_superuser:
            url = name if name.startswith("/") else reverse(name)
            items.append({"url": url, "label": label, "current": request.path == url or (
                url != "/" and request.path.startswith(url))})
    return {"menu": items}
