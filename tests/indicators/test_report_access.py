"""Who opens the PIAO report's page and downloads its files, on the site and through the API:
HR only; the other roles of the body get 403, everyone of another body 404."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from agilepa.indicators.report import document as report
from tests.indicators.report_helpers import YEAR, build_report_world

OTHERS = ["employee", "manager", "observer"]


def extend_world(world) -> None:
    """The report's people, built once with the module's world (tests/conftest.py)."""
    build_report_world(world, copies=5)


@pytest.fixture
def report_world(world):
    return world


def page(world) -> str:
    return f"/b/{world.a.body.slug}/indicators/report/"


def api(world, kind: str, body=None) -> str:
    slug = (body or world.a.body).slug
    return f"/api/v1/bodies/{slug}/indicators/report/{YEAR}.{kind}"


def test_hr_sees_the_preview_and_the_three_downloads(report_world, client_as) -> None:
    response = client_as(report_world.users["hr_admin"]).get(page(report_world), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    slug = report_world.a.body.slug
    for kind in ("pdf", "docx", "xlsx"):
        assert f'id="report-{kind}"' in html
        assert f'href="/b/{slug}/indicators/report/{YEAR}.{kind}"' in html
    assert '<option value="2026" selected>' in html
    # The preview of the table: the figures by indicator, as in the document.
    assert 'data-indicator="IMP_AGILE_WORKERS"' in html
    row = html.split('data-indicator="IMP_AGILE_WORKERS"')[1].split("</tr>")[0]
    assert '<td class="text-end" data-actual>66.7</td>' in row
    assert '<td class="text-end" data-target>50.0</td>' in row
    assert "sviluppo intermedio" in row


def test_a_year_with_no_report_falls_back_to_the_current_one(report_world, client_as) -> None:
    response = client_as(report_world.users["hr_admin"]).get(page(report_world), {"year": "1850"})
    assert response.status_code == 200
    assert response.context["year"] == report.timezone.localdate().year


@pytest.mark.parametrize(
    ("kind", "content_type", "magic"),
    [
        ("pdf", report.PDF, b"%PDF-"),
        ("docx", report.DOCX, b"PK"),
        ("xlsx", report.XLSX, b"PK"),
    ],
)
def test_hr_downloads_each_format_from_the_page_and_the_api(
    report_world, kind: str, content_type: str, magic: bytes, client_as
) -> None:
    client = client_as(report_world.users["hr_admin"])
    slug = report_world.a.body.slug
    for url in (f"/b/{slug}/indicators/report/{YEAR}.{kind}", api(report_world, kind)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type
        assert response.content.startswith(magic)
        name = f"piao-3-2-lavoro-agile-{slug}-{YEAR}.{kind}"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_api_annex_has_the_figures(report_world, client_as) -> None:
    response = client_as(report_world.users["hr_admin"]).get(api(report_world, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = {row[0]: row for row in sheet.iter_rows(2, values_only=True)}
    assert codes["IMP_AGILE_DAYS"][5] == 15


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_of_the_body_get_403(report_world, role: str, client_as) -> None:
    client = client_as(report_world.users[role])
    slug = report_world.a.body.slug
    assert client.get(page(report_world)).status_code == 403
    assert client.get(f"/b/{slug}/indicators/report/{YEAR}.pdf").status_code == 403
    response = client.get(api(report_world, "docx"))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_hr_of_another_body_gets_404(report_world, client_as) -> None:
    client = client_as(report_world.users["hr_admin"])
    foreign = report_world.b.body
    assert client.get(f"/b/{foreign.slug}/indicators/report/").status_code == 404
    assert client.get(f"/b/{foreign.slug}/indicators/report/{YEAR}.xlsx").status_code == 404
    response = client.get(api(report_world, "pdf", body=foreign))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_api_refuses_a_year_with_no_figures_as_a_problem(report_world, client_as) -> None:
    client = client_as(report_world.users["hr_admin"])
    base = f"/api/v1/bodies/{report_world.a.body.slug}/indicators/report/"
    response = client.get(base + "1999.pdf")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "choose a year from 2000 to" in response.json()["detail"]
    # Beyond the years any route takes, the API's bound answers first, naming the field.
    beyond = client.get(base + "2999.pdf")
    assert beyond.status_code == 422
    assert "year" in beyond.content.decode()
    site = client.get(f"/b/{report_world.a.body.slug}/indicators/report/2999.pdf")
    assert site.status_code == 404


def test_the_api_needs_a_login(report_world) -> None:
    response = Client().get(api(report_world, "pdf"))
    assert response.status_code == 401
