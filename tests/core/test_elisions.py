"""Italian elides the article before a day read with a vowel (issue 23): "l'11/12", never
"il 11/12"; "dall'01/03", never "dal 01/03". The messages built by the code say the day through
`formats.with_article`, and no Italian message may put a bare article before a day placeholder.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from agilepa.agreements.rules import check_agreement, check_regulation, withdrawal_violations
from agilepa.core import formats
from agilepa.planning.calendar import CalendarFacts, month_bounds, working_days
from agilepa.planning.checker import check_plan
from agilepa.planning.problem import Plan, PresenceRule, Problem
from tests.agreements.test_legal_checker import REGULATION, TERMS, WORKER
from tests.planning.test_plan_checker import worker

CATALOGUE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "agilepa"
    / "locale"
    / "it"
    / "LC_MESSAGES"
    / "django.mo"
)
# An article, or an articulated preposition, followed by the placeholder of a day.
BARE_ARTICLE = re.compile(
    r"\b(il|dal|al|del|nel|sul) %\((d|day|date|on|due|at|when|adopted|effective|b|a|start|end"
    r"|open|close|jury|received|event|expires|created)\)s",
    re.IGNORECASE,
)
# Messages whose placeholder is not a day written as 11/12/2026, with the reason.
MAY_STAY = {
    # An ISO 8601 timestamp (2026-12-11T10:30:00+01:00): it reads "duemila", no elision.
    "A copy of the personal data that %(body)s holds about %(name)s on the Agile PA platform, "
    "made on %(at)s (artt. 15 and 20 GDPR). The same data, machine-readable, is in the JSON "
    "export.",
    # The backup manifest's ISO timestamp, as above.
    "Restored the backup of %(created)s (Agile PA %(version)s): %(rows)s rows in %(tables)s "
    "tables and %(files)s uploaded files, in %(seconds).1f s.",
}
WRONG = ("il 01", "il 08", "il 11", "dal 01", "dal 08", "dal 11", "del 01", "del 08", "del 11")


def italian(text_of) -> str:
    with translation.override("it"):
        return str(text_of())


def assert_elided(text: str, *expected: str) -> None:
    for part in expected:
        assert part in text, text
    for wrong in WRONG:
        assert wrong not in text, text


def messages(found) -> str:
    return " | ".join(v.message for v in found)


def test_the_regulation_start_and_the_longest_end_are_elided() -> None:
    early = italian(
        lambda: messages(
            check_agreement(replace(TERMS, start=date(2025, 12, 1)), REGULATION, WORKER, 0)
        )
    )
    assert_elided(early, "Il Regolamento si applica dall'01/01/2026")
    long = italian(
        lambda: messages(
            check_agreement(replace(TERMS, end=date(2027, 3, 2)), REGULATION, WORKER, 0)
        )
    )
    assert_elided(long, "deve scadere entro l'01/03/2027")


def test_the_earliest_last_day_of_a_withdrawal_is_elided() -> None:
    text = italian(
        lambda: messages(
            withdrawal_violations(
                end=None,
                given_on=date(2028, 1, 31),
                requested_last_day=date(2028, 2, 29),
                justified=False,
                required_notice=30,
            )
        )
    )
    assert_elided(text, "l'accordo può cessare non prima dell'01/03/2028")


def test_a_presence_of_80_percent_is_elided() -> None:
    text = italian(lambda: messages(check_regulation(replace(REGULATION, min_presence_percent=80))))
    assert_elided(text, "Con l'80% di presenza")
    assert "il 80%" not in text


def test_the_plan_checker_elides_the_day_of_an_absence_and_of_a_unit_below_its_minimum() -> None:
    march = tuple(working_days(CalendarFacts(), *month_bounds(2027, 3)))
    monday, thursday = date(2027, 3, 8), date(2027, 3, 11)
    absent = Problem(march, (worker(1, absences=frozenset({thursday})),))
    text = italian(
        lambda: " | ".join(f.message for f in check_plan(absent, Plan({1: frozenset({thursday})})))
    )
    assert_elided(text, "Assente l'11/03/2027.")

    rule = PresenceRule(unit_id=1, weekday=0, min_present=2, label="Anagrafe")
    short = Problem(march, (worker(1), worker(2)), (rule,))
    text = italian(
        lambda: " | ".join(f.message for f in check_plan(short, Plan({1: frozenset({monday})})))
    )
    assert_elided(text, "Anagrafe richiede 2 presenti l'08/03/2027")


def test_the_survey_invitation_elides_its_closing_day() -> None:
    wave = SimpleNamespace(
        closes_on=date(2026, 12, 1),
        campaign=SimpleNamespace(survey=SimpleNamespace(title="Benessere"), min_group=5),
    )
    context = {"wave": wave, "reminder": True, "link": "https://x/", "code": "C", "body": None}
    text = italian(lambda: render_to_string("surveys/email_invitation.txt", context))
    assert_elided(text, "si chiude l'01/12/2026", "Aperta fino all'01/12/2026.")


def test_the_filter_reads_a_moment_as_its_local_day() -> None:
    # 23:30 in UTC on 10 December is 00:30 on 11 December in Rome.
    moment = datetime(2026, 12, 10, 23, 30, tzinfo=UTC)
    template = Template(
        '{% load formats %}{{ at|with_article:"il" }} {{ at|with_article:"entro il:by" }}'
    )
    with translation.override("it"):
        shown = html.unescape(template.render(Context({"at": moment})))
    assert shown == "l'11/12/2026 entro l'11/12/2026"
    with translation.override("en"):
        assert (
            html.unescape(template.render(Context({"at": moment}))) == "on 11/12/2026 by 11/12/2026"
        )


def test_the_english_reading_can_be_named_or_left_out() -> None:
    day = date(2026, 3, 8)
    with translation.override("en"):
        assert formats.with_article("fino al:until", day) == "until 08/03/2026"
        assert formats.with_article("il:", day) == "08/03/2026"
        assert formats.number_with_article("del:of", "11%") == "of 11%"
    with translation.override("it"):
        assert formats.with_article("fino al:until", day) == "fino all'08/03/2026"
        assert formats.with_article("il:", day) == "l'08/03/2026"
        assert formats.number_with_article("del:of", "11%") == "dell'11%"
        assert formats.number_with_article("il:", "18%") == "il 18%"
        assert formats.number_with_article("il:", "85,5%") == "l'85,5%"


@pytest.mark.parametrize(
    ("written", "the", "of_the"),
    [
        ("1", "l'1", "dell'1"),  # uno
        ("5", "il 5", "del 5"),
        ("8", "l'8", "dell'8"),  # otto
        ("11", "l'11", "dell'11"),  # undici
        ("18", "il 18", "del 18"),  # diciotto
        ("80%", "l'80%", "dell'80%"),  # ottanta
        ("180", "il 180", "del 180"),  # centottanta
        ("800", "l'800", "dell'800"),  # ottocento
        ("1.000", "il 1.000", "del 1.000"),  # mille
        ("1.800", "il 1.800", "del 1.800"),  # milleottocento
        ("8.000", "l'8.000", "dell'8.000"),  # ottomila
        ("11.000", "l'11.000", "dell'11.000"),  # undicimila
        ("80.500", "l'80.500", "dell'80.500"),  # ottantamila...
        ("1.000.000", "il 1.000.000", "del 1.000.000"),  # un milione
        ("1.500.000", "il 1.500.000", "del 1.500.000"),  # un milione cinquecentomila
        ("8.000.000", "l'8.000.000", "dell'8.000.000"),  # otto milioni
        ("11.000.000", "l'11.000.000", "dell'11.000.000"),  # undici milioni
        ("21.000.000", "il 21.000.000", "del 21.000.000"),  # ventuno milioni
        ("1.000.000.000", "il 1.000.000.000", "del 1.000.000.000"),  # un miliardo
        ("8000000", "l'8000000", "dell'8000000"),  # ungrouped, read the same
        ("8,5%", "l'8,5%", "dell'8,5%"),  # a decimal reads by its integer part
        ("1,5", "l'1,5", "dell'1,5"),
        ("42,5%", "il 42,5%", "del 42,5%"),
        ("0,5%", "lo 0,5%", "dello 0,5%"),  # zero
        ("0%", "lo 0%", "dello 0%"),
    ],
)
def test_a_number_takes_the_article_of_how_it_is_read_aloud(written, the, of_the) -> None:
    with translation.override("it"):
        assert formats.number_with_article("il:", written) == the
        assert formats.number_with_article("del:", written) == of_the
    with translation.override("en"):
        assert formats.number_with_article("del:of", written) == f"of {written}"


def test_a_number_after_other_prepositions_and_words() -> None:
    with translation.override("it"):
        assert formats.number_with_article("al:", "0,5%") == "allo 0,5%"
        assert formats.number_with_article("fino al:", "8.000.000") == "fino all'8.000.000"
        assert formats.number_with_article("sul:", "1.000.000") == "sul 1.000.000"
        assert formats.number_with_article("dal:", "11%") == "dall'11%"


def test_no_italian_message_puts_a_bare_article_before_a_day() -> None:
    if not CATALOGUE.exists():
        pytest.fail("The Italian catalogue is not compiled: run `make messages`")
    bare = [
        entry.msgid
        for entry in polib.mofile(str(CATALOGUE))
        if entry.msgid not in MAY_STAY
        and any(BARE_ARTICLE.search(text) for text in [entry.msgstr, *entry.msgstr_plural.values()])
    ]
    assert not bare, f"{len(bare)} messages to write with formats.with_article: {bare}"
