from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "continuum.reporting"
    label = "reporting"
    verbose_name = "Progress reports and the public portal"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (registers the reporting access policies)
