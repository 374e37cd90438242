"""The results as files: CSV and XLSX tables and a printable PDF summary. Every figure comes
from a `CampaignResults`, so a suppressed group is "fewer than k" here as on the pages."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from agilepa.core.exports import add_sheet, csv_writer, workbook, xlsx_bytes
from agilepa.surveys.results import CampaignResults, Group, ScoreResult
from agilepa.surveys.stats import Estimate


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def fewer_than(k: int) -> str:
    return _("fewer than %(k)s") % {"k": k}


def table(results: CampaignResults) -> list[list[object]]:
    """One row per figure: wave, breakdown, group, measure, n, value, 95 % CI."""
    hidden = fewer_than(results.threshold)
    header = [
        _("Wave"),
        _("Breakdown"),
        _("Group"),
        _("Measure"),
        _("Respondents"),
        _("Value"),
        _("95% CI low"),
        _("95% CI high"),
    ]
    rows: list[list[object]] = [header]

    def estimate_row(wave: str, by: str, group: str, what: str, e: Estimate | None) -> None:
        if e is None:
            rows.append([wave, by, group, what, hidden, "", "", ""])
        else:
            rows.append([wave, by, group, what, e.n, _fmt(e.value), _fmt(e.low), _fmt(e.high)])

    def score_rows(wave: str, by: str, group: str, scores: tuple[ScoreResult, ...]) -> None:
        for s in scores:
            estimate_row(wave, by, group, s.label, s.estimate)
            for band in s.bands:
                rows.append([wave, by, group, f"{s.label}: {band.label}", band.count, "", "", ""])

    for w in results.waves:
        label = w.wave.label
        if w.open:
            what = _("Response rate while the wave is open (band, percent)")
            rows.append([label, _("All"), _("All"), what, "", w.band or "", "", ""])
            continue
        if w.suppressed:
            rows.append([label, _("All"), _("All"), _("Respondents"), hidden, "", "", ""])
            continue
        rows.append([label, _("All"), _("All"), _("Respondents"), w.responded, "", "", ""])
        score_rows(label, _("All"), _("All"), w.scores)
        for item in w.items:
            if item.suppressed:
                rows.append([label, _("All"), _("All"), item.text, hidden, "", "", ""])
                continue
            if item.estimate is not None:
                estimate_row(label, _("All"), _("All"), item.text, item.estimate)
            for option in item.options:
                what = f"{item.text}: {option.label} (%)"
                row = [label, _("All"), _("All"), what, option.count, _fmt(option.percent)]
                rows.append([*row, "", ""])
        for by, groups in ((_("Smart worker"), w.by_smart_worker), (_("Unit"), w.by_unit)):
            for g in groups:
                _group_rows(rows, label, by, g, hidden, score_rows)
    for c in results.changes:
        what = f"{c.label}: {c.after} - {c.before}"
        estimate_row(_("Change"), _("All"), _("All"), what, c.overall)
        estimate_row(_("Change"), _("Smart worker"), _("Smart workers"), what, c.smart_workers)
        estimate_row(_("Change"), _("Smart worker"), _("Others"), what, c.others)
        estimate_row(_("Change"), _("Difference in differences"), "", what, c.did)
    return rows


def _group_rows(rows, wave: str, by: str, g: Group, hidden: str, score_rows) -> None:
    if g.suppressed:
        rows.append([wave, by, g.label, _("Respondents"), hidden, "", "", ""])
        return
    rows.append([wave, by, g.label, _("Respondents"), g.n, "", "", ""])
    score_rows(wave, by, g.label, g.scores)


def to_csv(results: CampaignResults) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerows(table(results))
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(results: CampaignResults) -> bytes:
    book = workbook()
    sheet = add_sheet(book, _("Results"), None, table(results))
    sheet.freeze_panes = "A2"
    return xlsx_bytes(book)


def to_pdf(context: dict[str, object]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("surveys/results_print.html", context)
    return HTML(string=html).write_pdf()
