from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "continuum.engagements"
    label = "engagements"
    verbose_name = "Engagements"
