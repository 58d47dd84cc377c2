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


def test_moving_a_unit_moves_its_subtree_and_the_scope_follows(users, org):
    # given: an outlet of branch A, and its staff's customer
    from kefu.accounts.services import org_unit_place
    from kefu.core.errors import ApplicationError
    from kefu.customers.selectors import customer_list
    from kefu.customers.tests.factories import make_customer

    make_customer(by=users["outlet1"], name="网点客户")
    # when: the outlet moves to branch B
    outlet = org["outlet_a"]
    outlet.parent = org["b"]
    outlet.save()
    org_unit_place(unit=outlet)
    # then: branch B sees the outlet's customer, branch A no longer does
    assert [c.name for c in customer_list(user=users["agent_b"])] == ["网点客户"]
    assert list(customer_list(user=users["agent1"])) == []
    # and a unit cannot go under its own subtree
    branch_b = org["b"]
    branch_b.parent = outlet
    with pytest.raises(ApplicationError):
        org_unit_place(unit=branch_b)
