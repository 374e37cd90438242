"""The PIAO section 3.2 report ("Organizzazione del lavoro agile") of a body and a year.

One set of contents — the prose generated from the figures, the indicator table and the charts
— is made by `build` from `selectors.body_year`, and written three ways: a PDF/A to publish
(WeasyPrint, as the agreements' documents), a DOCX for HR to edit the prose before it goes into
the PIAO (python-docx: real headings, paragraphs and tables), and an XLSX annex with every
figure, the monthly trend and the catalogue's definitions.

The document is written in the active language (Italian by default, the PIAO's language). The
figures are those of the monthly summary: the months of the year never built, or waiting to be
rebuilt, are rebuilt first (one body's year takes well under a second)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agilepa.core import formats
from agilepa.core.exports import add_sheet, append_row, workbook, xlsx_bytes
from agilepa.indicators import catalogue, display, engine, selectors, summary
from agilepa.indicators.catalogue import Source, Unit
from agilepa.indicators.engine import Value
from agilepa.indicators.models import ReportSignature
from agilepa.indicators.phases import Phase
from agilepa.indicators.report import charts as report_charts
from agilepa.org.models import Body

FONT = report_charts.FONT
FONT_BOLD = report_charts.FONT_BOLD
# The 15% of the potential agile workers that L. 124/2015 art. 14 c. 1 (as amended by DL
# 56/2021) asked of the POLA: disputed since the PIAO absorbed the POLA, so a reference the body
# may adopt as its target for IMP_AGREEMENTS, never a hard check.
LEGAL_FLOOR = 15
FIRST_YEAR = 2000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DECIMALS = {
    Unit.PERCENT: 1,
    Unit.DAYS: 1,
    Unit.KM: 0,
    Unit.HOURS: 0,
    Unit.TONNES: 2,
    Unit.EUR: 0,
    Unit.COUNT: 0,
    Unit.SCORE: 1,
    Unit.YES_NO: 0,
}
UNIT_NAMES = catalogue.UNIT_NAMES
# The enabling conditions as PIAO section 3.2 names them (DM 132/2022 art. 4 c. 1 lett. b).
ENABLING_GROUPS = (
    (gettext_lazy("Organisational measures"), ("ORG_OBJECTIVES", "ORG_HELPDESK", "ORG_MONITORING")),
    (gettext_lazy("Skills"), ("PRO_MANAGERS_TRAINED", "PRO_WORKERS_DIGITAL")),
    (
        gettext_lazy("Technology"),
        (
            "DIG_DEVICES",
            "DIG_VPN",
            "DIG_COLLABORATION",
            "DIG_APPS_REMOTE",
            "DIG_DATABASES_REMOTE",
            "DIG_SIGNATURE",
            "DIG_PROCESSES",
            "DIG_SERVICES",
        ),
    ),
    (
        gettext_lazy("Economic and financial resources"),
        ("ECO_TRAINING_SPEND", "ECO_HARDWARE", "ECO_DIGITALISATION"),
    ),
)
PERFORMANCE_GROUPS = (
    (gettext_lazy("Objectives"), ("ORG_OBJECTIVES", "PERF_OBJECTIVES_ACHIEVED")),
    (gettext_lazy("Efficiency"), ("PERF_ABSENCE", "PERF_PROCESSING_TIME")),
    (
        gettext_lazy("Effectiveness and perceived quality"),
        ("PERF_USER_SATISFACTION", "IMP_SATISFACTION", "IMP_MANAGER_SATISFACTION"),
    ),
    (gettext_lazy("Economy"), ("PERF_COST_REDUCTION", "PERF_SPACE_SAVINGS")),
    (
        gettext_lazy("Impacts"),
        ("IMPACT_KM", "IMPACT_CO2", "IMPACT_HOURS", "IMPACT_EUR", "IMPACT_WELLBEING"),
    ),
)


# -- numbers as the reader's locale writes them --------------------------------------------------


def number(value: float | Decimal, decimals: int = 1) -> str:
    return number_format(round(Decimal(str(value)), decimals), decimals, True, True)


def figure(value: float | Decimal | None, unit: Unit) -> str:
    """The bare figure: 42,5 · 1.234 · yes."""
    if value is None:
        return "–"  # noqa: RUF001 (the en dash of an empty cell)
    if unit == Unit.YES_NO:
        return _("yes") if value >= Decimal("0.5") else _("no")
    return number(value, DECIMALS[unit])


def with_unit(value: float | Decimal | None, unit: Unit) -> str:
    """The figure with its unit, for prose: 42,5% · 1.234 km · yes."""
    text = figure(value, unit)
    if value is None or unit == Unit.YES_NO:
        return text
    if unit == Unit.PERCENT:
        return f"{text}%"
    if unit == Unit.EUR:
        return f"{text} {_('euro')}"
    if unit == Unit.SCORE:
        return f"{text}/100"
    return f"{text} {UNIT_NAMES[unit]}"


def on_day(value: date | datetime) -> str:
    """ "l'11/12/2026", "il 12/12/2026", "on 12/12/2026": the day a figure was declared."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.with_article("il", value)


