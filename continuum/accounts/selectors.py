from .models import User


def user_with_memberships(*, viewer: User) -> User:
    """The signed-in user again, with their agency and organization loaded in the same query."""
    return User.objects.select_related(
        "agency_membership__agency__state", "provider_membership__organization"
    ).get(pk=viewer.pk)
