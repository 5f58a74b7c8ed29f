from django.db.models import Prefetch, QuerySet

from .models import Goal, Program, Service


def programs_with_services() -> QuerySet[Program]:
    """Active programs in continuum order, with their active top-level services and kinds."""
    services = (
        Service.objects.active()
        .filter(parent__isnull=True)
        .prefetch_related(Prefetch("kinds", queryset=Service.objects.active().order_by("order")))
        .order_by("order", "name")
    )
    return Program.objects.active().prefetch_related(Prefetch("services", queryset=services))


def goals_all() -> QuerySet[Goal]:
    return Goal.objects.all()