# -- the contents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A heading with its paragraphs and a bulleted list: what HR edits in the DOCX."""

    level: int  # 1 a numbered section, 2 a subsection
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableRow:
    """A line of the indicator table, every cell already written for the reader."""

    code: str
    dimension: str
    indicator: str
    unit: str
    baseline: str
    target: str
    actual: str
    phase: str
    source: str
    declared: str  # "by whom, on which day" for a declared figure


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    alt: str
    png: bytes
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass(frozen=True)
class Report:
    body: Body
    year: int
    data: selectors.BodyYear
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    table: tuple[TableRow, ...]
    # The HR office of the body, or the name of the member of HR who chose to sign the report
    # (ReportSignature): the only person a document meant for publication may name.
    author: str = ""
    charts: tuple[Chart, ...] = field(default=())
    generated_at: datetime = field(default_factory=timezone.now)
    language: str = "it"

    @property
    def values(self) -> dict[str, Value]:
        return {row.indicator.code: row.value for row in self.data.rows}

    def filename(self, extension: str) -> str:
        return f"piao-3-2-lavoro-agile-{self.body.slug}-{self.year}.{extension}"


def check_year(year: int, today: date | None = None) -> None:
    """A report is of a year with figures: not before 2000, not after the current one."""
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValueError(
            _("There is no report for %(year)s: choose a year from %(first)s to %(last)s.")
            % {"year": year, "first": FIRST_YEAR, "last": today.year}
        )


def build(body: Body, year: int, *, with_charts: bool = True, today: date | None = None) -> Report:
    """The report of `body` for `year`, in the active language. The caller checks the role
    (`selectors.require_report`) and the year (`check_year`)."""
    summary.refresh_stale(body.pk, year, today)
    data = selectors.body_year(body.pk, year)
    values = {row.indicator.code: row.value for row in data.rows}
    blocks = (
        implementation_block(body, data, values),
        *enabling_blocks(values),
        *performance_blocks(values),
    )
    report = Report(
        body=body,
        year=year,
        data=data,
        title=_("PIAO %(year)s – Section 3.2: Organisation of lavoro agile") % {"year": year},  # noqa: RUF001
        subtitle=_("%(body)s – state of implementation and indicators for %(year)s")  # noqa: RUF001
        % {"body": body.name, "year": year},
        blocks=blocks,
        table=tuple(table_rows(data)),
        author=author_of(body, year),
        language=translation.get_language() or "it",
    )
    if with_charts:
        report = Report(**{**report.__dict__, "charts": tuple(charts_of(data))})
    return report


def author_of(body: Body, year: int) -> str:
    """The report's author: the HR office of the body, unless a member of HR chose to sign
    this year's report with their own name."""
    signature = (
        ReportSignature.objects.filter(body=body, year=year).select_related("signed_by").first()
    )
    signer = signature.signed_by if signature else None
    if signer is not None:
        return signer.get_full_name() or signer.email
    return _("Human resources office, %(body)s") % {"body": body.name}


