from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


#: The version of the snapshot layout written by `snapshot.build_snapshot`.
SNAPSHOT_VERSION = 1
#: Organizational Assessments promise a public progress report this often, by default.
DEFAULT_REPORT_EVERY_MONTHS = 6
#: On the public dashboard, counts of requests below this are shown as "fewer than N" (a
#: request is the agency's own business until it is published; a count of one in a small state
#: and year would name it).
SMALL_COUNT_THRESHOLD = 3
