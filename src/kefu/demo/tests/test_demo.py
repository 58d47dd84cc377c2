"""The demo is seeded once for this module (inside a transaction rolled back at the end); every test
runs in a savepoint inside it, so tests stay independent and the module costs one seeding.
"""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from kefu.accounts.models import OrgUnit, User
from kefu.accounts.roles import ROLES
from kefu.core.phones import parse_phone
from kefu.customers.models import Asset, Contact, Customer, Phone
from kefu.customers.selectors import customer_list
from kefu.demo.content import PASSWORD

pytestmark = pytest.mark.django_db
# Users are hashed with the fast hasher the project's test settings use, in seeding and checking.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_demo_creates_at_least_200_customers_of_both_kinds(demo_output):
    # when
    customers = Customer.objects.all()
    # then
    assert customers.count() >= 200
    companies = customers.filter(kind="company").count()
    assert 0.2 < companies / customers.count() < 0.3
    assert "Demo logins" in demo_output


def test_every_role_has_a_user_who_logs_in_with_the_demo_password(settings):
    # given
    settings.PASSWORD_HASHERS = FAST_HASHERS
    request = RequestFactory().post("/accounts/login/")
    # when
    logged_in = {
        code: authenticate(
            request, username=f"{code}1" if code != "admin" else code, password=PASSWORD
        )
        for code in ROLES
        if code != "customer"
    }
    # then
    assert all(user is not None for user in logged_in.values()), logged_in
    assert all(
        user.has_role(code) and user.name and user.employee_no for code, user in logged_in.items()
    )


def test_running_the_demo_twice_does_not_duplicate_anything():
    # given
    before = (User.objects.count(), OrgUnit.objects.count(), Customer.objects.count())
    out = StringIO()
    # when
    call_command("demo", stdout=out)
    # then
    assert (User.objects.count(), OrgUnit.objects.count(), Customer.objects.count()) == before
    assert "demo exists" in out.getvalue()


def test_a_branch_agent_sees_only_the_customers_of_their_branch():
    # given
    agent = User.objects.get(username="agent2")
    branch = agent.org_unit
    # when
    seen = set(customer_list(user=agent).values_list("pk", flat=True))
    # then
    own = set(
        Customer.objects.filter(org_unit__path__startswith=branch.path).values_list("pk", flat=True)
    )
    assert branch.name == "华东分中心"
    assert seen == own
    assert 0 < len(seen) < Customer.objects.count()


def test_the_head_office_agent_sees_every_customer():
    # given
    agent = User.objects.get(username="agent1")
    # when
    seen = customer_list(user=agent).count()
    # then
    assert seen == Customer.objects.count()


def test_every_customer_phone_is_valid_and_fixed_lines_carry_their_city_area_code():
    # when
    numbers = list(Phone.objects.values_list("number", "kind"))
    # then
    assert all(parse_phone(number).kind == kind for number, kind in numbers)
    suning = Customer.objects.get(name="苏宁电器")
    assert "+863356666168" in set(suning.phones.values_list("number", flat=True))
    assert suning.region_id == "130302"


def test_customers_live_in_20_provinces_and_many_have_products_and_contacts():
    # when
    regions = set(Customer.objects.values_list("region_id", flat=True))
    with_assets = Customer.objects.filter(assets__isnull=False).distinct().count()
    # then
    assert len({code[:2] for code in regions}) >= 20
    assert 0.3 < with_assets / Customer.objects.count() < 0.5
    assert Asset.objects.filter(purchase_date__isnull=True).count() == 0
    assert Contact.objects.filter(person__kind="person", company__kind="company").count() > 10


def test_the_seed_documents_sample_customers_are_there():
    # when
    people = dict(
        Customer.objects.filter(name__in=["刘雁峰", "孟晓波", "刘学丽", "牛竹红"]).values_list(
            "name", "occupation"
        )
    )
    companies = dict(
        Customer.objects.filter(
            name__in=["苏宁电器", "国美电器", "广源超市", "兴龙置业"]
        ).values_list("name", "main_business")
    )
    # then
    assert people == {"刘雁峰": "教师", "孟晓波": "军人", "刘学丽": "商人", "牛竹红": "工人"}
    assert companies == {
        "苏宁电器": "家电销售",
        "国美电器": "家电销售",
        "广源超市": "超市销售",
        "兴龙置业": "房地产",
    }
