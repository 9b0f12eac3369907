"""An organisation with one member per role, an outsider from another organisation, and one AI system."""

import pytest

from assessments.models import Membership
from tests.factories import AISystemFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Harbour Bank Limited")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


@pytest.fixture
def editor(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user


@pytest.fixture
def viewer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.VIEWER).user


@pytest.fixture
def outsider(db):
    """An owner of another organisation: a real user of the portal who must not see `organisation`."""
    return MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.OWNER).user


@pytest.fixture
def system(organisation):
    return AISystemFactory(organisation=organisation, name="Enquiry Assistant")
