from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "continuum.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Every app declares its models' access policies in `<app>/policy.py`; importing them
        # here registers them all before the first request, check or test.
        autodiscover_modules("policy")
