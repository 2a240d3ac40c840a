"""The authentication backend reads a user's permissions (own and through groups) in one query
and grants exactly what Django's ModelBackend grants."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission, User

pytestmark = pytest.mark.django_db


def _perm(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached permissions


def test_own_and_group_permissions_count_and_nothing_else(django_assert_num_queries):
    user = User.objects.create_user("perm-user")
    user.user_permissions.add(_perm("follow_inquiry"))
    group = Group.objects.create(name="Prüfgruppe")
    group.permissions.add(_perm("register_inquiry"))
    user.groups.add(group)
    user = _fresh(user)
    with django_assert_num_queries(1):
        assert user.has_perm("inquiries.follow_inquiry")
        assert user.has_perm("inquiries.register_inquiry")
        assert not user.has_perm("inquiries.assign_question")
    assert user.get_all_permissions() == ModelBackend().get_all_permissions(_fresh(user))


def test_an_inactive_user_has_no_permissions():
    user = User.objects.create_user("perm-inactive", is_active=False)
    user.user_permissions.add(_perm("follow_inquiry"))
    assert not _fresh(user).has_perm("inquiries.follow_inquiry")


def test_a_superuser_has_every_permission():
    user = User.objects.create_superuser("perm-admin")
    assert _fresh(user).has_perm("inquiries.assign_question")
    assert _fresh(user).get_all_permissions() == ModelBackend().get_all_permissions(_fresh(user))
