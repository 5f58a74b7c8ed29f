from django.conf import settings


def site(request):
    """The site's name and its help contacts, for every page (header, titles, help boxes)."""
    conf = settings.CONTINUUM
    return {
        "site_name": conf["SITE_NAME"],
        "help_email": conf.get("REPLY_TO_EMAIL", ""),
        "help_phone": conf.get("HELP_PHONE", ""),
    }
