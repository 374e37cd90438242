"""Importing people: the happy paths in every format, the upsert counts, full exports, and
every kind of bad input, which must write nothing at all."""

from __future__ import annotations

import codecs
import datetime
import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from agilepa.core.tabular import MAX_REPORTED_ERRORS
from agilepa.org.imports.run import run_import
from agilepa.org.models import OfficeSite, OrgUnit, Person
from tests.factories import make_tax_code


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The messages are asserted in English, the source language (Italian is the default)."""
    with translation.override("en"):
        yield


SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
TODAY = datetime.date(2026, 3, 2)
HEADER = [
    "matricola",
    "cognome",
    "nome",
    "codice_fiscale",
    "email",
    "codice_unita",
    "contratto",
    "percentuale_part_time",
    "categoria",
    "data_assunzione",
]


def person(n: int, **changes: str) -> dict[str, str]:
    row = {
        "matricola": f"N{n:05d}",
        "cognome": f"Cognomè{n}",
        "nome": f"Nicolò{n}",
        "codice_fiscale": make_tax_code(50_000 + n),
        "email": f"p{n}@comune.example.it",
        "codice_unita": "SERV1",
        "contratto": "tempo pieno",
        "percentuale_part_time": "",
        "categoria": "Istruttori",
        "data_assunzione": "01/03/2015",
    }
    row.update(changes)
    return row


def csv_file(
    rows: list[dict[str, str]],
    header: list[str] | None = None,
    separator: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    header = header or HEADER
    lines = [separator.join(header)]
    lines += [separator.join(row.get(column, "") for column in header) for row in rows]
    content = "\r\n".join(lines).encode(encoding)
    return (codecs.BOM_UTF8 if bom else b"") + content


def xlsx_file(rows: list[dict[str, object]], header: list[str] | None = None) -> bytes:
    header = header or HEADER
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def digest() -> str:
    """Every row of the tables an import may touch."""
    rows = [
        list(Person.objects.order_by("pk").values_list()),
        list(OrgUnit.objects.order_by("pk").values_list()),
    ]
    return json.dumps(rows, default=str)


def do_import(world, content: bytes, **options: object):
    return run_import(world.a.body, "people", content, today=TODAY, **options)


# Happy paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("separator", "encoding", "bom"),
    [(";", "utf-8", False), (",", "utf-8", True), (";", "cp1252", False), ("\t", "utf-16", False)],
)
def test_a_csv_file_creates_its_people(world, separator: str, encoding: str, bom: bool) -> None:
    content = csv_file([person(1), person(2)], separator=separator, encoding=encoding, bom=bom)
    report = do_import(world, content)
    assert report.ok, report.errors
    assert report.applied
    assert report.counts == {"new": 2, "changed": 0, "unchanged": 0, "ended": 0}
    created = Person.objects.get(body=world.a.body, employee_number="N00001")
    assert (created.first_name, created.last_name) == ("Nicolò1", "Cognomè1")
    assert created.unit == world.a.service
    assert created.hire_date == datetime.date(2015, 3, 1)
    assert created.is_active


def test_an_xlsx_file_with_real_dates_and_numbers_creates_its_people(world) -> None:
    rows: list[dict[str, object]] = [
        {**person(1), "data_assunzione": datetime.datetime(2019, 7, 1), "matricola": 1234},
        {**person(2), "contratto": "part-time", "percentuale_part_time": 83.33},
    ]
    report = do_import(world, xlsx_file(rows))
    assert report.ok, report.errors
    first = Person.objects.get(body=world.a.body, employee_number="1234")
    assert first.hire_date == datetime.date(2019, 7, 1)
    second = Person.objects.get(body=world.a.body, employee_number="N00002")
    assert (second.contract, second.part_time_percent) == ("part_time", 83)


def test_the_sample_files_import_into_a_body(world) -> None:
    units = run_import(world.a.body, "units", (SAMPLES / "unita.csv").read_bytes(), today=TODAY)
    assert units.ok, units.errors
    report = do_import(world, (SAMPLES / "persone.csv").read_bytes())
    assert report.ok, report.errors
    assert report.counts["new"] == 12
    agnese = Person.objects.get(body=world.a.body, employee_number="000104")
    assert agnese.last_name == "Ferrè"
    assert (agnese.contract, agnese.part_time_percent) == ("part_time", 83)
    ended = Person.objects.get(body=world.a.body, employee_number="000111")
    assert (ended.is_active, ended.ended_on) == (False, datetime.date(2025, 12, 31))
    again = do_import(world, (SAMPLES / "persone.xlsx").read_bytes())
    assert again.ok, again.errors
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 12, "ended": 0}


def test_a_part_time_percentage_alone_makes_a_part_time_contract(world) -> None:
    report = do_import(world, csv_file([person(1, contratto="", percentuale_part_time="50%")]))
    assert report.ok, report.errors
    created = Person.objects.get(employee_number="N00001")
    assert (created.contract, created.part_time_percent) == ("part_time", 50)


def test_office_sites_are_found_by_code(world) -> None:
    site = OfficeSite.objects.create(body=world.a.body, name="Municipio", code="MUN")
    header = [*HEADER, "codice_sede"]
    report = do_import(world, csv_file([person(1, codice_sede="MUN")], header=header))
    assert report.ok, report.errors
    assert Person.objects.get(employee_number="N00001").office_site == site


# Upserts ----------------------------------------------------------------------------------------


def test_a_second_import_counts_new_changed_unchanged_and_ended_people(world) -> None:
    first = do_import(world, csv_file([person(1), person(2), person(3), person(4)]))
    assert first.counts["new"] == 4
    rows = [
        person(1),
        person(2, cognome="Sposata"),
        person(3, codice_unita="AREA2"),
        person(4, cessato="sì"),
        person(5),
    ]
    report = do_import(world, csv_file(rows, header=[*HEADER, "cessato"]))
    assert report.ok, report.errors
    assert report.counts == {"new": 1, "changed": 2, "unchanged": 1, "ended": 1}
    assert Person.objects.get(employee_number="N00002").last_name == "Sposata"
    assert Person.objects.get(employee_number="N00003").unit == world.a.other_area
    ended = Person.objects.get(employee_number="N00004")
    assert (ended.is_active, ended.ended_on) == (False, TODAY)


def test_people_are_matched_by_matricola_and_keep_their_login(world) -> None:
    employee = world.a.employee_person
    row = person(1, matricola=employee.employee_number, codice_fiscale=employee.tax_code)
    report = do_import(world, csv_file([row]))
    assert report.counts == {"new": 0, "changed": 1, "unchanged": 0, "ended": 0}
    employee.refresh_from_db()
    assert employee.first_name == "Nicolò1"
    assert employee.user == world.users["employee"]


def test_a_column_left_out_keeps_what_is_known_and_an_empty_one_clears_it(world) -> None:
    do_import(world, csv_file([person(1), person(2)]))
    header = [c for c in HEADER if c not in ("email", "categoria")]
    assert (
        do_import(world, csv_file([person(1), person(2)], header=header)).counts["unchanged"] == 2
    )
    report = do_import(world, csv_file([person(1, email=""), person(2)]))
    assert report.counts == {"new": 0, "changed": 1, "unchanged": 1, "ended": 0}
    assert Person.objects.get(employee_number="N00001").email == ""


def test_an_ended_person_listed_again_is_back_in_service(world) -> None:
    do_import(world, csv_file([person(1, cessato="si")], header=[*HEADER, "cessato"]))
    assert not Person.objects.get(employee_number="N00001").is_active
    report = do_import(world, csv_file([person(1)]))
    assert report.counts["changed"] == 1
    back = Person.objects.get(employee_number="N00001")
    assert (back.is_active, back.ended_on) == (True, None)


def test_a_future_end_of_employment_keeps_the_person_in_service_with_a_warning(world) -> None:
    header = [*HEADER, "data_cessazione"]
    report = do_import(world, csv_file([person(1, data_cessazione="30/06/2030")], header=header))
    assert report.ok
    assert report.warnings and "future" in report.warnings[0].message
    assert Person.objects.get(employee_number="N00001").is_active


def test_a_full_export_ends_the_people_missing_from_it_and_deletes_nobody(world) -> None:
    before = Person.objects.filter(body=world.a.body).count()
    keep = world.a.employee_person
    row = person(1, matricola=keep.employee_number, codice_fiscale=keep.tax_code)
    report = do_import(world, csv_file([row, person(2)]), full_export=True)
    assert report.ok, report.errors
    assert report.counts == {"new": 1, "changed": 1, "unchanged": 0, "ended": 3}
    assert Person.objects.filter(body=world.a.body).count() == before + 1
    ended = Person.objects.filter(body=world.a.body, is_active=False)
    assert {p.pk for p in ended} == {
        world.a.manager_person.pk,
        world.a.colleague.pk,
        world.a.outsider.pk,
    }
    assert {p.ended_on for p in ended} == {TODAY}
    # Another body's people are not part of this body's export.
    assert not Person.objects.filter(body=world.b.body, is_active=False).exists()


def test_without_the_full_export_flag_missing_people_stay_in_service(world) -> None:
    report = do_import(world, csv_file([person(1)]))
    assert report.counts["ended"] == 0
    assert not Person.objects.filter(body=world.a.body, is_active=False).exists()


def test_a_dry_run_counts_but_writes_nothing(world) -> None:
    before = digest()
    report = do_import(world, csv_file([person(1)]), full_export=True, dry_run=True)
    assert report.ok and not report.applied
    assert report.counts == {"new": 1, "changed": 0, "unchanged": 0, "ended": 4}
    assert digest() == before


# Bad input writes nothing -----------------------------------------------------------------------


def refused(world, content: bytes, **options: object) -> list[tuple[int, str, str]]:
    """Import a bad file; check that nothing changed and return its errors."""
    do_import(world, csv_file([person(90), person(91)]))
    before = digest()
    report = do_import(world, content, **options)
    assert not report.ok and not report.applied
    assert digest() == before
    return [(e.row, e.column, e.message) for e in report.errors]


def test_missing_required_columns_are_named(world) -> None:
    header = [c for c in HEADER if c not in ("codice_fiscale", "nome")]
    errors = refused(world, csv_file([person(1)], header=header))
    assert errors == [(1, "", "Required columns missing: nome, codice_fiscale.")]


def test_two_columns_for_the_same_field_are_an_error(world) -> None:
    header = [*HEADER, "e-mail"]
    errors = refused(world, csv_file([person(1)], header=header))
    assert errors[0][:2] == (1, "e-mail")


def test_a_duplicate_matricola_gives_both_rows(world) -> None:
    rows = [person(1), person(2), person(3, matricola="N00001")]
    errors = refused(world, csv_file(rows))
    assert errors == [(4, "matricola", "N00001 appears twice, in rows 2 and 4.")]


def test_an_invalid_codice_fiscale_is_refused_with_the_reason(world) -> None:
    bad = make_tax_code(7)[:15] + ("A" if make_tax_code(7)[15] != "A" else "B")
    errors = refused(world, csv_file([person(1), person(2, codice_fiscale=bad)]))
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (3, "codice_fiscale")
    assert "check character" in message


def test_an_unknown_unit_is_refused(world) -> None:
    errors = refused(world, csv_file([person(1, codice_unita="NOPE")]))
    assert errors[0][:2] == (2, "codice_unita")
    assert "NOPE" in errors[0][2]


def test_a_unit_of_another_body_is_unknown(world) -> None:
    world.b.service.code = "ONLY-B"
    world.b.service.save()
    errors = refused(world, csv_file([person(1, codice_unita="ONLY-B")]))
    assert errors[0][:2] == (2, "codice_unita")


def test_an_unknown_office_site_is_refused(world) -> None:
    header = [*HEADER, "codice_sede"]
    errors = refused(world, csv_file([person(1, codice_sede="ALTROVE")], header=header))
    assert errors[0][:2] == (2, "codice_sede")


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"data_assunzione": "31/02/2015"}, "data_assunzione"),
        ({"data_assunzione": "marzo 2015"}, "data_assunzione"),
        ({"contratto": "part-time", "percentuale_part_time": "metà"}, "percentuale_part_time"),
        ({"contratto": "part-time", "percentuale_part_time": ""}, "percentuale_part_time"),
        ({"contratto": "part-time", "percentuale_part_time": "100"}, "percentuale_part_time"),
        ({"contratto": "part-time", "percentuale_part_time": "0"}, "percentuale_part_time"),
        ({"contratto": "tempo pieno", "percentuale_part_time": "50"}, "percentuale_part_time"),
        ({"percentuale_part_time": "150"}, "percentuale_part_time"),
        ({"contratto": "a chiamata"}, "contratto"),
        ({"email": "non-una-mail"}, "email"),
        ({"matricola": ""}, "matricola"),
        ({"cognome": ""}, "cognome"),
        ({"nome": "x" * 101}, "nome"),
        ({"codice_fiscale": ""}, "codice_fiscale"),
    ],
)
def test_a_wrong_value_is_refused_with_its_row_and_column(world, changes, column) -> None:
    errors = refused(world, csv_file([person(1), person(2, **changes)]))
    assert [(row, col) for row, col, _message in errors] == [(3, column)]


def test_contradictory_end_of_employment_is_refused(world) -> None:
    header = [*HEADER, "cessato", "data_cessazione"]
    rows = [
        person(1, cessato="no", data_cessazione="01/01/2026"),
        person(2, cessato="forse"),
        person(3, data_cessazione="01/01/2010", data_assunzione="01/01/2012"),
    ]
    errors = refused(world, csv_file(rows, header=header))
    assert [(row, col) for row, col, _message in errors] == [
        (2, "data_cessazione"),
        (3, "cessato"),
        (4, "data_cessazione"),
    ]


def test_every_error_is_reported_not_only_the_first(world) -> None:
    rows = [person(n, codice_unita="NOPE") for n in range(1, 6)]
    assert [row for row, _c, _m in refused(world, csv_file(rows))] == [2, 3, 4, 5, 6]


def test_a_file_full_of_errors_lists_the_first_ones_and_counts_them_all(world) -> None:
    rows = [person(n, codice_unita="NOPE") for n in range(MAX_REPORTED_ERRORS + 20)]
    report = do_import(world, csv_file(rows))
    assert report.error_count == MAX_REPORTED_ERRORS + 20
    assert len(report.errors) == MAX_REPORTED_ERRORS


@pytest.mark.parametrize(
    "content",
    [b"", b"matricola;cognome;nome;codice_fiscale;codice_unita\r\n", b"%PDF-1.7\n%\xe2\xe3\n"],
)
def test_an_empty_or_non_spreadsheet_file_is_refused_as_a_whole(world, content: bytes) -> None:
    errors = refused(world, content, full_export=True)
    assert len(errors) == 1 and errors[0][:2] == (0, "")


def test_a_file_over_the_size_limit_is_refused(world, settings) -> None:
    settings.IMPORT_MAX_BYTES = 200
    errors = refused(world, csv_file([person(n) for n in range(10)]))
    assert "limit" in errors[0][2]


# Property: whatever the mixture, one bad row means no change ------------------------------------

BAD_CHANGES = [
    {"codice_fiscale": "RSSMRA80A01H501X"},  # wrong check character
    {"codice_fiscale": "123"},
    {"codice_unita": "NOPE"},
    {"data_assunzione": "2015-02-30"},
    {"data_assunzione": "domani"},
    {"contratto": "part-time", "percentuale_part_time": "120"},
    {"contratto": "interinale"},
    {"matricola": ""},
    {"email": "@@"},
]


@st.composite
def bad_files(draw: st.DrawFn) -> tuple[bytes, bool]:
    existing = draw(st.lists(st.integers(0, 3), unique=True, max_size=4))
    new = draw(st.lists(st.integers(10, 40), unique=True, max_size=6))
    rows = [person(90 + n, cognome=draw(st.sampled_from(["Rossi", "Verdi"]))) for n in existing]
    rows += [person(n, codice_unita=draw(st.sampled_from(["SERV1", "AREA2"]))) for n in new]
    bad_kind = draw(st.sampled_from(["value", "duplicate"]))
    if bad_kind == "duplicate" and rows:
        bad = dict(draw(st.sampled_from(rows)))
    else:
        bad = person(99, **draw(st.sampled_from(BAD_CHANGES)))
    rows.insert(draw(st.integers(0, len(rows))), bad)
    shape = draw(st.sampled_from(["semicolon-cp1252", "comma-bom", "xlsx"]))
    if shape == "xlsx":
        content = xlsx_file(rows)
    elif shape == "comma-bom":
        content = csv_file(rows, separator=",", bom=True)
    else:
        content = csv_file(rows, encoding="cp1252")
    return content, draw(st.booleans())


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=bad_files())
def test_a_file_with_any_bad_row_leaves_the_database_unchanged(world, case) -> None:
    content, full_export = case
    if not Person.objects.filter(employee_number="N00090").exists():
        do_import(world, csv_file([person(90 + n) for n in range(4)]))
    before = digest()
    report = do_import(world, content, full_export=full_export)
    assert not report.ok
    assert digest() == before


@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(numbers=st.lists(st.integers(0, 30), unique=True, min_size=1, max_size=8))
def test_importing_the_same_file_twice_changes_nothing_the_second_time(world, numbers) -> None:
    content = csv_file([person(n, codice_unita="AREA2" if n % 2 else "SERV1") for n in numbers])
    do_import(world, content, full_export=True)
    before = digest()
    again = do_import(world, content, full_export=True)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": len(numbers), "ended": 0}
    assert digest() == before
