"""Where a person lives: the shipped ISTAT list, finding a municipality from what was typed,
the page and the API to declare it, and hubs sorted by their distance from it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agilepa.org import municipalities as shipped
from agilepa.org.models import Municipality
from agilepa.spaces.models import Hub, Sharing
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db


def test_the_shipped_list_has_every_comune_in_its_place() -> None:
    assert Municipality.objects.count() > 7800
    for code, lat, lon in [
        ("058091", 41.89, 12.48),  # Roma
        ("015146", 45.46, 9.19),  # Milano
        ("037006", 44.49, 11.34),  # Bologna
        ("019036", 45.13, 10.02),  # Cremona
        ("018110", 45.18, 9.15),  # Pavia
    ]:
        m = Municipality.objects.get(pk=code)
        assert abs(float(m.latitude) - lat) < 0.1 and abs(float(m.longitude) - lon) < 0.1, m
    assert str(Municipality.objects.get(pk="037006")) == "Bologna (BO)"


def test_a_malformed_file_is_refused_with_its_line(tmp_path) -> None:
    bad = tmp_path / "comuni.csv"
    bad.write_text(
        "istat_code,name,province,region,latitude,longitude\n"
        "037006,Bologna,BO,Emilia-Romagna,44.494,11.343\n"
        "37007,Borgo Tossignano,BO,Emilia-Romagna,44.277,11.588\n",
        encoding="utf-8",
    )
    with pytest.raises(shipped.MunicipalityFileError, match=r"comuni.csv:3: istat_code '37007'"):
        shipped.load(Municipality, bad)
    bad.write_text(
        "istat_code,name,province,region,latitude,longitude\n"
        "037006,Bologna,BO,Emilia-Romagna,11.343,44.494\n",
        encoding="utf-8",
    )
    with pytest.raises(shipped.MunicipalityFileError, match="2: coordinates outside Italy"):
        shipped.load(Municipality, bad)
    # Nothing of a refused file is written: Bologna keeps its place.
    assert abs(Municipality.objects.get(pk="037006").latitude - Decimal("44.49")) < 1


def test_what_a_person_types_finds_one_municipality_or_says_why_not() -> None:
    assert shipped.find("Casalecchio di Reno (BO)").pk == "037011"
    assert shipped.find("  casalecchio di reno ").pk == "037011"
    assert shipped.find("037006").name == "Bologna"
    with pytest.raises(ValidationError, match="No municipality called “Atlantide”"):
        shipped.find("Atlantide")
    with pytest.raises(ValidationError, match="No municipality has the ISTAT code 999999"):
        shipped.find("999999")
    # Two comuni called Samone, in the provinces of Torino and Trento.
    with pytest.raises(ValidationError, match="More than one municipality is called “Samone”"):
        shipped.find("Samone")
    assert shipped.find("Samone (TN)").province == "TN"


def test_the_search_puts_names_that_start_with_the_text_first() -> None:
    names = [m.name for m in shipped.search("reggio")]
    assert names[:2] == ["Reggio di Calabria", "Reggio nell'Emilia"]
    assert "Correggio" in names
    assert shipped.search("r") == []


def test_a_person_declares_where_they_lives_and_hubs_are_sorted_from_there(
    world, client_as
) -> None:
    slug = world.a.body.slug
    for name, lat, lon in [
        ("Hub Milano", "45.4642", "9.1900"),
        ("Hub Bologna", "44.4949", "11.3426"),
    ]:
        hub = Hub.objects.create(
            body=world.a.body,
            name=name,
            address="Via Roma 1",
            municipality=name[4:],
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            sharing=Sharing.INTERNAL,
        )
        hub.seats.create(code="P01")
    client = client_as("employee")
    page = client.get(f"/b/{slug}/me/home/")
    assert page.status_code == 200
    refused = client.post(f"/b/{slug}/me/home/", {"municipality": "Atlantide"})
    assert refused.status_code == 422
    assert "No municipality called “Atlantide”" in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()
    saved = client.post(f"/b/{slug}/me/home/", {"municipality": "Sesto San Giovanni (MI)"})
    assert saved.status_code == 302
    world.a.employee_person.refresh_from_db()
    assert world.a.employee_person.home_municipality.name == "Sesto San Giovanni"
    hubs = client.get(f"/b/{slug}/hubs/").content.decode()
    assert "Distances from your home municipality, Sesto San Giovanni (MI)." in hubs
    assert hubs.index("Hub Milano") < hubs.index("Hub Bologna")
    client.post(f"/b/{slug}/me/home/", {"municipality": "Casalecchio di Reno (BO)"})
    hubs = client.get(f"/b/{slug}/hubs/").content.decode()
    assert hubs.index("Hub Bologna") < hubs.index("Hub Milano")
    client.post(f"/b/{slug}/me/home/", {"action": "clear"})
    world.a.employee_person.refresh_from_db()
    assert world.a.employee_person.home_municipality is None


def test_the_picker_offers_municipalities_as_one_types(world, client_as) -> None:
    options = client_as("employee").get("/municipalities/options/?municipality=casalecchio").content
    assert b'<option value="Casalecchio di Reno (BO)">Emilia-Romagna</option>' in options


def test_the_api_reads_and_sets_ones_home(world) -> None:
    raw = api_token_for(world.users["employee"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/v1/bodies/{world.a.body.slug}/me/home"
    client = Client()
    assert client.get(url, **auth).json() == {"municipality": None}
    put = client.put(url, json.dumps({"municipality": "037011"}), "application/json", **auth)
    assert put.status_code == 200
    assert put.json()["municipality"]["name"] == "Casalecchio di Reno"
    wrong = client.put(url, json.dumps({"municipality": "Atlantide"}), "application/json", **auth)
    assert wrong.status_code == 422
    assert "Atlantide" in wrong.content.decode()
    blank = client.put(url, json.dumps({"municipality": " "}), "application/json", **auth)
    assert blank.status_code == 422
    assert client.get(url, **auth).json()["municipality"]["istat_code"] == "037011"
    assert client.put(
        url, json.dumps({"municipality": None}), "application/json", **auth
    ).json() == {"municipality": None}
    found = client.get("/api/v1/municipalities?q=Cremon", **auth).json()
    assert found[0]["name"] == "Cremona" and found[0]["province"] == "CR"


def test_a_home_the_list_cannot_place_falls_back_to_the_office_and_says_so(
    world, client_as
) -> None:
    unplaced = Municipality.objects.filter(latitude__isnull=True).first()
    assert unplaced is not None  # a few small comuni have no coordinates in the source
    person = world.a.employee_person
    person.home_municipality = unplaced
    person.save()
    page = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/").content.decode()
    assert f"The list of municipalities has no coordinates for {unplaced} yet." in page
    assert "Distances from your home municipality" not in page
