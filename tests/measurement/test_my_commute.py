"""A person declares their commute and sees their own savings; HR corrects a profile."""

from __future__ import annotations

from datetime import date

from agilepa.measurement.models import CommuteProfile
from agilepa.org.models import Municipality
from tests.factories import OfficeSiteFactory
from tests.measurement.helpers import plan, profile


def test_a_person_declares_their_commute_from_the_suggested_distance(world, client_as) -> None:
    person = world.a.employee_person
    person.home_municipality = Municipality.objects.get(name="Casalecchio di Reno")
    person.office_site = OfficeSiteFactory(body=world.a.body, latitude="44.494", longitude="11.343")
    person.save()
    client = client_as("employee")
    url = f"/b/{world.a.body.slug}/commute/"
    page = client.get(url).content.decode()
    assert "Casalecchio di Reno (BO)" in page
    assert "Estimated distance from your home municipality to the office" in page
    response = client.post(url, {"distance_km": "8.5", "minutes": "25", "mode": "bus"})
    assert response.status_code == 302
    saved = CommuteProfile.objects.get(person=person)
    assert (str(saved.distance_km), saved.minutes, saved.mode) == ("8.5", 25, "bus")
    assert saved.updated_by == world.users["employee"]


def test_an_impossible_distance_is_refused_with_the_field(world, client_as) -> None:
    client = client_as("employee")
    response = client.post(
        f"/b/{world.a.body.slug}/commute/", {"distance_km": "-3", "minutes": "25", "mode": "bus"}
    )
    assert response.status_code == 422
    assert not CommuteProfile.objects.exists()


def test_a_person_sees_their_own_savings_by_month(world, client_as) -> None:
    person = world.a.employee_person
    profile(person, km="10", minutes=30, mode="train")
    plan(person, {date(2027, 3, 1): "remote", date(2027, 3, 2): "remote"})
    page = client_as("employee").get(f"/b/{world.a.body.slug}/commute/?year=2027")
    text = page.content.decode()
    assert "2027-03" in text
    assert "40.0" in text  # km: 2 days x 2 x 10
    assert "8.00" in text  # euro: 4 tickets of 2.00


def test_hr_corrects_a_persons_profile_and_a_manager_may_not(world, client_as) -> None:
    person = world.a.colleague
    profile(person, km="50")
    url = f"/b/{world.a.body.slug}/commute/people/{person.pk}/"
    assert client_as("manager").get(url).status_code == 403
    response = client_as("hr_admin").post(
        url, {"distance_km": "15", "minutes": "20", "mode": "car_lpg"}
    )
    assert response.status_code == 302
    saved = CommuteProfile.objects.get(person=person)
    assert str(saved.distance_km) == "15.0"
    assert saved.updated_by == world.users["hr_admin"]


def test_a_person_of_another_body_is_not_found(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/commute/people/{world.b.colleague.pk}/"
    assert client_as("hr_admin").get(url).status_code == 404
