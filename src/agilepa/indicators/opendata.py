"""Open data: the indicators of each body and year, aggregated, with a documented schema
(docs/indicators.md, "Open data"). No person is in it; a measured figure about fewer than five
people is withheld."""

from __future__ import annotations

import io
import json

from agilepa.core.exports import csv_dict_writer
from agilepa.indicators import catalogue, display, engine
from agilepa.indicators.engine import Period
from agilepa.org.models import Body

FIELDS = (
    ("body_ipa_code", "string", "The body's code in the IPA index"),
    ("body_name", "string", "The body's name"),
    ("year", "integer", "The calendar year of the figures"),
    ("indicator_code", "string", "The indicator's code in the catalogue"),
    ("indicator_name", "string", "The indicator's name"),
    ("dimension", "string", "enabling, implementation, performance or impacts"),
    ("unit", "string", "%, days, km, h, t CO2, EUR, yes/no (1/0), n, 0-100"),
    ("higher_is_better", "boolean", "Whether a higher value is an improvement"),
    ("source", "string", "measured (from the platform's records) or declared (by the body)"),
    ("value", "number", "The figure, rounded; empty when unknown or withheld"),
    ("withheld", "boolean", "True when the figure is about fewer than 5 people"),
)
SCHEMA = {
    "name": "agilepa-indicators",
    "title": "POLA/PIAO lavoro agile indicators per body and year",
    "licence": "CC-BY-4.0",
    "fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS],
}


def rows(bodies: list[Body], year: int) -> list[dict]:
    values = engine.by_body([b.pk for b in bodies], Period(year))
    out = []
    for body in bodies:
        for code, shown in display.show(values[body.pk], hide_small=True).items():
            ind = catalogue.get(code)
            out.append(
                {
                    "body_ipa_code": body.ipa_code,
                    "body_name": body.name,
                    "year": year,
                    "indicator_code": code,
                    "indicator_name": str(ind.name),
                    "dimension": ind.dimension.value,
                    "unit": ind.unit.value,
                    "higher_is_better": ind.higher_is_better,
                    "source": ind.source.value,
                    "value": shown.number,
                    "withheld": shown.hidden,
                }
            )
    return out


def as_csv(data: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv_dict_writer(buffer, fieldnames=[f[0] for f in FIELDS])
    writer.writeheader()
    for row in data:
        writer.writerow({**row, "value": "" if row["value"] is None else row["value"]})
    return buffer.getvalue()


def as_json(data: list[dict]) -> str:
    return json.dumps({"schema": SCHEMA, "data": data}, ensure_ascii=False, indent=1)
