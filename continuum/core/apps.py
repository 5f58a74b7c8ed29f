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
        # In development, a changed template must show at once: the layout's fragments are kept
        # in each process (ADR 0017), and long selects too (`core.forms.CachedSelect`), so the
        # running server forgets them when a file changes.
        from django.utils.autoreload import file_changed

        file_changed.connect(_forget_layout_fragments, dispatch_uid="continuum_layout_fragments")


def _forget_layout_fragments(sender, file_path, **kwargs) -> None:
    from django.core.cache import caches

    from .forms import CachedSelect

    if file_path.suffix != ".py":
        caches["layout"].clear()
        CachedSelect.forget()  # kept selects too: their template may be the file that changed
