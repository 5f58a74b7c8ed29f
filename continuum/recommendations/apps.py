from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "continuum.recommendations"
    label = "recommendations"
    verbose_name = "Findings and recommendations"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (registers the register's access policies)
