"""The PIAO section 3.2 report's files: the figures read back from the PDF/A (pdftotext), the
DOCX (python-docx) and the XLSX annex (openpyxl). The body is that of report_helpers.py."""

from __future__ import annotations

import io
import re
import subprocess
import zlib
from datetime import date

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from agilepa.indicators import catalogue
from agilepa.indicators.models import PersonMonth, SummaryState
from agilepa.indicators.report import document as report
from agilepa.planning.models import PlanDayKind
from tests.factories import PersonFactory, make_regulation
from tests.indicators.report_helpers import YEAR, build_report_world, month_of, pdf_text
from tests.measurement.helpers import actual

# Five of each person of report_helpers.py: every group is large enough to be published.
COPIES = 5


@pytest.fixture
def report_world(world):
    return build_report_world(world, copies=COPIES)


def italian(body, kind: str) -> bytes:
    with translation.override("it"):
        return report.render(body, YEAR, kind)[0]


def english(body, kind: str) -> bytes:
    with translation.override("en"):
        return report.render(body, YEAR, kind)[0]


def test_the_pdf_states_the_figures_the_targets_and_the_phase(report_world) -> None:
    text = pdf_text(italian(report_world.a.body, "pdf"))
    # Section 1, in the reader's language and locale: workers, agreements, days, phase.
    assert "15 persone di Comune A svolgevano attività che possono essere svolte da remoto" in text
    assert "10 di loro hanno lavorato almeno una giornata da remoto" in text
    assert "66,7% dei lavoratori agili potenziali" in text
    assert "15 lavoratori agili potenziali hanno avuto un accordo individuale" in text
    assert "il 100,0%. Per questo indicatore non è fissato un obiettivo; la quota è pari o" in text
    assert "da verificare" in text
    assert "30 sulle 200 giornate lavorate (15,0%)" in text
    assert "3,0 giorni al mese per ogni lavoratore agile effettivo" in text
    assert "l'ente ha raggiunto la fase: sviluppo intermedio" in text
    assert "3 hanno raggiunto almeno l'avvio, 2 lo sviluppo intermedio e 1 lo sviluppo" in text
    # Section 2: the declared figures say so, and when; the HR office, not a person, declared.
    assert "12.500 euro (dichiarato dall'Ufficio risorse umane " in text
    assert report_world.users["hr_admin"].last_name not in text
    assert "Help desk per il lavoro agile: non dichiarato per l'anno." in text
    # Section 3: a lower-is-better indicator with its parts.
    assert "Tasso di assenza: 2,4% (5 su 205; misurato)." in text
    # Section 4, the table rows: indicator, unit, baseline (year), target, actual, phase.
    assert "Lavoratori agili effettivi su potenziali % 40,0 (2025) 50,0 66,7" in text
    assert "Giornate di lavoro agile sulle giornate % 8,0 (2025) 10,0 15,0 avvio" in text
    assert "Tasso di assenza % 6,0 (2025) 5,0 2,4 sviluppo" in text
    # Section 5: each chart has its data beside it.
    assert "Lavoratori agili effettivi, per mese" in text
    assert "Marzo 15,0" in text
    assert "Marzo 10" in text
    # The same document in English.
    english_text = pdf_text(english(report_world.a.body, "pdf"))
    assert "15 people of Comune A had activities that can be done remotely" in english_text
    assert "the body has reached the phase: sviluppo intermedio" in english_text


def test_the_pdf_is_pdf_a(report_world, tmp_path) -> None:
    path = tmp_path / "piao.pdf"
    path.write_bytes(italian(report_world.a.body, "pdf"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    assert "Author:          Comune A" in info.stdout.decode()
    xmp = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, check=True
    ).stdout.decode()
    assert "pdfaid:part" in xmp and "3" in xmp.split("pdfaid:part")[1][:10]
    assert "pdfaid:conformance" in xmp
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True)
    lines = fonts.stdout.decode().splitlines()[2:]
    assert lines and all(" yes " in line for line in lines)  # every font embedded


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects as text: the file, and each compressed stream inflated (the catalog is
    in an object stream)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_pdf_is_tagged_with_its_language(report_world, tmp_path) -> None:
    """Published, so accessible: a structure tree a screen reader follows, in Italian."""
    pdf = italian(report_world.a.body, "pdf")
    objects = pdf_objects(pdf)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objects)
    assert b"/StructTreeRoot" in objects
    assert re.search(rb"/Lang\s*\(it-IT\)", objects)
    path = tmp_path / "piao.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    assert "Tagged:          yes" in info.stdout.decode()
    tree = subprocess.run(
        ["pdfinfo", "-struct", str(path)], capture_output=True, check=True
    ).stdout.decode()
    for tag in ("H1", "H2", "H3", "P", "L", "LI", "Table", "TH", "TD", "Figure"):
        assert re.search(rf"^\s*{tag}\b", tree, re.MULTILINE), tag


