"""The admin's add forms search people and comuni as typed: a select of every comune or person
of a large network made them take seconds (bench/routes.py, issue 22)."""

import pytest
from django.test import Client

from agilepa.org.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/org/person/add/", "/admin/events/registration/add/"])
def test_an_add_form_lists_no_person_and_no_comune(world, url) -> None:
    Municipality.objects.bulk_create(
        [
            Municipality(istat_code=f"9{n:05d}", name=f"Comune {n}", province="BO", region="E-R")
            for n in range(300)
        ]
    )
    client = Client()
    client.force_login(world.users["platform_admin"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "admin-autocomplete" in html
    assert html.count("<option") < 60


def test_the_comuni_are_read_only_in_the_admin(world) -> None:
    client = Client()
    client.force_login(world.users["platform_admin"])
    assert client.get("/admin/org/municipality/").status_code == 200
    assert client.get("/admin/org/municipality/add/").status_code == 403
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "org",
            "model_name": "person",
            "field_name": "home_municipality",
            "term": "Comune 12",
        },
    )
    assert found.status_code == 200