def access_target_text(data: selectors.BodyYear, agreements: Value) -> str:
    """The share with an agreement against the body's own target, and the legal status of the
    15% (a target the body sets, not a check)."""
    row = next((r for r in data.rows if r.indicator.code == "IMP_AGREEMENTS"), None)
    target = row.target_for(data.year) if row is not None else None
    share = agreements.value or 0
    status = _(
        "The minimum of %(floor)s%% of the staff whose activities can be done remotely (L. "
        "124/2015 art. 14 c. 1, as amended by DL 56/2021, to verify) was set for the POLA; "
        "since the PIAO absorbed the POLA (art. 6 DL 80/2021, DPR 81/2022) whether it still "
        "binds is disputed, so it is a target the body sets, not a legal check."
    ) % {"floor": LEGAL_FLOOR}
    if target is None and share >= LEGAL_FLOOR:
        reached = _(
            "No target is set for this indicator; the share is at or above the reference of "
            "%(floor)s%%."
        ) % {"floor": LEGAL_FLOOR}
    elif target is None:
        reached = _(
            "No target is set for this indicator; the share is below the reference of %(floor)s%%."
        ) % {"floor": LEGAL_FLOOR}
    elif share >= target:
        reached = _("This meets the body's target %(of_target)s.") % {
            "of_target": formats.number_with_article("del:of", with_unit(target, Unit.PERCENT))
        }
    else:
        reached = _("This is below the body's target %(of_target)s.") % {
            "of_target": formats.number_with_article("del:of", with_unit(target, Unit.PERCENT))
        }
    return f"{reached} {status}"


def implementation_block(body: Body, data: selectors.BodyYear, values: dict[str, Value]) -> Block:
    """Section 1: potential and effective agile workers, agreements against the legal floor,
    agile days and coworking, the phase reached."""
    year = data.year
    workers, agreements = values["IMP_AGILE_WORKERS"], values["IMP_AGREEMENTS"]
    days, per_worker = values["IMP_AGILE_DAYS"], values["IMP_DAYS_PER_WORKER"]
    coworking = values["IMP_COWORKING"]
    potential = int(workers.denominator or 0)
    paragraphs = []
    if workers.withheld:
        paragraphs.append(withheld_sentence(workers.indicator.name))
    elif not potential:
        paragraphs.append(
            _(
                "In %(year)s no person of %(body)s was recorded as a potential agile worker "
                "(activities that can be done remotely, by the activity catalogue of the "
                "Regolamento): the implementation indicators cannot be computed."
            )
            % {"year": year, "body": body.name}
        )
    else:
        paragraphs.append(
            ngettext(
                "In %(year)s %(potential)s person of %(body)s had activities that can be done "
                "remotely (potential agile workers). %(effective)s of them worked at least one "
                "day remotely or at a coworking hub (effective agile workers): %(share)s of the "
                "potential agile workers.",
                "In %(year)s %(potential)s people of %(body)s had activities that can be done "
                "remotely (potential agile workers). %(effective)s of them worked at least one "
                "day remotely or at a coworking hub (effective agile workers): %(share)s of the "
                "potential agile workers.",
                potential,
            )
            % {
                "year": year,
                "potential": number(potential, 0),
                "body": body.name,
                "effective": number(workers.numerator or 0, 0),
                "share": with_unit(workers.value, Unit.PERCENT),
            }
        )
        paragraphs.append(
            _(
                "%(agreements)s potential agile workers had an individual agreement (art. 19 "
                "L. 81/2017) in the year, %(the_share)s of them."
            )
            % {
                "agreements": number(agreements.numerator or 0, 0),
                "the_share": formats.number_with_article(
                    "il:", with_unit(agreements.value, Unit.PERCENT)
                ),
            }
            + " "
            + access_target_text(data, agreements)
        )
        if agreements.withheld:
            paragraphs[-1] = withheld_sentence(agreements.indicator.name)
    if days.withheld:
        paragraphs.append(withheld_sentence(days.indicator.name))
    elif days.denominator:
        paragraphs.append(
            _(
                "The days of lavoro agile were %(agile)s of the %(worked)s days worked "
                "(%(share)s), on average %(per_worker)s a month for each effective agile "
                "worker; %(coworking)s of them (%(coworking_share)s) were spent at a coworking "
                "hub."
            )
            % {
                "agile": number(days.numerator or 0, 0),
                "worked": number(days.denominator, 0),
                "share": with_unit(days.value, Unit.PERCENT),
                "per_worker": with_unit(per_worker.value or 0, Unit.DAYS),
                "coworking": number(coworking.numerator or 0, 0),
                "coworking_share": with_unit(coworking.value or 0, Unit.PERCENT),
            }
        )
        if per_worker.withheld or coworking.withheld:
            paragraphs[-1] = _(
                "The days of lavoro agile were %(agile)s of the %(worked)s days worked "
                "(%(share)s); the average per worker and the coworking days concern too few "
                "people to be published."
            ) % {
                "agile": number(days.numerator or 0, 0),
                "worked": number(days.denominator, 0),
                "share": with_unit(days.value, Unit.PERCENT),
            }
    else:
        paragraphs.append(_("No working day was recorded or planned in %(year)s.") % {"year": year})
    paragraphs.append(remote_work_sentence(year, values))
    paragraphs.append(phase_sentence(data))
    refreshed = data.as_of
    if refreshed is not None:
        paragraphs.append(
            _("The figures are computed from the platform's records as they stood %(as_of)s.")
            % {"as_of": formats.with_article("al:on", refreshed)}
        )
    return Block(1, _("1. State of implementation"), tuple(paragraphs))


