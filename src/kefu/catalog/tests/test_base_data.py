import pytest
from django.urls import reverse

from kefu.catalog.models import Region

pytestmark = pytest.mark.django_db


def test_all_provinces_and_their_districts_are_loaded_with_gbt2260_codes():
    provinces = Region.objects.filter(level=1)
    assert provinces.count() == 34  # 31 on the mainland, plus Taiwan, Hong Kong and Macao
    haidian = Region.objects.get(code="110108")
    assert haidian.full_name == "北京市海淀区" and haidian.parent.parent_id == "110000"
    assert Region.objects.get(code="330106").full_name == "浙江省杭州市西湖区"
    assert haidian.longitude is not None


@pytest.mark.parametrize("name", ["catalog:regions", "catalog:products"])
def test_a_user_without_a_role_is_refused_base_data_pages(client_as, name):
    assert client_as("nobody").get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["catalog:regions", "catalog:products"])
def test_an_agent_reads_base_data_pages(client_as, name):
    assert client_as("agent1").get(reverse(name)).status_code == 200


def test_the_region_search_finds_a_district_by_name(client_as):
    page = client_as("agent1").get(reverse("catalog:regions"), {"q": "西湖区"})
    assert "330106" in page.content.decode()


def test_the_region_picker_answers_only_logged_in_users(client, client_as):
    assert client.get(reverse("customers:regions"), {"q": "海淀"}).status_code == 302
    found = client_as("agent1").get(reverse("customers:regions"), {"q": "海淀"}).json()
    assert {"value": "110108", "text": "北京市海淀区"} in found["results"]
