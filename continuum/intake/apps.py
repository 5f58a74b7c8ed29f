from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "continuum.intake"
    label = "intake"
    verbose_name = "Intake and triage"

    def ready(self) -> None:
        from continuum.agencies.services import directory_listener_add

        from .services.sort_names import agency_sort_names_refresh

        directory_listener_add(agency_sort_names_refresh)