def remote_work_sentence(year: int, values: dict[str, Value]) -> str:
    """Lavoro da remoto (fixed hours and place), which the PIAO reports apart from lavoro
    agile: none of its days is among the lavoro agile figures above."""
    workers, days = values["IMP_REMOTE_WORKERS"], values["IMP_REMOTE_DAYS"]
    if workers.withheld or days.withheld:
        return withheld_sentence(workers.indicator.name)
    if not days.numerator:
        return _(
            "No day of lavoro da remoto (fixed hours and place) was recorded or planned in "
            "%(year)s."
        ) % {"year": year}
    return ngettext(
        "Counted apart from lavoro agile, %(workers)s person worked in lavoro da remoto "
        "(fixed hours and place): %(days)s days, %(the_share)s of the days worked.",
        "Counted apart from lavoro agile, %(workers)s people worked in lavoro da remoto "
        "(fixed hours and place): %(days)s days, %(the_share)s of the days worked.",
        int(workers.value or 0),
    ) % {
        "workers": number(workers.value or 0, 0),
        "days": number(days.numerator, 0),
        "the_share": formats.number_with_article("il:", with_unit(days.value, Unit.PERCENT)),
    }


def phase_sentence(data: selectors.BodyYear) -> str:
    overall = data.overall
    if overall.phase is None:
        return _(
            "No baseline and targets are set for the indicators of %(year)s, so the phase "
            "reached (avvio, sviluppo intermedio, sviluppo avanzato) cannot be assessed."
        ) % {"year": data.year}
    return _(
        "By the criteria of the POLA guidelines the body has reached the phase: %(phase)s. "
        "Of the %(counted)s indicators with a target and a value, %(avvio)s reached at least "
        "avvio, %(intermedio)s sviluppo intermedio and %(avanzato)s sviluppo avanzato; a "
        "phase is reached when two thirds of them reach it."
    ) % {
        "phase": overall.phase.label,
        "counted": overall.counted,
        "avvio": overall.by_phase[Phase.AVVIO],
        "intermedio": overall.by_phase[Phase.INTERMEDIO],
        "avanzato": overall.by_phase[Phase.AVANZATO],
    }


def withheld_sentence(name: object) -> str:
    return _(
        "%(name)s: not published, because it concerns fewer than %(k)s people (or would let "
        "such a group be worked out from the other figures)."
    ) % {"name": name, "k": display.K}


def describe(value: Value) -> str:
    """One indicator in a sentence, with where its figure comes from."""
    ind = value.indicator
    if value.withheld:
        return withheld_sentence(ind.name)
    if value.value is None:
        if ind.measured:
            return _("%(name)s: not available (%(why)s).") % {
                "name": ind.name,
                "why": value.note or _("no data in the year"),
            }
        return _("%(name)s: not declared for the year.") % {"name": ind.name}
    shown = with_unit(value.value, ind.unit)
    if not ind.measured:
        # Who entered it is not named: the report is meant for publication (issue 23).
        if value.declared_at:
            return _("%(name)s: %(value)s (declared by the HR office %(on_day)s).") % {
                "name": ind.name,
                "value": shown,
                "on_day": on_day(value.declared_at),
            }
        return _("%(name)s: %(value)s (declared).") % {"name": ind.name, "value": shown}
    if value.denominator:
        return _("%(name)s: %(value)s (%(numerator)s of %(denominator)s; measured).") % {
            "name": ind.name,
            "value": shown,
            "numerator": number(value.numerator or 0, 0),
            "denominator": number(value.denominator, 0),
        }
    return _("%(name)s: %(value)s (measured).") % {"name": ind.name, "value": shown}


