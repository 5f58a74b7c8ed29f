from django.conf import settings


def site(request):
    return {"site_name": settings.CONTINUUM["SITE_NAME"]}
