"""The migration that brings membership states: memberships made before it become verified,
method "other", with a note saying why, and confirmed addresses are remembered."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_agency_membership_verification")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_memberships_become_verified_with_a_note():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    state = old.get_model("agencies", "State").objects.first() or old.get_model(
        "agencies", "State"
    ).objects.create(usps="ZZ", fips="99", name="Test State")
    agency = old.get_model("agencies", "Agency").objects.create(name="Old PD", state=state)
    user = old.get_model("accounts", "User").objects.create(
        email="old.member@example.gov", full_name="Old Member"
    )
    old.get_model("accounts", "AgencyMembership").objects.create(
        user=user, agency=agency, role="point_of_contact"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    membership = new.get_model("accounts", "AgencyMembership").objects.get(user_id=user.pk)
    assert membership.status == "verified"
    assert membership.verification_method == "other"
    assert membership.verification_note == "existing before verification was required"
    assert membership.verified_at == membership.created_at

    # Back to the latest state for the other tests.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