def enabling_blocks(values: dict[str, Value]) -> list[Block]:
    blocks = [
        Block(
            1,
            _("2. Enabling conditions"),
            (
                _(
                    "The organisational measures, the technology and the skills that make "
                    "lavoro agile possible. Measured figures come from the platform's records "
                    "(agreements, objectives, training, equipment register); declared figures "
                    "were entered by the HR office, who and when as shown."
                ),
            ),
        )
    ]
    for title, codes in ENABLING_GROUPS:
        blocks.append(Block(2, str(title), items=tuple(describe(values[c]) for c in codes)))
    return blocks


def performance_blocks(values: dict[str, Value]) -> list[Block]:
    km, co2 = values["IMPACT_KM"], values["IMPACT_CO2"]
    hours, eur = values["IMPACT_HOURS"], values["IMPACT_EUR"]
    intro = [
        _(
            "The objectives of lavoro agile are tied to the body's performance measurement "
            "system: agile workers work by individual objectives, and lavoro agile contributes "
            "to efficiency (fewer absences, shorter processing times) and effectiveness (the "
            "quality delivered and perceived)."
        )
    ]
    if km.value:
        intro.append(
            _(
                "On the days of lavoro agile the workers did not travel %(km)s, saving "
                "%(hours)s of commuting, %(co2)s of emissions and %(eur)s."
            )
            % {
                "km": with_unit(km.value, Unit.KM),
                "hours": with_unit(hours.value, Unit.HOURS),
                "co2": with_unit(co2.value, Unit.TONNES),
                "eur": with_unit(eur.value, Unit.EUR),
            }
        )
    blocks = [Block(1, _("3. Objectives and contribution to performance"), tuple(intro))]
    for title, codes in PERFORMANCE_GROUPS:
        blocks.append(Block(2, str(title), items=tuple(describe(values[c]) for c in codes)))
    return blocks


def table_rows(data: selectors.BodyYear) -> list[TableRow]:
    rows = []
    for row in data.rows:
        ind, value = row.indicator, row.value
        target = row.target_for(data.year)
        baseline = ""
        if row.target is not None and row.target.baseline is not None:
            baseline = figure(row.target.baseline, ind.unit)
            if row.target.baseline_year:
                baseline += f" ({row.target.baseline_year})"
        declared = ""
        if not ind.measured and value.declared_at:
            declared = _("by the HR office %(on_day)s") % {"on_day": on_day(value.declared_at)}
        rows.append(
            TableRow(
                code=ind.code,
                dimension=str(catalogue.DIMENSION_NAMES[ind.dimension]),
                indicator=str(ind.name),
                unit=str(UNIT_NAMES[ind.unit]),
                baseline=baseline or "–",  # noqa: RUF001
                target=figure(target, ind.unit) if target is not None else "–",  # noqa: RUF001
                actual=_("withheld") if value.withheld else figure(value.value, ind.unit),
                phase=row.phase.label if row.phase is not None else "–",  # noqa: RUF001
                source=source_name(ind.source),
                declared=declared,
            )
        )
    return rows


def source_name(source: Source) -> str:
    return _("measured") if source == Source.MEASURED else _("declared")


# -- the charts ------------------------------------------------------------------------------------


def charts_of(data: selectors.BodyYear) -> list[Chart]:
    months = summary.months_between(date(data.year, 1, 1), date(data.year, 12, 31))
    labels = [date_format(m, "M") for m in months]
    names = [date_format(m, "F") for m in months]
    shares = [
        data.by_month[m]["IMP_AGILE_DAYS"].value if m in data.by_month else None for m in months
    ]
    effective = [
        data.by_month[m]["IMP_AGILE_WORKERS"].numerator if m in data.by_month else None
        for m in months
    ]
    found = [
        Chart(
            "agile-days",
            _("Days of lavoro agile over days worked, by month (%)"),
            _("Bar chart of the share of days of lavoro agile in each month of %(year)s.")
            % {"year": data.year},
            report_charts.monthly_bars(
                labels,
                shares,
                _("% of days worked"),
                lambda v: number(v, 1),
                lambda v: number(v, 0 if v == int(v) else 1),
            ),
            (_("Month"), _("Days of lavoro agile (%)")),
            tuple((name, figure(v, Unit.PERCENT)) for name, v in zip(names, shares, strict=True)),
        ),
        Chart(
            "agile-workers",
            _("Effective agile workers, by month"),
            _("Bar chart of the people who worked remotely or at a hub in each month of %(year)s.")
            % {"year": data.year},
            report_charts.monthly_bars(
                labels,
                effective,
                _("people"),
                lambda v: number(v, 0),
                lambda v: number(v, 0),
                color=report_charts.GREEN,
                whole=True,
            ),
            (_("Month"), _("Effective agile workers")),
            tuple((name, figure(v, Unit.COUNT)) for name, v in zip(names, effective, strict=True)),
        ),
    ]
    planned = [(row, row.target_for(data.year)) for row in data.rows]
    planned = [(row, target) for row, target in planned if target is not None]
    if planned:
        bullets = [
            report_charts.Bullet(
                label=str(row.indicator.name),
                actual=row.value.value,
                target=float(target),
                actual_text=with_unit(row.value.value, row.indicator.unit),
                target_text=_("target %(target)s")
                % {"target": with_unit(target, row.indicator.unit)},
            )
            for row, target in planned
        ]
        found.append(
            Chart(
                "actual-vs-target",
                _("Actual and target of %(year)s per indicator") % {"year": data.year},
                _(
                    "Chart of each indicator with a target: the actual value as a bar, the "
                    "target of the year as a mark."
                ),
                report_charts.bullets(bullets, _("actual"), _("target of the year")),
                (_("Indicator"), _("Actual"), _("Target"), _("Phase reached")),
                tuple(
                    (
                        str(row.indicator.name),
                        with_unit(row.value.value, row.indicator.unit),
                        with_unit(target, row.indicator.unit),
                        row.phase.label if row.phase is not None else "–",  # noqa: RUF001
                    )
                    for row, target in planned
                ),
            )
        )
    return found


