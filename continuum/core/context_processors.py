from django.conf import settings


def site(request):
    """The site's name and its help contacts, for every page (header, titles, help boxes)."""
    conf = settings.CONTINUUM
    user = getattr(request, "user", None)

    def agency_nav() -> bool:
        # Called by the template only when the navigation asks (no query on other pages).
        from continuum.accounts.landing import sees_agency_pages

        return bool(user is not None and user.is_authenticated and sees_agency_pages(user))

    return {
        "show_agency_nav": agency_nav,
        "site_name": conf["SITE_NAME"],
        # The name pages show in titles, the header and the footer. Its own variable: Django's
        # auth views put the request's host name in `site_name`, which would replace ours.
        "site_title": conf["SITE_NAME"],
        "help_email": conf.get("REPLY_TO_EMAIL", ""),
        "help_phone": conf.get("HELP_PHONE", ""),
    }
