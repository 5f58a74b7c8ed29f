from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "continuum.intake"
    label = "intake"
    verbose_name = "Intake and triage"
