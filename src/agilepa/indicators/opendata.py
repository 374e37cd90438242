"""Open data: the indicators of each body and year, aggregated, with a documented schema
(docs/indicators.md, "Open data"). No person is in it; a measured figure about fewer than five
people is withheld, with its complements (core/disclosure.py). A body's named figures are
published only if its HR opted in; the others are counted in their networks' totals only."""

from __future__ import annotations

import io
import json

from agilepa.core import disclosure
from agilepa.core.exports import csv_dict_writer
from agilepa.indicators import catalogue, display, engine, protection
from agilepa.indicators.engine import Period
from agilepa.indicators.models import OpenDataOptIn
from agilepa.org.models import Body, Network

FIELDS = (
    ("scope", "string", "body (one body's figures) or network (all its members together)"),
    ("body_ipa_code", "string", "The body's code in the IPA index; empty for a network"),
    ("body_name", "string", "The body's name, or the network's"),
    ("bodies", "integer", "How many bodies the figure is about"),
    ("year", "integer", "The calendar year of the figures"),
    ("indicator_code", "string", "The indicator's code in the catalogue"),
    ("indicator_name", "string", "The indicator's name"),
    ("dimension", "string", "enabling, implementation, performance or impacts"),
    ("unit", "string", "%, days, km, h, t CO2, EUR, yes/no (1/0), n, 0-100"),
    ("higher_is_better", "boolean", "Whether a higher value is an improvement"),
    ("source", "string", "measured (from the platform's records) or declared (by the body)"),
    ("value", "number", "The figure, rounded; empty when unknown or withheld"),
    (
        "withheld",
        "boolean",
        "True when the figure is about fewer than 5 people, or would let such a group (or a "
        "body that did not publish its figures) be worked out from the others",
    ),
)
SCHEMA = {
    "name": "agilepa-indicators",
    "title": "POLA/PIAO lavoro agile indicators per body and year",
    "licence": "CC-BY-4.0",
    "fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS],
}


def publishing(bodies: list[Body]) -> set[int]:
    """The bodies that opted in to publishing their named figures."""
    return set(OpenDataOptIn.objects.filter(body__in=bodies).values_list("body_id", flat=True))


def _row(scope: str, code: str, name: str, bodies: int, year: int, ind, shown) -> dict:
    return {
        "scope": scope,
        "body_ipa_code": code,
        "body_name": name,
        "bodies": bodies,
        "year": year,
        "indicator_code": ind.code,
        "indicator_name": str(ind.name),
        "dimension": ind.dimension.value,
        "unit": ind.unit.value,
        "higher_is_better": ind.higher_is_better,
        "source": ind.source.value,
        "value": shown.number,
        "withheld": shown.hidden,
    }


def rows(bodies: list[Body], year: int, network: Network | None = None) -> list[dict]:
    """The named figures of the bodies that opted in, and for a network its members' totals.

    A body that did not opt in is in the totals only, and a total is withheld when the bodies
    it would let be worked out (total minus the named figures) are one or two, or hold fewer
    than five people: the surveys' rule (core.disclosure) on bodies as on people."""
    ids = [b.pk for b in bodies]
    period = Period(year)
    values = engine.by_body(ids, period)
    guard = protection.bodies_protection(ids, year)
    named = publishing(bodies)
    hidden = {b: guard[b].hidden_codes(None, str(period)) for b in ids}
    out = []
    for body in bodies:
        if body.pk not in named:
            continue
        for code, shown in display.show(values[body.pk], hidden[body.pk]).items():
            out.append(_row("body", body.ipa_code, body.name, 1, year, catalogue.get(code), shown))
    if network is None:
        return out
    totals = engine.compute(engine.Scope(tuple(ids)), period)
    withheld = set()
    for ind in catalogue.INDICATORS:
        if _total_withheld(ind, ids, values, totals, named, hidden):
            withheld.add(ind.code)
    for code, shown in display.show(totals, withheld).items():
        out.append(_row("network", "", network.name, len(ids), year, catalogue.get(code), shown))
    return out


def _total_withheld(ind, ids, values, totals, named, hidden) -> bool:
    code = ind.code
    has = {b: values[b][code].value is not None for b in ids}
    if ind.measured:
        people = {b: values[b][code].people for b in ids}
        people["network"] = totals[code].people
        has = {b: people[b] > 0 for b in ids}
    else:
        people = {}
    tree = disclosure.Hierarchy("network", tuple(ids))
    unnamed = {b for b in ids if b not in named or code in hidden[b]}
    counted = {b: int(has[b]) for b in ids} | {"network": sum(has.values())}
    if disclosure.exposed(counted, tree, unnamed, disclosure.MINIMUM_THRESHOLD):
        return True  # one or two bodies would be found by subtraction
    if ind.measured:
        if disclosure.small(people["network"], display.K):
            return True
        return disclosure.exposed(people, tree, unnamed, display.K)
    return False


def as_csv(data: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv_dict_writer(buffer, fieldnames=[f[0] for f in FIELDS])
    writer.writeheader()
    for row in data:
        writer.writerow({**row, "value": "" if row["value"] is None else row["value"]})
    return buffer.getvalue()


def as_json(data: list[dict]) -> str:
    return json.dumps({"schema": SCHEMA, "data": data}, ensure_ascii=False, indent=1)
