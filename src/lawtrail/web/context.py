from lawtrail import __version__


def lawtrail(request):
    return {"lawtrail_version": __version__}
