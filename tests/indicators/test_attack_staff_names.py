"""Attack: find a member of staff's name where observers look and in what is published. The CUG
or RSU (observer role) reads the body's aggregates, and the PIAO report and the open data are
made to be published: none of them may name the HR officer who declared a figure, the one who
set a target or the one who recomputed the figures, unless HR chose to sign the report (then
the report names the signer, and no one else)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from agilepa.core.access import resolve_access
from agilepa.core.models import RoleKind
from agilepa.core.navigation import ITEMS
from agilepa.indicators import services
from agilepa.indicators.models import OpenDataOptIn
from agilepa.indicators.report import document as report
from tests.factories import UserFactory, grant
from tests.indicators.report_helpers import YEAR, build_report_world, pdf_text

DECLARER = ("Ermenegilda", "Zanzottera")
TARGET_SETTER = ("Gervasio", "Pizzighettoni")
RECOMPUTER = ("Filiberta", "Quarantotti")
SURNAMES = [DECLARER[1], TARGET_SETTER[1], RECOMPUTER[1]]


def extend_world(world) -> None:
    """Who declared, set targets and recomputed, built once with the module's world
    (tests/conftest.py)."""
    build_report_world(world, copies=5)
    body = world.a.body
    hr = world.users["hr_admin"]
    hr.first_name, hr.last_name = DECLARER
    hr.save()
    setter = UserFactory(first_name=TARGET_SETTER[0], last_name=TARGET_SETTER[1])
    recomputer = UserFactory(first_name=RECOMPUTER[0], last_name=RECOMPUTER[1])
    for user in (setter, recomputer):
        grant(user, RoleKind.HR_ADMIN, body=body)
    declarer = resolve_access(hr, body)
    services.declare(declarer, "ECO_TRAINING_SPEND", YEAR, Decimal("441409.11"), "delibera 12")
    services.set_target(
        resolve_access(setter, body),
        "IMP_AGILE_DAYS",
        YEAR,
        baseline=Decimal(8),
        baseline_year=2025,
        target_1=Decimal(10),
        target_2=Decimal(20),
        target_3=Decimal(30),
    )
    services.refresh_now(resolve_access(recomputer, body), YEAR)
    OpenDataOptIn.objects.create(body=body)


@pytest.fixture
def named_world(world):
    return world


def named(text: str) -> list[str]:
    return [name for name in SURNAMES if name in text]


def observer_pages(world) -> list[str]:
    """Every page of the menu an observer is offered, and the indicators' own pages."""
    body = world.a.body
    access = resolve_access(world.users["observer"], body)
    pages = {
        reverse(item.url_name, kwargs={"body": body.slug})
        for item in ITEMS
        if item.visible_to(access)
    }
    indicators = reverse("indicators:dashboard", kwargs={"body": body.slug})
    pages |= {
        f"{indicators}?period={YEAR}",
        f"{indicators}?period={YEAR}&unit={world.a.area.pk}",
        f"{indicators}?period={YEAR}-03",
        reverse("indicators:benchmark", kwargs={"body": body.slug}) + f"?period={YEAR}",
    }
    return sorted(pages)


@pytest.mark.parametrize("language", ["it", "en"])
def test_no_observer_page_names_a_member_of_staff(named_world, client_as, language) -> None:
    client = client_as("observer", HTTP_ACCEPT_LANGUAGE=language)
    pages = observer_pages(named_world)
    assert len(pages) >= 10
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        assert named(response.content.decode()) == [], page


def test_hr_still_sees_who_declared_a_figure(named_world, client_as) -> None:
    """The name is for HR's own work: the attack above would pass on a page that shows none."""
    page = client_as("hr_admin").get(
        reverse("indicators:dashboard", kwargs={"body": named_world.a.body.slug})
        + f"?period={YEAR}"
    )
    assert DECLARER[1] in page.content.decode()


def documents(body) -> dict[str, str]:
    with translation.override("it"):
        built = report.build(body, YEAR, with_charts=False)
        pdf = report.render(body, YEAR, "pdf")[0]
        docx = Document(io.BytesIO(report.render(body, YEAR, "docx")[0]))
        book = load_workbook(io.BytesIO(report.render(body, YEAR, "xlsx")[0]))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    texts = [p.text for p in docx.paragraphs]
    texts += [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    texts += [docx.core_properties.author or "", docx.core_properties.last_modified_by or ""]
    return {
        "html": report.html_of(built),
        "pdf": pdf_text(pdf) + pdf.decode("latin-1"),
        "docx": "\n".join(texts),
        "xlsx": "\n".join(cells),
    }


def test_the_piao_report_names_no_member_of_staff(named_world) -> None:
    body = named_world.a.body
    for kind, text in documents(body).items():
        assert named(text) == [], kind
    assert "Ufficio risorse umane" in documents(body)["html"]


def test_the_open_data_names_no_member_of_staff(named_world, client) -> None:
    body = named_world.a.body
    for fmt in ("csv", "json"):
        response = client.get(f"/open-data/indicators/body/{body.slug}/{YEAR}.{fmt}")
        assert response.status_code == 200
        assert named(response.content.decode()) == [], fmt
    network = named_world.network.slug
    response = client.get(f"/open-data/indicators/network/{network}/{YEAR}.json")
    assert named(response.content.decode()) == []


def test_hr_who_chooses_to_sign_is_the_only_one_named(named_world, client_as) -> None:
    body = named_world.a.body
    page = f"/b/{body.slug}/indicators/report/"
    client = client_as("hr_admin")
    assert client.post(f"{page}{YEAR}/sign/", {"signed": "1"}).status_code == 302
    found = documents(body)
    for kind in ("html", "docx"):
        assert named(found[kind]) == [DECLARER[1]], kind
    assert "Redatto da: Ermenegilda Zanzottera" in found["pdf"]
    # Recorded, and undone the same way.
    from agilepa.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="indicator.report_signature").count() == 1
    client.post(f"{page}{YEAR}/sign/", {"signed": "0"})
    assert named(documents(body)["html"]) == []


def test_an_observer_cannot_sign_the_report(named_world, client_as) -> None:
    body = named_world.a.body
    response = client_as("observer").post(
        f"/b/{body.slug}/indicators/report/{YEAR}/sign/", {"signed": "1"}
    )
    assert response.status_code == 403
