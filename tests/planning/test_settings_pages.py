"""The planning rules people keep: a unit's minimum presence and anchor days, the body's
calendar, absences, one's preferred weekdays."""

from __future__ import annotations

from datetime import date

from agilepa.planning.models import (
    Absence,
    AnchorDay,
    Closure,
    PatronDay,
    PlanningProfile,
    PresenceRequirement,
)


def test_the_manager_sets_the_minimum_presence_and_a_role(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/planning/units/{world.a.service.pk}/"
    data = {"action": "requirements", "people_0": "3", "share_2": "50", "role": "sportello"}
    data |= {"role_people": "1", "role_weekdays": ["0", "2"]}
    response = client_as("manager").post(url, data)
    assert response.status_code == 302
    rules = set(
        PresenceRequirement.objects.values_list(
            "weekday", "min_present", "min_share_percent", "role"
        )
    )
    assert rules == {(0, 3, 0, ""), (2, 0, 50, ""), (0, 1, 0, "sportello"), (2, 1, 0, "sportello")}
    # Saving again replaces, never doubles.
    client_as("manager").post(url, {"action": "requirements", "people_0": "2"})
    assert set(PresenceRequirement.objects.filter(role="").values_list("min_present")) == {(2,)}


def test_a_wrong_number_is_refused_with_the_weekday(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/planning/units/{world.a.service.pk}/"
    response = client_as("manager").post(
        url, {"action": "requirements", "share_1": "150"}, follow=True
    )
    assert "Tuesday: a whole number from 0 to 100." in response.content.decode()
    assert not PresenceRequirement.objects.exists()


def test_a_manager_cannot_set_rules_outside_their_subtree(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/planning/units/{world.a.other_area.pk}/"
    assert client_as("manager").get(url).status_code == 403


def test_anchor_days_are_added_and_removed(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/planning/units/{world.a.service.pk}/"
    client = client_as("manager")
    client.post(url, {"action": "anchor", "date": "2027-03-17", "reason": "Riunione di servizio"})
    anchor = AnchorDay.objects.get()
    assert anchor.date == date(2027, 3, 17)
    client.post(url, {"action": "remove_anchor", "anchor": anchor.pk})
    assert not AnchorDay.objects.exists()


def test_hr_keeps_the_calendar_and_absences(world, client_as) -> None:
    client = client_as("hr_admin")
    base = f"/b/{world.a.body.slug}/planning"
    client.post(
        f"{base}/calendar/",
        {
            "action": "patron",
            "p-municipality": "Zola Predosa",
            "p-saint": "San Nicolò",
            "p-day": "6",
            "p-month": "12",
        },
    )
    assert PatronDay.objects.get().saint == "San Nicolò"
    bad = client.post(
        f"{base}/calendar/",
        {"action": "patron", "p-municipality": "X", "p-saint": "Y", "p-day": "31", "p-month": "2"},
    )
    assert "This day does not exist in that month." in bad.content.decode()
    client.post(
        f"{base}/calendar/",
        {"action": "closure", "c-date": "2026-12-24", "c-reason": "Chiusura natalizia"},
    )
    assert Closure.objects.get().reason == "Chiusura natalizia"
    number = world.a.employee_person.employee_number
    client.post(
        f"{base}/absences/",
        {"employee_number": number, "start": "2027-03-08", "end": "2027-03-12", "kind": "leave"},
    )
    assert Absence.objects.get().person == world.a.employee_person
    backwards = client.post(
        f"{base}/absences/",
        {"employee_number": number, "start": "2027-03-12", "end": "2027-03-08", "kind": "leave"},
    )
    assert "The absence ends before it starts." in backwards.content.decode()
    assert client_as("manager").get(f"{base}/absences/").status_code == 403


def test_a_person_sets_their_preferred_weekdays(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/my-month/preferences/"
    client_as("employee").post(url, {"weekdays": ["1", "3", "4", "9"]})
    profile = PlanningProfile.objects.get(person=world.a.employee_person)
    assert profile.preferred_weekdays == [1, 3]  # two at most, real weekdays only
    assert client_as("observer").get(url).status_code == 403
