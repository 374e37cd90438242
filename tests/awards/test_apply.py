"""A body applies: eligible bodies only, within the dates, a text for every criterion, the
indicators frozen at submission; attachments checked by their content and downloaded only
through checked views."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agilepa.awards import services
from agilepa.awards.models import Application, ApplicationStatus, Attachment
from agilepa.core.access import resolve_access
from tests.awards.conftest import DURING
from tests.filebuilders import pdf_bytes, upload


@pytest.fixture
def open_call(world, settings, tmp_path):
    """A call of body A open today to body B, with the Pavia criteria."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    call = services.open_call(
        world.users["hr_admin"],
        body=world.a.body,
        title="Premio aperto",
        slug="premio-aperto",
        applications_open=today - timedelta(days=5),
        applications_close=today + timedelta(days=5),
        jury_closes=today + timedelta(days=30),
        eligible_bodies=[world.b.body],
    )
    return call


@pytest.fixture
def hr_b(world):
    from agilepa.core.models import RoleKind
    from tests.factories import UserFactory, grant

    user = UserFactory(email="hr@b.it")
    grant(user, RoleKind.HR_ADMIN, body=world.b.body)
    return user


def _url(call, name="awards:apply"):
    return reverse(name, args=["c_b", call.pk])


def test_a_body_not_listed_cannot_apply(contest, world):
    access = resolve_access(world.users["hr_admin"], world.a.body)
    with pytest.raises(ValidationError, match="not among the bodies eligible"):
        services.save_answers(access, contest.call, {}, DURING)


def test_applications_outside_the_dates_are_refused(contest):
    access = resolve_access(contest.hr_b, contest.world.b.body)
    with pytest.raises(ValidationError, match="Applications closed on 31/03/2026"):
        services.save_answers(access, contest.call, {}, date(2026, 4, 1))
    with pytest.raises(ValidationError, match="Applications open on 01/01/2026"):
        services.save_answers(access, contest.call, {}, date(2025, 12, 31))


def test_submitting_needs_a_text_for_every_criterion(open_call, hr_b, client_as):
    client = client_as(hr_b)
    criteria = list(open_call.criteria.all())
    data = {"action": "submit", f"answer_{criteria[0].pk}": "La nostra flessibilità"}
    response = client.post(_url(open_call), data)
    assert response.status_code == 422
    assert "Write a text for every criterion" in response.content.decode()
    assert criteria[1].name in response.content.decode()
    assert Application.objects.get(call=open_call).status == ApplicationStatus.DRAFT


def test_a_submitted_application_freezes_the_indicators_and_cannot_change(
    open_call, hr_b, client_as
):
    client = client_as(hr_b)
    data = {"action": "submit"}
    data.update({f"answer_{c.pk}": f"Testo su {c.name}" for c in open_call.criteria.all()})
    assert client.post(_url(open_call), data).status_code == 302
    application = Application.objects.get(call=open_call)
    assert application.status == ApplicationStatus.SUBMITTED
    assert set(application.indicators) >= {"IMP_AGREEMENTS", "IMP_AGILE_DAYS"}
    response = client.post(_url(open_call), {**data, "action": "save"})
    assert response.status_code == 422
    assert "can no longer change" in response.content.decode()


def test_a_renamed_executable_is_refused_through_the_form(open_call, hr_b, client_as):
    client = client_as(hr_b)
    fake = upload("relazione.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(_url(open_call), {"action": "upload", "file": fake})
    assert response.status_code == 422
    html = response.content.decode()
    assert "executables are not accepted" in html
    assert 'id="id_file_error"' in html
    assert not Attachment.objects.exists()


def test_an_empty_file_and_a_corrupt_pdf_are_refused_with_a_message(open_call, hr_b, client_as):
    client = client_as(hr_b)
    empty = client.post(_url(open_call), {"action": "upload", "file": upload("vuoto.pdf", b"")})
    assert "is empty" in empty.content.decode()
    broken = upload("rotto.pdf", b"%PDF-1.4\nnot really a pdf")
    corrupt = client.post(_url(open_call), {"action": "upload", "file": broken})
    assert "damaged PDF" in corrupt.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused_with_both_sizes(open_call, hr_b, settings, client_as):
    settings.AWARDS_ATTACHMENT_MAX_BYTES = 1000
    client = client_as(hr_b)
    response = client.post(
        _url(open_call), {"action": "upload", "file": upload("grande.pdf", pdf_bytes() * 3)}
    )
    assert response.status_code == 422
    assert "the largest file accepted here is" in response.content.decode()


def test_an_attachment_is_downloaded_by_the_applicant_and_the_organiser_only(
    open_call, hr_b, world, client_as
):
    client = client_as(hr_b)
    data = pdf_bytes("Progetto smart working")
    assert (
        client.post(
            _url(open_call), {"action": "upload", "file": upload("progetto.pdf", data)}
        ).status_code
        == 302
    )
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert not attachment.file.name.endswith("progetto.pdf")  # stored under a random name
    own = client.get(reverse("awards:attachment", args=["c_b", open_call.pk, attachment.pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content) == data
    organiser = client_as("hr_admin").get(
        reverse("awards:attachment", args=["c_a", open_call.pk, attachment.pk])
    )
    assert organiser.status_code == 200
    # Another body that sees the call but neither applied with it nor organises it.
    from agilepa.core.models import RoleKind
    from tests.factories import BodyFactory, UserFactory, grant

    other = BodyFactory(slug="c_z", ipa_code="c_z")
    open_call.eligible_bodies.add(other)
    stranger = UserFactory()
    grant(stranger, RoleKind.HR_ADMIN, body=other)
    denied = client_as(stranger).get(
        reverse("awards:attachment", args=["c_z", open_call.pk, attachment.pk])
    )
    assert denied.status_code == 403


def test_the_api_writes_and_submits_an_application(open_call, hr_b, client_as):
    import json

    client = client_as(hr_b)
    texts = {str(c.pk): f"Testo {c.position}" for c in open_call.criteria.all()}
    url = f"/api/v1/bodies/c_b/awards/calls/{open_call.pk}/application"
    unknown = client.put(
        url, json.dumps({"answers": {"999999": "x"}}), content_type="application/json"
    )
    assert unknown.status_code == 422
    assert "Not a criterion of this call: 999999" in unknown.json()["detail"]
    response = client.put(
        url, json.dumps({"answers": texts, "submit": True}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["indicators"]["IMP_AGREEMENTS"]["unit"] == "%"


def test_in_italian_the_article_before_the_opening_day_is_elided(contest):
    """Applications open on 1 January: "si aprono l'01/01/2026", never "il 01/01"."""
    from django.utils import translation

    access = resolve_access(contest.hr_b, contest.world.b.body)
    with translation.override("it"), pytest.raises(ValidationError) as refused:
        services.save_answers(access, contest.call, {}, date(2025, 12, 31))
    assert "Le candidature si aprono l'01/01/2026." in refused.value.messages
