from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "continuum.catalog"
    label = "catalog"
    verbose_name = "Catalog (reference data)"
