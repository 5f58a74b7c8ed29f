from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_INFORMATION = "needs_information", _("Needs information")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REFERRED = "referred", _("Referred")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: States in which the program has not decided yet (the SLA clock may run).
OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.NEEDS_INFORMATION)
DECIDED_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.REFERRED)


class Timeframe(models.TextChoices):
    URGENT = "urgent", _("As soon as possible (within 30 days)")
    SOON = "soon", _("In 1 to 3 months")
    LATER = "later", _("In 3 to 6 months")
    FLEXIBLE = "flexible", _("We are flexible")


class ConcernScope(models.TextChoices):
    SPECIFIC = "specific", _("One specific issue or event")
    PATTERN = "pattern", _("A recurring pattern we want to understand")
    SYSTEMIC = "systemic", _("Agency-wide, systemic concerns")


class IncidentKind(models.TextChoices):
    OFFICER_INVOLVED_SHOOTING = "officer_involved_shooting", _("Officer-involved shooting")
    MASS_CASUALTY = "mass_casualty", _("Mass casualty event")
    CIVIL_UNREST = "civil_unrest", _("Civil unrest or mass demonstration")
    IN_CUSTODY_DEATH = "in_custody_death", _("Death in custody")
    OTHER = "other", _("Other")


class PublicAttention(models.TextChoices):
    NONE = "none", _("Little or none")
    LOCAL = "local", _("Local news and community attention")
    REGIONAL = "regional", _("Regional or statewide attention")
    NATIONAL = "national", _("National attention")


class DeclineReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("The need is outside what the initiative offers")
    NOT_ELIGIBLE = "not_eligible", _("The requester is not an eligible law enforcement agency")
    NO_AUTHORIZATION = "no_authorization", _("The chief executive has not authorized the request")
    DUPLICATE = "duplicate", _("It duplicates another request or engagement")
    LITIGATION = "litigation", _("Pending litigation or an investigation prevents assistance")
    NO_CAPACITY = "no_capacity", _("The program cannot take it on now")
    OTHER = "other", _("Other reason")


class ReferralTarget(models.TextChoices):
    RESOURCES = "resources", _("Published resources and toolkits")
    COPS_OTHER = "cops_other", _("Another COPS Office program")
    DOJ_OTHER = "doj_other", _("Another Department of Justice office")
    STATE_PARTNER = "state_partner", _("A state or regional partner")
    OTHER = "other", _("Other")


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    INFORMATION_REQUEST = "information_request", _("Request for information")
    ANSWER = "answer", _("Answer")
