import factory

from accounts.models import User
from assessments.models import AISystem, Membership, Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} Limited")
    sector = "finance"
    size = Organisation.Size.SMALL
    contact_name = "Chan Tai Man"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.EDITOR


class AISystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AISystem

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Assistant {n}")
    purpose = "Drafts replies to customer enquiries for staff to check."
    models_used = "GPT-4o"
    providers = "Microsoft Azure OpenAI Service"
    users = "Customer service staff"
    affected_people = "Customers who write to us"
    data_kinds = factory.LazyFunction(lambda: [AISystem.DataKind.PERSONAL.value])
    sector = "finance"
    deployment_status = AISystem.Status.PILOT
