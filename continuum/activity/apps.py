from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "continuum.activity"
    label = "activity"
    verbose_name = "Activity log"
