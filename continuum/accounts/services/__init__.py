"""Every write to accounts (users, memberships, email verification, link sends).

- `users`: accounts, their role flags and passwords, provider memberships;
- `memberships`: agency memberships and their verification by program staff;
- `email`: verifying an account's email address, and the rate limit on verification emails.

The names below are the public interface; import them from `continuum.accounts.services`.
"""

from .colleagues import agency_colleague_add
from .email import (
    EMAIL_VERIFY_MAX_AGE,
    LINK_INVALID,
    address_verified_record,
    email_verify_token,
    email_verify_url,
    requester_email_verify,
    requester_verification_send,
    signed_link_read,
    site_url,
)
from .memberships import (
    agency_membership_end,
    agency_membership_evidence_add,
    agency_membership_grant,
    agency_membership_refuse,
    agency_membership_request,
    agency_membership_verify,
)
from .sending import LinkSendLimited, link_send_allow
from .users import (
    provider_membership_set,
    sign_in_failures_clear,
    user_create,
    user_password_set,
    user_profile_update,
    user_roles_set,
)

__all__ = [
    "agency_colleague_add",
    "user_profile_update",
    "EMAIL_VERIFY_MAX_AGE",
    "LINK_INVALID",
    "LinkSendLimited",
    "address_verified_record",
    "agency_membership_end",
    "agency_membership_evidence_add",
    "agency_membership_grant",
    "agency_membership_refuse",
    "agency_membership_request",
    "agency_membership_verify",
    "email_verify_token",
    "email_verify_url",
    "link_send_allow",
    "provider_membership_set",
    "requester_email_verify",
    "requester_verification_send",
    "sign_in_failures_clear",
    "signed_link_read",
    "site_url",
    "user_create",
    "user_password_set",
    "user_roles_set",
]
