"""factory_boy factories for the domain; role users come from `user_with_role`."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone
from factory.django import DjangoModelFactory

from inquiries.models import Committee, Department, Inquiry, Meeting, Municipality, Question, RulesOfProcedure
from responses.models import Answer, Reply


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    password = factory.django.Password("pw")


def user_with_role(role: str, **kwargs) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


class RulesOfProcedureFactory(DjangoModelFactory):
    class Meta:
        model = RulesOfProcedure
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Geschäftsordnung {n}")
    rules = factory.LazyFunction(dict)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = "Stadt Bornheim"
    street = "Rathausstraße 2"
    postal_code = "53332"
    city = "Bornheim"
    mayor_name = "Christoph Becker"


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Ausschuss {n}")
    kind = Committee.Kind.COMMITTEE


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    location = "Rathaus, Ratssaal"


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Amt {n}")
    code = factory.Sequence(lambda n: f"A{n}")


class InquiryFactory(DjangoModelFactory):
    class Meta:
        model = Inquiry

    reference = factory.Sequence(lambda n: f"AN/2026/{n + 1:04d}")
    reference_year = 2026
    reference_number = factory.Sequence(lambda n: n + 1)
    kind = Inquiry.Kind.ANFRAGE
    subject = factory.Sequence(lambda n: f"Radwege in der Innenstadt {n}")
    sender_name = "Dilara Görgen"
    status = Inquiry.Status.REGISTERED
    is_public = True
    received_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: o.received_on + timedelta(days=28))


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    inquiry = factory.SubFactory(InquiryFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    text = "Wie viele Anträge wurden gestellt?"


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    text = "Es wurden 12 Anträge gestellt."


class ReplyFactory(DjangoModelFactory):
    class Meta:
        model = Reply

    inquiry = factory.SubFactory(InquiryFactory)
    intro = "zu Ihrer Anfrage nehme ich wie folgt Stellung:"
    signatory_name = "Christoph Becker"
    signatory_role = "Bürgermeister"


def force_update(queryset, **fields) -> int:
    """Test setup only: write columns directly, bypassing `save()` and so the history (which
    the app's own code cannot do: audited querysets refuse `update()`)."""
    from django.db.models import QuerySet

    return QuerySet.update(queryset, **fields)
