from django.db import models


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    NEEDS_INFORMATION = "needs_information", "Needs information"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REFERRED = "referred", "Referred"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: States in which the program has not decided yet (the SLA clock may run).
OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.NEEDS_INFORMATION)
DECIDED_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.REFERRED)


class Timeframe(models.TextChoices):
    URGENT = "urgent", "As soon as possible (within 30 days)"
    SOON = "soon", "In 1 to 3 months"
    LATER = "later", "In 3 to 6 months"
    FLEXIBLE = "flexible", "We are flexible"


class ConcernScope(models.TextChoices):
    SPECIFIC = "specific", "One specific issue or event"
    PATTERN = "pattern", "A recurring pattern we want to understand"
    SYSTEMIC = "systemic", "Agency-wide, systemic concerns"


class IncidentKind(models.TextChoices):
    OFFICER_INVOLVED_SHOOTING = "officer_involved_shooting", "Officer-involved shooting"
    MASS_CASUALTY = "mass_casualty", "Mass casualty event"
    CIVIL_UNREST = "civil_unrest", "Civil unrest or mass demonstration"
    IN_CUSTODY_DEATH = "in_custody_death", "Death in custody"
    OTHER = "other", "Other"


class PublicAttention(models.TextChoices):
    NONE = "none", "Little or none"
    LOCAL = "local", "Local news and community attention"
    REGIONAL = "regional", "Regional or statewide attention"
    NATIONAL = "national", "National attention"


class DeclineReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", "The need is outside what the initiative offers"
    NOT_ELIGIBLE = "not_eligible", "The requester is not an eligible law enforcement agency"
    NO_AUTHORIZATION = "no_authorization", "The chief executive has not authorized the request"
    DUPLICATE = "duplicate", "It duplicates another request or engagement"
    LITIGATION = "litigation", "Pending litigation or an investigation prevents assistance"
    NO_CAPACITY = "no_capacity", "The program cannot take it on now"
    OTHER = "other", "Other reason"


class ReferralTarget(models.TextChoices):
    RESOURCES = "resources", "Published resources and toolkits"
    COPS_OTHER = "cops_other", "Another COPS Office program"
    DOJ_OTHER = "doj_other", "Another Department of Justice office"
    STATE_PARTNER = "state_partner", "A state or regional partner"
    OTHER = "other", "Other"


class MessageKind(models.TextChoices):
    MESSAGE = "message", "Message"
    INFORMATION_REQUEST = "information_request", "Request for information"
    ANSWER = "answer", "Answer"
