from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DocumentsConfig(AppConfig):
    name = "continuum.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        # Each app that lets files be attached to its objects declares them in `attachments.py`
        # (see `continuum.documents.targets`); importing those modules registers them.
        from . import policy  # noqa: F401

        autodiscover_modules("attachments")
