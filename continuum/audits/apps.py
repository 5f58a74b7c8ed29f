from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "continuum.audits"
    label = "audits"
    verbose_name = "Bias audits"