# -- the files ---------------------------------------------------------------------------------


def table_header() -> tuple[str, ...]:
    return (
        _("Dimension"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Target of the year"),
        _("Actual"),
        _("Phase reached"),
        _("Source"),
    )


def html_of(report: Report) -> str:
    return render_to_string(
        "indicators/report/document.html",
        {
            "r": report,
            "header": table_header(),
            "font": FONT.as_uri() if FONT.exists() else "",
            "font_bold": FONT_BOLD.as_uri() if FONT_BOLD.exists() else "",
            "author_line": author_line(report),
            # The language as a tag with its region (it-IT): the PDF's /Lang, read aloud.
            "lang": "it-IT" if report.language.startswith("it") else report.language,
        },
    )


def pdf_of(report: Report) -> bytes:
    """PDF/A-3a: fonts embedded, title, author and language in the metadata, readable in a
    records system for as long as the PIAO must be kept; and, being published, accessible —
    level "a" is tagged (headings, paragraphs, lists, tables with their header cells, the
    charts' alternative text in the structure tree, /MarkInfo /Marked true) with the document's
    language in the catalog, which a screen reader needs and level "b" does not give."""
    from weasyprint import HTML

    return HTML(string=html_of(report), base_url=str(Path(__file__).parent.parent)).write_pdf(
        pdf_variant="pdf/a-3a", pdf_tags=True, uncompressed_pdf=False, custom_metadata=True
    )


def docx_of(report: Report) -> bytes:
    """The same contents as the PDF, in Word's own headings, paragraphs, lists and tables so
    HR can rewrite the prose; the charts as pictures with their description and data."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = report.body.name
    document.core_properties.language = report.language
    document.core_properties.subject = "PIAO 3.2"
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    document.add_paragraph(author_line(report))
    for block in report.blocks:
        document.add_heading(block.title, level=block.level)
        for text in block.paragraphs:
            document.add_paragraph(text)
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    document.add_heading(_("4. Indicators"), level=1)
    document.add_paragraph(table_note(report))
    header = table_header()
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in report.table:
        cells = table.add_row().cells
        source = f"{row.source} ({row.declared})" if row.declared else row.source
        texts = (
            row.dimension,
            row.indicator,
            row.unit,
            row.baseline,
            row.target,
            row.actual,
            row.phase,
            source,
        )
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    document.add_heading(_("5. Charts"), level=1)
    for chart in report.charts:
        document.add_heading(chart.title, level=2)
        document.add_picture(BytesIO(chart.png), width=Cm(16))
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", chart.alt)
        picture._inline.docPr.set("title", chart.title)
        data = document.add_table(rows=1, cols=len(chart.columns))
        data.style = "Table Grid"
        for cell, text in zip(data.rows[0].cells, chart.columns, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for values in chart.rows:
            for cell, text in zip(data.add_row().cells, values, strict=True):
                cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def author_line(report: Report) -> str:
    return _("Prepared by: %(author)s") % {"author": report.author}


def table_note(report: Report) -> str:
    return _(
        "Baseline and targets from the body's three-year plan; the target is that of %(year)s. "
        "Measured figures are computed from the platform's records, declared ones were entered "
        "by the HR office."
    ) % {"year": report.year}


def xlsx_of(report: Report) -> bytes:
    """The annex: every figure with what it is made of, the monthly trend, the catalogue."""
    from openpyxl.styles import Font

    book = workbook()
    sheet = add_sheet(
        book,
        _("Indicators"),
        [
            _("Code"),
            _("Dimension"),
            _("Area"),
            _("Indicator"),
            _("Unit"),
            _("Actual"),
            _("Numerator"),
            _("Denominator"),
            _("People"),
            _("Source"),
            _("Declared by"),
            _("Declared at"),
            _("Note"),
            _("Baseline"),
            _("Baseline year"),
            _("Target of the year"),
            _("Target, avvio"),
            _("Target, sviluppo intermedio"),
            _("Target, sviluppo avanzato"),
            _("Phase reached"),
        ],
    )
    for row in report.data.rows:
        ind, value, target = row.indicator, row.value, row.target
        declared_at = value.declared_at
        if isinstance(declared_at, datetime):
            declared_at = timezone.localtime(declared_at).replace(tzinfo=None)
        append_row(
            sheet,
            [
                ind.code,
                str(catalogue.DIMENSION_NAMES[ind.dimension]),
                str(ind.area),
                str(ind.name),
                str(UNIT_NAMES[ind.unit]),
                value.value,
                value.numerator,
                value.denominator,
                None if value.withheld else value.people,
                source_name(ind.source),
                _("HR office") if value.declared_at else None,
                declared_at,
                value.note or None,
                target.baseline if target else None,
                target.baseline_year if target else None,
                row.target_for(report.year),
                target.target_1 if target else None,
                target.target_2 if target else None,
                target.target_3 if target else None,
                row.phase.label if row.phase is not None else None,
            ],
        )
    monthly = [i for i in catalogue.INDICATORS if i.measured and i.code in MONTHLY]
    trend = add_sheet(
        book,
        _("Monthly trend"),
        [_("Month")]
        + [f"{i.code} ({UNIT_NAMES[i.unit]})" for i in monthly]
        + [_("Potential agile workers"), _("Effective agile workers"), _("Days worked")],
    )
    for month in summary.months_between(date(report.year, 1, 1), date(report.year, 12, 31)):
        found = report.data.by_month.get(month)
        if found is None:
            append_row(trend, [month] + [None] * (len(monthly) + 3))
            continue
        append_row(
            trend,
            [month]
            + [found[i.code].value for i in monthly]
            + [
                found["IMP_AGILE_WORKERS"].denominator,
                found["IMP_AGILE_WORKERS"].numerator,
                found["IMP_AGILE_DAYS"].denominator,
            ],
        )
    for cell in trend["A"][1:]:
        cell.number_format = "yyyy-mm"
    definitions = add_sheet(
        book,
        _("Catalogue"),
        [
            _("Code"),
            _("Indicator"),
            _("Dimension"),
            _("Area"),
            _("Definition"),
            _("Formula"),
            _("Unit"),
            _("Direction"),
            _("Source"),
            _("Reference"),
        ],
    )
    for ind in catalogue.INDICATORS:
        append_row(
            definitions,
            [
                ind.code,
                str(ind.name),
                str(catalogue.DIMENSION_NAMES[ind.dimension]),
                str(ind.area),
                str(ind.definition),
                str(ind.formula),
                str(UNIT_NAMES[ind.unit]),
                _("higher is better") if ind.higher_is_better else _("lower is better"),
                source_name(ind.source),
                str(ind.reference),
            ],
        )
    for each in book.worksheets:
        for cell in each[1]:
            cell.font = Font(bold=True)
        each.freeze_panes = "B2"
    return xlsx_bytes(book)


# The indicators `engine.by_month` computes for each month (those of the day records).
MONTHLY = frozenset(engine.from_sums({}))

FORMATS = {"pdf": (pdf_of, PDF), "docx": (docx_of, DOCX), "xlsx": (xlsx_of, XLSX)}


def render(body: Body, year: int, kind: str) -> tuple[bytes, str, str]:
    """The file of one format: (content, content type, file name)."""
    writer, content_type = FORMATS[kind]
    report = build(body, year, with_charts=kind != "xlsx")
    return writer(report), content_type, report.filename(kind)
