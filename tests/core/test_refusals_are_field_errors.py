"""A service's refusal of one value the person typed or chose shows beside that field, in the
person's language, and nothing is written (issue 23); in the API it names the same field in
the problem document. A refusal a form has no field for stays at the top of the form."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError

from agilepa.community import services as community_services
from agilepa.community.models import MaterialVersion
from agilepa.core.access import resolve_access
from agilepa.core.forms import ItaliaFormMixin, add_service_errors, service_error_messages
from agilepa.core.models import RoleAssignment
from agilepa.measurement.models import Pledge
from agilepa.planning.models import Absence
from agilepa.privacy.models import NoticeVersion
from tests.community.conftest import member
from tests.factories import NetworkFactory
from tests.filebuilders import upload

ITALIAN = {"HTTP_ACCEPT_LANGUAGE": "it"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_role_the_person_already_has_is_refused_beside_the_email(world, client_as) -> None:
    client = client_as("hr_admin", **ITALIAN)
    url = f"/b/{world.a.body.slug}/roles/"
    role = {"email": "cug@a.it", "kind": "observer", "unit": ""}
    assert client.post(url, role).status_code == 302
    again = client.post(url, role)
    assert again.status_code == 422
    form = again.context["form"]
    assert form.errors["email"] == ["cug@a.it ha già questo ruolo."]
    assert not form.non_field_errors()
    html = again.content.decode()
    assert 'aria-describedby="id_email-error"' in html
    assert 'id="id_email-error">cug@a.it ha già questo ruolo.</div>' in html
    assert RoleAssignment.objects.filter(user__email="cug@a.it").count() == 1


def test_an_absence_ending_before_it_starts_is_refused_beside_its_end(world, client_as) -> None:
    client = client_as("hr_admin", **ITALIAN)
    response = client.post(
        f"/b/{world.a.body.slug}/planning/absences/",
        {
            "employee_number": world.a.employee_person.employee_number,
            "start": "2027-03-12",
            "end": "2027-03-08",
            "kind": "leave",
        },
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["end"] == ["L'assenza finisce prima di iniziare."]
    assert not form.non_field_errors()
    page = response.content.decode()
    assert 'aria-describedby="id_end_error"' in page
    assert 'value="2027-03-12"' in page and 'value="2027-03-08"' in page
    assert f'value="{world.a.employee_person.employee_number}"' in page
    assert not Absence.objects.exists()


def test_an_absence_of_an_unknown_matricola_is_refused_with_what_was_typed(
    world, client_as
) -> None:
    response = client_as("hr_admin", **ITALIAN).post(
        f"/b/{world.a.body.slug}/planning/absences/",
        {
            "employee_number": "NOBODY-9",
            "start": "2027-03-08",
            "end": "2027-03-12",
            "kind": "leave",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].has_error("employee_number")
    page = response.content.decode()
    assert 'value="NOBODY-9"' in page and 'value="2027-03-08"' in page
    assert not Absence.objects.exists()


def test_a_bad_file_for_a_new_version_is_refused_beside_the_file(
    world, media_root, client_as
) -> None:
    network = NetworkFactory(coordinator=world.a.body, name="Rete ER", slug="rete-er")
    member(network, world.a.body)
    material = community_services.publish_material(
        resolve_access(world.users["hr_admin"], world.a.body),
        theme=network.tables.get(slug="spazi"),
        title="Guida",
        summary="Guida",
        kind="guide",
        text="Prima",
    )
    response = client_as("hr_admin", **ITALIAN).post(
        f"/b/{world.a.body.slug}/library/{material.pk}/versions/new/",
        {"file": upload("v2.pdf", b"\x7fELF\x02\x01" + b"\x00" * 64), "note": "Aggiornata"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "ELF" in " ".join(form.errors["file"])
    assert not form.non_field_errors()
    # A service's refusal, added after the form's own checks, still marks the field invalid.
    assert "is-invalid" in form.fields["file"].widget.attrs["class"]
    assert MaterialVersion.objects.filter(material=material).count() == 1
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_an_unfinished_italian_notice_is_refused_beside_the_italian_text(world, client_as) -> None:
    response = client_as("hr_admin", **ITALIAN).post(
        f"/b/{world.a.body.slug}/privacy/edit/",
        {"text_it": "Titolare: [DA COMPLETARE: nome]", "text_en": "", "action": "publish"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["text_it"][0].startswith("Prima di pubblicare completa ciò che il modello")
    assert "text_en" not in form.errors
    assert not form.non_field_errors()
    assert not NoticeVersion.objects.exists()


def test_an_unfinished_english_notice_is_refused_beside_the_english_text(world, client_as) -> None:
    response = client_as("hr_admin", **ITALIAN).post(
        f"/b/{world.a.body.slug}/privacy/edit/",
        {"text_it": "Titolare: il Comune.", "text_en": "[DA COMPLETARE: DPO]", "action": "publish"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "[DA COMPLETARE: DPO]" in form.errors["text_en"][0]
    assert "text_it" not in form.errors
    assert not NoticeVersion.objects.exists()


def test_the_api_names_the_pledged_day_that_is_not_of_the_campaign(world, api_as) -> None:
    base = f"/api/v1/bodies/{world.a.body.slug}"
    hr = api_as("hr_admin", token=True)
    created = hr.post(
        f"{base}/campaigns",
        json.dumps(
            {"title": "Giornata", "slug": "giornata", "start": "2030-05-06", "end": "2030-05-06"}
        ),
    )
    campaign_id = created.json()["id"]
    hr.post(f"{base}/campaigns/{campaign_id}/sign-up")
    refused = api_as("employee", token=True, **ITALIAN).put(
        f"{base}/campaigns/{campaign_id}/my-pledge", {"days": ["2030-05-07"]}
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert [e["field"] for e in problem["errors"]] == ["days"]
    assert problem["detail"] == problem["errors"][0]["message"]
    assert "07/05/2030" in problem["detail"]
    assert not Pledge.objects.filter(date=date(2030, 5, 7)).exists()


class Sample(ItaliaFormMixin, forms.Form):
    start = forms.DateField()


def test_a_refusal_keyed_by_a_field_the_form_lacks_goes_to_the_top_of_the_form() -> None:
    form = Sample({"start": "2027-01-01"})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError({"start": "Too early.", "seat": "Taken.", "__all__": "Plan not ready."}),
    )
    assert form.errors["start"] == ["Too early."]
    assert form.non_field_errors() == ["Taken.", "Plan not ready."]
    assert "is-invalid" in form.fields["start"].widget.attrs["class"]
    add_service_errors(form, ValidationError("The request was already decided."))
    assert form.non_field_errors()[-1] == "The request was already decided."


def test_a_refusal_on_the_form_keeps_every_message_and_its_code() -> None:
    form = Sample({"start": "2027-01-01"})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError(
            {"start": [ValidationError("Too early.", code="early"), "Not a working day."]}
        ),
    )
    assert form.errors["start"] == ["Too early.", "Not a working day."]
    assert form.has_error("start", code="early")


def test_a_refusal_shown_without_a_form_puts_unknown_fields_at_the_top() -> None:
    refused = ValidationError({"q1": ["Answer this.", "Pick one."], "seat": "Taken."})
    assert service_error_messages(refused, ["q1", "q2"]) == {
        "q1": ["Answer this.", "Pick one."],
        "__all__": ["Taken."],
    }
    assert service_error_messages(ValidationError("Closed."), ["q1"]) == {"__all__": ["Closed."]}


def test_a_closure_without_a_date_is_answered_422_with_the_reason_kept(world, client_as) -> None:
    client = client_as("hr_admin", **ITALIAN)
    response = client.post(
        f"/b/{world.a.body.slug}/planning/calendar/",
        {"action": "closure", "c-date": "", "c-reason": "Ponte dell'Immacolata"},
    )
    assert response.status_code == 422
    assert response.context["closure_form"].errors["date"]
    assert "Ponte dell&#x27;Immacolata" in response.content.decode()


def test_a_wave_closing_before_it_opens_is_answered_422_beside_its_field(world, client_as) -> None:
    from tests.surveys.helpers import campaign_with_wave

    campaign, _wave = campaign_with_wave(world)
    client = client_as("hr_admin", **ITALIAN)
    response = client.post(
        f"/b/{world.a.body.slug}/surveys/campaigns/{campaign.pk}/waves/",
        {"kind": "follow_up", "label": "Seconda", "opens_on": "2027-06-10", "closes_on": ""},
    )
    assert response.status_code == 422
    assert response.context["wave_form"].errors["closes_on"]
    assert campaign.waves.count() == 1
