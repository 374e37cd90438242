"""Attack: read a small body's figures from the PIAO report, a document made to be published,
and from the phase shown beside a withheld figure. The four-person body of report_helpers.py
has groups of one to three people: none of their figures, parts or phases may come out."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from agilepa.indicators import summary
from agilepa.indicators.report import document as report
from tests.factories import api_token_for
from tests.indicators.report_helpers import YEAR, build_report_world, pdf_text


def extend_world(world) -> None:
    """Built once with the module's world (tests/conftest.py)."""
    build_report_world(world)  # one of each: 3 potential, 2 effective agile workers


@pytest.fixture
def small_body(world):
    return world


def test_the_report_of_a_small_body_prints_no_figure_about_its_few_people(small_body) -> None:
    body = small_body.a.body
    with translation.override("it"):
        text = pdf_text(report.render(body, YEAR, "pdf")[0])
    assert "66,7" not in text  # 2 of 3 effective agile workers
    assert "2 di loro" not in text
    assert "(1 su 41" not in text  # the outsider's absent day
    assert "6 sulle 40" not in text
    assert "non pubblicato" in text
    built = report.build(body, YEAR, with_charts=False)
    workers = built.values["IMP_AGILE_WORKERS"]
    assert workers.withheld
    assert (workers.value, workers.numerator, workers.denominator) == (None, None, None)


def test_the_annex_of_a_small_body_holds_no_part_or_count_of_a_withheld_figure(small_body) -> None:
    with translation.override("en"):
        book = load_workbook(io.BytesIO(report.render(small_body.a.body, YEAR, "xlsx")[0]))
    first, trend, _ = book.worksheets
    header = [c.value for c in first[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in first.iter_rows(2, values_only=True)}
    workers = rows["IMP_AGILE_WORKERS"]
    parts = ("Actual", "Numerator", "Denominator", "People", "Phase reached")
    assert [workers[p] for p in parts] == [None] * len(parts)
    march = list(trend.iter_rows(2, values_only=True))[2]
    assert set(march[1:]) == {None}


def test_a_withheld_figure_has_no_phase_in_the_api(small_body) -> None:
    # The API reads the summary as it is: the job (or HR's "Recompute now") built it.
    summary.refresh_year(small_body.a.body.pk, YEAR)
    token = api_token_for(small_body.users["hr_admin"])
    slug = small_body.a.body.slug
    response = Client().get(
        f"/api/v1/bodies/{slug}/indicators?period={YEAR}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    figures = {f["code"]: f for f in response.json()["values"]}
    workers = figures["IMP_AGILE_WORKERS"]
    assert workers["withheld"] is True
    assert workers["phase"] is None  # "sviluppo intermedio" would say 60-80 %
    assert workers["target"] == 50.0  # the plan is HR's own, not a figure about people
