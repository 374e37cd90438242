"""Lavoro da remoto counted apart from lavoro agile (issue 17, item 2): body A of the report's
world (tests/indicators/report_helpers.py), where the colleague's agreement is one of lavoro da
remoto. Their two remote days of March 2026 (the first at a hub) are days of lavoro da remoto:
none of them is a day of lavoro agile, both are days worked.

    lavoro agile days / days worked        4 / 40   (the employee's four)
    lavoro da remoto days / days worked    2 / 40   (the colleague's two)
    workers in lavoro da remoto            1
    effective / potential agile workers    1 / 3
    coworking / lavoro agile days          0 / 4"""

from __future__ import annotations

import io
import math
from datetime import date

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from agilepa.agreements.models import Agreement, AgreementKind
from agilepa.indicators import summary
from agilepa.indicators.engine import Period, Scope, compute
from agilepa.indicators.models import PersonMonth
from agilepa.indicators.report import document as report
from agilepa.org.models import Person
from agilepa.planning.models import ActualDay
from tests.indicators import reference
from tests.indicators.report_helpers import TODAY, build_report_world, pdf_text, weekdays_from
from tests.measurement.helpers import book, hub_at

pytestmark = pytest.mark.django_db

EXPECTED = {
    "IMP_AGILE_DAYS": 100 * 4 / 40,
    "IMP_REMOTE_DAYS": 100 * 2 / 40,
    "IMP_REMOTE_WORKERS": 1,
    "IMP_AGILE_WORKERS": 100 * 1 / 3,
    "IMP_DAYS_PER_WORKER": 4 / 1,
    "IMP_COWORKING": 0,
    "PERF_ABSENCE": 100 * 1 / 41,
}


def colleagues_in_remote_work(world, copies: int):
    """The report's world with the colleague (and their twins) in lavoro da remoto, the first
    remote day of each at a hub."""
    build_report_world(world, copies=copies)
    a = world.a
    colleagues = [
        p
        for p in Person.objects.filter(body=a.body)
        if ActualDay.objects.filter(person=p, kind="remote").count() == 2
    ]
    assert len(colleagues) == copies
    Agreement.objects.filter(person__in=colleagues).update(kind=AgreementKind.REMOTE)
    hub = hub_at(a.body, "44.49", "11.34")
    for person in colleagues:
        book(person, hub, weekdays_from(date(2026, 3, 2), 1)[0])
    summary.refresh_year(a.body.pk, 2026, today=TODAY)
    return world


def test_days_of_lavoro_da_remoto_are_counted_apart_from_lavoro_agile(world) -> None:
    a = colleagues_in_remote_work(world, copies=1).a
    row = PersonMonth.objects.get(person=a.colleague, month=date(2026, 3, 1))
    assert (row.remote_days, row.coworking_days, row.fixed_remote_days) == (0, 0, 2)
    values = compute(Scope.body(a.body), Period(2026))
    for code, expected in EXPECTED.items():
        got = values[code].value
        assert got is not None and math.isclose(got, expected, abs_tol=1e-9), (code, got)
    want = reference.indicators([a.body], date(2026, 1, 1), date(2026, 12, 31))
    for code in EXPECTED:
        assert math.isclose(values[code].value, want[code], abs_tol=1e-9), code


def test_the_piao_report_withholds_lavoro_da_remoto_of_fewer_than_five(world) -> None:
    body = colleagues_in_remote_work(world, copies=1).a.body
    with translation.override("en"):
        text = pdf_text(report.render(body, 2026, "pdf")[0])
    assert "Workers in lavoro da remoto: not published" in text


def test_the_piao_report_states_lavoro_da_remoto_apart_in_each_file(world) -> None:
    body = colleagues_in_remote_work(world, copies=5).a.body
    sentence = (
        "Counted apart from lavoro agile, 5 people worked in lavoro da remoto (fixed hours and "
        "place): 10 days, 5.0% of the days worked."
    )
    with translation.override("en"):
        pdf = pdf_text(report.render(body, 2026, "pdf")[0])
        docx = Document(io.BytesIO(report.render(body, 2026, "docx")[0]))
        xlsx = load_workbook(io.BytesIO(report.render(body, 2026, "xlsx")[0]), read_only=True)
    assert sentence in pdf
    assert "The days of lavoro agile were 20 of the 200 days worked" in pdf
    assert any(sentence in p.text for p in docx.paragraphs)
    rows = {row[0]: row for row in xlsx.worksheets[0].iter_rows(values_only=True)}
    assert "IMP_REMOTE_WORKERS" in rows and 5 in rows["IMP_REMOTE_WORKERS"]
    assert "IMP_REMOTE_DAYS" in rows and 5 in rows["IMP_REMOTE_DAYS"]
