import pytest
from django.contrib.auth.models import Permission

from kefu.accounts.models import Role
from kefu.accounts.roles import ROLES, roles_sync
from kefu.accounts.scoping import org_units_visible_to

pytestmark = pytest.mark.django_db


def test_every_role_of_the_architecture_exists_after_migrate():
    assert set(Role.objects.values_list("code", flat=True)) == set(ROLES)


def test_a_permission_an_admin_removed_stays_removed_after_sync():
    # given
    role = Role.objects.get(code="agent")
    perm = Permission.objects.get(codename="export_customers")
    role.group.permissions.remove(perm)
    # when
    roles_sync()
    # then
    assert not role.group.permissions.filter(pk=perm.pk).exists()
    roles_sync(reset=True)
    assert role.group.permissions.filter(pk=perm.pk).exists()


def test_a_branch_user_picks_only_units_of_their_subtree(users, org):
    units = set(org_units_visible_to(users["agent1"]))
    assert units == {org["a"], org["outlet_a"]}
    assert org["b"] in set(org_units_visible_to(users["manager1"]))


def test_a_permission_given_to_a_role_counts_on_the_next_request(users):
    # given: an agent whose permissions were read (and cached)
    from kefu.accounts.models import User

    assert not users["agent1"].has_perm("customers.delete_customer")
    # when: an admin gives the agent role the permission
    perm = Permission.objects.get(codename="delete_customer")
    Role.objects.get(code="agent").group.permissions.add(perm)
    # then: a fresh request (a freshly loaded user) sees it
    assert User.objects.get(pk=users["agent1"].pk).has_perm("customers.delete_customer")
