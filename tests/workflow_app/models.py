from django.db import models


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    locked_reason = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.title
