from lawtrail import __version__


def lawtrail(request):
    return {"lawtrail_version": __version__}


def view_watermark(request):
    """The watermark a page carries across it when its reader is there through an access request or is a
    party (HY-A6 22: the viewing platform resists copying and screenshots); set by the view on `request`."""
    return {"view_watermark": getattr(request, "view_watermark", "")}
