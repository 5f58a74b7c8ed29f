from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "continuum.providers"
    label = "providers"
    verbose_name = "Providers and experts"
