"""The legal baselines as data: the shipped files load and validate, a malformed file is
refused with a message that names it and its field, and an agreement is held to every contract
in force during its life (one across the change of contract: re-checked, and HR sees which
need a new signature)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agilepa.agreements import rules
from agilepa.agreements.apps import check_baselines
from agilepa.agreements.baselines import DATA_DIR, BaselineError, load_baselines
from tests.agreements.test_legal_checker import REGULATION, TERMS, WORKER
from tests.factories import PersonFactory, make_agreement, make_regulation


def test_the_shipped_contracts_follow_each_other_without_a_gap() -> None:
    old, new = rules.BASELINES
    assert (old.key, new.key) == ("ccnl-fl-2019-2021", "ccnl-fl-2022-2024")
    assert old.valid_to == date(2026, 2, 23)
    assert new.valid_from == date(2026, 2, 24) and new.valid_to is None
    assert new.signed_on == date(2026, 2, 23)
    assert check_baselines() == []


def test_every_contract_article_is_marked_to_verify_and_printed_so() -> None:
    for baseline in rules.BASELINES:
        for key in ("agreement", "windows", "training", "activities", "remote_work"):
            source = baseline.source(key)
            assert source.verified is False
            assert str(source).endswith("to verify")
        assert baseline.source("notice").verified is True
        assert str(baseline.source("notice")) == "L. 81/2017 art. 19 c. 2"


def test_the_values_to_verify_are_listed_in_one_order_whatever_the_file_says(
    tmp_path: Path,
) -> None:
    """Pages print them as listed: a set's order would change from one process to the next."""
    folder = _copy(tmp_path)
    path = next(folder.glob("*.json"))
    _edit(path, unverified_values=["weekly_hours", "min_rest_hours", "notice_days"])
    baseline = next(b for b in load_baselines(folder) if b.key == path.stem)
    assert baseline.unverified_values == ("min_rest_hours", "notice_days", "weekly_hours")


def _copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(path: Path, **changes: object) -> None:
    data = json.loads(path.read_text())
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"notice_days": "thirty"}, "'notice_days' must be a whole number from 0 to 365"),
        ({"valid_from": "24/02/2026"}, "'valid_from' must be a date written YYYY-MM-DD"),
        ({"night_start": "late"}, "'night_start' must be a time HH:MM"),
        ({"key": "ccnl-fl-2025"}, "'key' must equal the file name"),
        ({"min_rest_hours": None}, "'min_rest_hours' must be a whole number"),
        ({"surprise": 1}, "unknown field(s) surprise"),
        ({"sources": {"agreement": {"text": "CCNL"}}}, "'sources' lacks windows"),
        ({"unverified_values": ["colour"]}, "'unverified_values' must list value names"),
    ],
)
def test_a_malformed_baseline_file_is_refused_naming_the_file_and_the_field(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "ccnl-fl-2022-2024.json", **changes)
    with pytest.raises(BaselineError) as refused:
        load_baselines(directory)
    assert str(refused.value).startswith("ccnl-fl-2022-2024.json: ")
    assert message in str(refused.value)
    [error] = check_baselines(directory=directory)
    assert error.id == "agreements.E001"
    assert "ccnl-fl-2022-2024.json" in error.msg


def test_a_source_without_its_verified_flag_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "ccnl-fl-2022-2024.json"
    data = json.loads(path.read_text())
    del data["sources"]["windows"]["verified"]
    path.write_text(json.dumps(data))
    with pytest.raises(BaselineError, match="source 'windows' needs a 'text' and a 'verified'"):
        load_baselines(directory)


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "ccnl-fl-2022-2024.json").write_text("{not json")
    with pytest.raises(BaselineError, match=r"ccnl-fl-2022-2024\.json: not a readable JSON"):
        load_baselines(directory)


def test_two_contracts_from_the_same_day_are_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    twin = json.loads((directory / "ccnl-fl-2022-2024.json").read_text())
    twin["key"] = "ccnl-twin"
    (directory / "ccnl-twin.json").write_text(json.dumps(twin))
    with pytest.raises(BaselineError, match="take effect on the same day"):
        load_baselines(directory)


# --- an agreement across the change of contract ----------------------------------------------

ACROSS = replace(TERMS, start=date(2026, 1, 12), end=None)
REGULATION_2025 = replace(REGULATION, effective_from=date(2025, 1, 1))


def test_an_agreement_across_the_change_is_held_to_both_contracts() -> None:
    during = rules.baselines_during(ACROSS.start, ACROSS.end)
    assert [b.key for b in during] == ["ccnl-fl-2019-2021", "ccnl-fl-2022-2024"]
    assert rules.baselines_during(date(2026, 3, 2), None) == [rules.BASELINES[1]]
    assert rules.baselines_during(date(2025, 3, 1), date(2025, 12, 31)) == [rules.BASELINES[0]]
    assert rules.check_agreement(ACROSS, REGULATION_2025, WORKER) == []
    [change] = rules.contract_changes(ACROSS, REGULATION_2025, WORKER)
    assert change.baseline.key == "ccnl-fl-2022-2024" and not change.needs_new_signature


