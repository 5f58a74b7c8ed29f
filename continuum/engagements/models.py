from django.db import models

from continuum.core.models import TimeStampedModel


class EngagementStatus(models.TextChoices):
    PLANNING = "planning", "Planning"


class Engagement(TimeStampedModel):
    """Technical assistance the program agreed to give an agency. Grown by the engagements work."""

    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    assistance_request = models.OneToOneField(
        "intake.AssistanceRequest", on_delete=models.PROTECT, related_name="engagement"
    )
    program = models.ForeignKey("catalog.Program", on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField("catalog.Service", related_name="+")
    status = models.CharField(
        max_length=20, choices=EngagementStatus, default=EngagementStatus.PLANNING
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.program} engagement for {self.assistance_request}"
