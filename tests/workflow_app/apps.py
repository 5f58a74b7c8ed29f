from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    """A tiny model used only by the workflow engine's own tests (installed by test settings)."""

    name = "tests.workflow_app"
    label = "workflow_app"