def test_the_docx_has_headings_prose_the_table_and_the_charts(report_world) -> None:
    document = Document(io.BytesIO(italian(report_world.a.body, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Stato di attuazione" in headings
    assert "2. Condizioni abilitanti" in headings
    assert "3. Obiettivi e contributo alla performance" in headings
    assert "4. Indicatori" in headings
    assert "5. Grafici" in headings
    prose = "\n".join(p.text for p in document.paragraphs)
    assert "l'ente ha raggiunto la fase: sviluppo intermedio" in prose
    table = document.tables[0]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == len(catalogue.INDICATORS)
    assert rows["Lavoratori agili effettivi su potenziali"][3:7] == [
        "40,0 (2025)",
        "50,0",
        "66,7",
        "sviluppo intermedio",
    ]
    assert rows["Tasso di assenza"][5:7] == ["2,4", "sviluppo avanzato"]
    assert rows["VPN disponibile"][7].startswith("dichiarato (dall'Ufficio risorse umane ")
    assert len(document.inline_shapes) == 3  # trend of days, of workers, actual vs target
    described = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert all(described)
    assert len(document.tables) == 4  # the indicators, and each chart's data


def test_the_xlsx_annex_holds_every_indicator_with_its_parts(report_world) -> None:
    book = load_workbook(io.BytesIO(english(report_world.a.body, "xlsx")))
    first, trend, definitions = book.worksheets
    header = [c.value for c in first[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in first.iter_rows(2, values_only=True)}
    assert set(rows) == {i.code for i in catalogue.INDICATORS}
    workers = rows["IMP_AGILE_WORKERS"]
    assert round(workers["Actual"], 1) == 66.7
    assert (workers["Numerator"], workers["Denominator"], workers["People"]) == (10, 15, 15)
    assert (workers["Baseline"], workers["Baseline year"]) == (40, 2025)
    assert workers["Target of the year"] == 50
    assert workers["Target, sviluppo intermedio"] == 60
    assert workers["Target, sviluppo avanzato"] == 80
    assert workers["Phase reached"] == "sviluppo intermedio"
    assert workers["Source"] == "measured"
    days = rows["IMP_AGILE_DAYS"]
    assert (days["Actual"], days["Numerator"], days["Denominator"]) == (15, 30, 200)
    hardware = rows["ECO_HARDWARE"]
    assert hardware["Actual"] == 12500 and hardware["Source"] == "declared"
    assert hardware["Declared by"] == "HR office"
    assert hardware["Declared at"] is not None
    # The trend: one row a month; March has the agile days.
    months = list(trend.iter_rows(2, values_only=True))
    assert len(months) == 12
    trend_header = [c.value for c in trend[1]]
    march = dict(zip(trend_header, months[2], strict=True))
    assert march["IMP_AGILE_DAYS (%)"] == 15
    assert march["Effective agile workers"] == 10
    # The catalogue: definition, formula and source of each.
    codes = {r[0]: r for r in definitions.iter_rows(2, values_only=True)}
    assert set(codes) == {i.code for i in catalogue.INDICATORS}
    assert codes["IMP_AGREEMENTS"][5] == str(catalogue.get("IMP_AGREEMENTS").formula)


def test_the_months_never_built_and_the_dirty_ones_are_rebuilt_first(report_world) -> None:
    body = report_world.a.body
    assert not PersonMonth.objects.filter(body=body).exists()
    first = report.build(body, YEAR, with_charts=False)
    assert first.values["IMP_AGILE_DAYS"].numerator == 30
    assert SummaryState.objects.filter(body=body, dirty=False).count() >= 3
    # A remote day recorded afterwards, its month marked dirty: the next report counts it.
    actual(report_world.a.outsider, date(YEAR, 3, 20), PlanDayKind.REMOTE)
    SummaryState.objects.filter(body=body, month=date(YEAR, 3, 1)).update(dirty=True)
    again = report.build(body, YEAR, with_charts=False)
    assert again.values["IMP_AGILE_DAYS"].numerator == 31
    assert not again.data.stale


def test_agreements_under_the_fifteen_percent_reference_are_called_out(world) -> None:

    make_regulation(world.a.body)  # no activity catalogue: potential by working remotely
    for person in [
        world.a.employee_person,
        *PersonFactory.create_batch(4, body=world.a.body, unit=world.a.service),
    ]:
        month_of(person, remote=1)
    built = report.build(world.a.body, YEAR, with_charts=False)
    text = " ".join(built.blocks[0].paragraphs)
    assert "In 2026 5 people of Comune A had activities" in text
    assert "0 potential agile workers had an individual agreement" in text
    assert "No target is set for this indicator; the share is below the reference of 15%" in text
    assert "whether it still binds is disputed, so it is a target the body sets" in text
    assert "This meets" not in text


def test_the_fifteen_percent_is_a_target_the_body_sets_not_a_check(world) -> None:
    from decimal import Decimal

    from agilepa.indicators.models import Target

    make_regulation(world.a.body)
    for person in [
        world.a.employee_person,
        *PersonFactory.create_batch(4, body=world.a.body, unit=world.a.service),
    ]:
        month_of(person, remote=1)
    Target.objects.create(
        body=world.a.body,
        code="IMP_AGREEMENTS",
        plan_year=YEAR,
        target_1=Decimal(0),
        target_2=Decimal(20),
        target_3=Decimal(30),
    )
    text = " ".join(report.build(world.a.body, YEAR, with_charts=False).blocks[0].paragraphs)
    assert "This meets the body's target of 0" in text
    assert "L. 124/2015 art. 14 c. 1, as amended by DL 56/2021, to verify" in text


def test_a_body_without_targets_has_no_phase_and_no_target_chart(world) -> None:
    built = report.build(world.a.body, YEAR)
    assert "cannot be assessed" in " ".join(built.blocks[0].paragraphs)
    assert [c.key for c in built.charts] == ["agile-days", "agile-workers"]


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_out_of_range_is_refused_with_the_range(year: int) -> None:
    with pytest.raises(ValueError, match="choose a year from 2000 to"):
        report.check_year(year, date(2026, 12, 2))