@pytest.fixture
def stricter_new_contract(tmp_path: Path) -> tuple[rules.LegalBaseline, ...]:
    """The shipped files, with the 2022-2024 contract asking 12 hours of disconnection: what a
    new contract that changes a value does to the agreements signed before it."""
    directory = _copy(tmp_path)
    _edit(directory / "ccnl-fl-2022-2024.json", min_rest_hours=12)
    return load_baselines(directory)


def test_an_agreement_across_a_stricter_contract_is_refused_citing_it(
    stricter_new_contract,
) -> None:
    eleven_hours = replace(ACROSS, disconnection=rules.Window(time(20, 0), time(7, 0)))
    found = rules.check_agreement(
        eleven_hours, REGULATION_2025, WORKER, baselines=stricter_new_contract
    )
    assert [v.code for v in found] == ["disconnection_too_short"]
    assert "CCNL Funzioni Locali 2022-2024" in found[0].source.text
    [change] = rules.contract_changes(
        eleven_hours, REGULATION_2025, WORKER, baselines=stricter_new_contract
    )
    assert change.needs_new_signature
    ended_before = replace(eleven_hours, end=date(2026, 2, 23))
    assert (
        rules.check_agreement(
            ended_before, REGULATION_2025, WORKER, baselines=stricter_new_contract
        )
        == []
    )


def test_hr_sees_the_agreements_across_the_change(body_a, client_of) -> None:
    world = body_a
    make_regulation(world.a.body, effective_from=date(2025, 1, 1))
    across = make_agreement(world.a.colleague, start_date=date(2026, 1, 12), status="active")
    after = make_agreement(world.a.outsider, start_date=date(2026, 3, 2), status="active")
    page = client_of("hr_admin").get(f"/b/{world.a.body.slug}/agreements/contract-change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-agreement="{across.pk}" data-needs-signature="0"' in html
    assert f'data-agreement="{after.pk}"' not in html
    assert "to verify" in html
    employee = Client()
    employee.force_login(world.users["employee"])
    assert employee.get(f"/b/{world.a.body.slug}/agreements/contract-change/").status_code == 403


def test_the_agreements_across_the_change_take_as_many_queries_for_twelve_as_for_three(
    world, client_as
) -> None:
    """Each agreement re-checked with its derogation, its Regolamento and the activities its
    unit excludes, without a query per agreement."""
    from agilepa.agreements.models import Activity

    regulation = make_regulation(world.a.body, effective_from=date(2025, 1, 1))
    Activity.objects.create(
        regulation=regulation, unit=world.a.area, name="Sportello", remotable=False
    )
    url = f"/b/{world.a.body.slug}/agreements/contract-change/"
    hr = client_as("hr_admin")
    assert hr.get(url).status_code == 200  # the session and the caches warmed up

    def sign(n: int) -> None:
        for i in range(n):
            person = PersonFactory(body=world.a.body, unit=world.a.service)
            activities = ["Sportello"] if i % 3 == 0 else ["Istruttoria"]
            make_agreement(
                person, start_date=date(2026, 1, 12), status="active", activities=activities
            )

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = hr.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    sign(3)
    html, three = page()
    assert html.count('data-needs-signature="1"') == 1
    sign(9)
    html, twelve = page()
    assert twelve == three
    assert html.count("data-agreement=") == 12
    assert html.count('data-needs-signature="1"') == 4  # Sportello, excluded in the Area
    assert "Sportello" in html


def test_a_long_list_across_the_change_shows_a_page_those_needing_a_signature_first(
    world, client_as, monkeypatch
) -> None:
    from agilepa.agreements import selectors
    from agilepa.agreements.models import Activity

    regulation = make_regulation(world.a.body, effective_from=date(2025, 1, 1))
    Activity.objects.create(
        regulation=regulation, unit=world.a.area, name="Sportello", remotable=False
    )
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)  # 50 on the site: the same code path
    for i in range(5):
        person = PersonFactory(body=world.a.body, unit=world.a.service, last_name=f"Zeta{i}")
        activities = ["Sportello"] if i == 4 else ["Istruttoria"]
        make_agreement(person, start_date=date(2026, 1, 12), status="active", activities=activities)
    make_agreement(world.a.outsider, start_date=date(2026, 3, 2), status="active")  # after
    url = f"/b/{world.a.body.slug}/agreements/contract-change/"
    hr = client_as("hr_admin")
    html = hr.get(url).content.decode()
    assert html.count("data-agreement=") == 2
    assert html.index('data-needs-signature="1"') < html.index('data-needs-signature="0"')
    assert "Zeta4" in html and "Zeta0" in html and "Zeta1" not in html
    assert "Agreements across a change of contract: 5; needing a new signature: 1." in html
    assert 'href="?page=3"' in html
    last = hr.get(url + "?page=3").content.decode()
    assert "Zeta3" in last and last.count("data-agreement=") == 1
