import hashlib
import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command

from agilepa.agreements import services
from agilepa.agreements.models import Agreement, AgreementStatus, Regulation
from agilepa.core.access import Role, resolve_access
from agilepa.core.models import User
from agilepa.demo import data
from agilepa.demo import org as demo
from agilepa.org.models import Body, BodyKind, Membership, OrgUnit, Person
from agilepa.org.validators import validate_tax_code
from tests.conftest import once_per_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    """The demo seeded once for the module; each test reads it in its own savepoint."""

    def seed() -> str:
        out = io.StringIO()
        call_command("seed_demo", "--scale", "0.03", "--history-months", "1", stdout=out)
        return out.getvalue()

    media = tmp_path_factory.mktemp("media")
    yield from once_per_module(django_db_blocker, seed, MEDIA_ROOT=media)


@pytest.fixture
def seeded(db, seeded_once) -> str:
    return seeded_once


def digest() -> str:
    rows = Person.objects.order_by("body__slug", "employee_number").values_list(
        "body__slug", "employee_number", "last_name", "first_name", "tax_code", "unit__code"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_the_demo_holds_every_kind_of_body_the_issue_names(seeded) -> None:
    kinds = set(Body.objects.values_list("kind", flat=True))
    assert {
        BodyKind.REGIONE,
        BodyKind.COMUNE,
        BodyKind.PROVINCIA,
        BodyKind.HEALTH,
        BodyKind.PRIVATE,
    } <= kinds
    assert Body.objects.filter(kind=BodyKind.COMUNE).count() == 3
    assert Body.objects.get(kind=BodyKind.PRIVATE).ipa_code is None
    statuses = set(Membership.objects.values_list("status", flat=True))
    assert statuses == {"active", "signed", "applied"}


def test_every_tax_code_is_valid_and_matricole_are_unique_per_body(seeded) -> None:
    for code in Person.objects.values_list("tax_code", flat=True):
        validate_tax_code(code)
    for body in Body.objects.all():
        numbers = list(Person.objects.filter(body=body).values_list("employee_number", flat=True))
        assert len(numbers) == len(set(numbers))


def test_unit_paths_follow_their_parents_and_every_unit_has_a_head(seeded) -> None:
    for unit in OrgUnit.objects.select_related("parent"):
        expected = f"{unit.parent.path}{unit.pk}/" if unit.parent else f"/{unit.pk}/"
        assert unit.path == expected
        assert unit.head_id is not None
    bologna = Body.objects.get(slug="c_a944")
    assert OrgUnit.objects.filter(body=bologna).order_by("-depth").first().depth == 4


def test_every_demo_login_has_the_roles_it_is_documented_with(seeded) -> None:
    bologna = Body.objects.get(slug="c_a944")
    expected = {
        "personale@comune-bologna.demo": {Role.HR_ADMIN, Role.EMPLOYEE},
        "dirigente@comune-bologna.demo": {Role.MANAGER, Role.EMPLOYEE},
        "dipendente@comune-bologna.demo": {Role.EMPLOYEE},
        "cug@comune-bologna.demo": {Role.OBSERVER},
    }
    for email, roles in expected.items():
        access = resolve_access(User.objects.get(email=email), bologna)
        assert set(access.roles) == roles, email
    shared = User.objects.get(email="personale@unione-reno.demo")
    for slug in ("c_c204", "c_m185"):
        assert resolve_access(shared, Body.objects.get(slug=slug)).is_hr
    assert User.objects.get(email="admin@agilepa.demo").is_superuser
    assert data.DEMO_PASSWORD in seeded
    assert User.objects.get(email="coordinamento@regione-er.demo").check_password(
        data.DEMO_PASSWORD
    )


def test_a_second_run_refuses_skips_or_resets_and_the_data_is_the_same(seeded) -> None:
    """Also the agreements: a reset removes them and loads as many again."""
    first = digest()
    agreements = Agreement.objects.count()
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", "--scale", "0.03", "--history-months", "1", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", "--skip-if-present", stdout=out)
    assert "nothing to do" in out.getvalue()
    call_command(
        "seed_demo",
        "--scale",
        "0.03",
        "--history-months",
        "1",
        "--reset",
        "--quiet",
        stdout=io.StringIO(),
    )
    assert digest() == first
    assert Agreement.objects.count() == agreements


def test_the_large_comune_reaches_five_thousand_people_at_full_scale() -> None:
    spec = next(s for s in data.BODIES if s.slug == "c_a944")
    assert spec.people >= 5000


@pytest.mark.parametrize(
    ("surname", "name", "female", "expected"),
    [
        ("Rossi", "Mario", False, "RSSMRA85T10A562S"),
        ("Bianchi", "Niccolò", False, None),
        ("D'Angelo", "Anna", True, None),
    ],
)
def test_the_tax_code_follows_the_official_rules(surname, name, female, expected) -> None:
    import datetime as dt

    code = demo.tax_code(surname, name, dt.date(1985, 12, 10), female, "A562")
    validate_tax_code(code)
    if expected:
        assert code == expected
    if female:
        assert code[9:11] == "50"  # day + 40 for women
    assert demo.name_code("Niccolò") == "NCL"
    assert demo.surname_code("D'Angelo") == "DNG"


def test_the_demo_hubs_have_meeting_rooms_with_bookings_held_by_their_slots(seeded) -> None:
    from agilepa.spaces.models import Hub, RoomBooking, RoomSlot
    from agilepa.spaces.rooms.booking import slot_starts

    assert all(hub.rooms.exists() for hub in Hub.objects.all())
    bookings = list(RoomBooking.objects.all())
    assert bookings
    held = sum(len(slot_starts(b.starts_at, b.ends_at)) for b in bookings)
    assert RoomSlot.objects.count() == held


# The demo's agreements: every status, valid terms, the demo logins with something to see.


def test_every_status_is_in_the_demo(seeded) -> None:
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert statuses == set(AgreementStatus.values)


def test_live_demo_agreements_satisfy_the_legal_checker(seeded) -> None:
    live = Agreement.objects.exclude(
        status__in=[AgreementStatus.EXPIRED, AgreementStatus.WITHDRAWN]
    ).select_related("person__unit", "regulation")
    for agreement in live:
        found = [v.code for v in services.check(agreement)]
        assert found == [], (agreement.pk, agreement.status, found)


def test_every_body_has_a_regolamento_valid_under_the_law(seeded) -> None:
    from agilepa.agreements.rules import check_regulation

    for regulation in Regulation.objects.all():
        assert check_regulation(regulation.terms()) == []


def test_demo_employee_has_an_active_agreement_and_every_transition_is_dated(seeded) -> None:
    employee = User.objects.get(email="dipendente@comune-bologna.demo")
    agreement = Agreement.objects.get(person__user=employee)
    assert agreement.status == AgreementStatus.ACTIVE
    times = list(agreement.transitions.values_list("at", flat=True))
    assert times == sorted(times)
    assert len(times) == 5


def test_the_dashboard_reads_prerequisites_in_bulk_with_the_same_verdicts(seeded) -> None:
    """HR's dashboard reads every countersigned agreement's prerequisites in three queries per
    Regolamento; its verdicts are those of the one-agreement check."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from agilepa.agreements import selectors
    from agilepa.core.access import resolve_access
    from agilepa.org.models import Body

    hr = User.objects.get(email="personale@comune-bologna.demo")
    access = resolve_access(hr, Body.objects.get(people__user=hr))
    today = timezone.localdate()
    countersigned = Agreement.objects.filter(
        person__body=access.body, status=AgreementStatus.COUNTERSIGNED
    ).select_related("person", "regulation")
    expected = {
        a.pk: [v.code for v in services.missing_prerequisites(a, today)] for a in countersigned
    }
    assert any(expected.values()), "the demo has agreements waiting for a prerequisite"
    with CaptureQueriesContext(connection) as queries:
        board = selectors.dashboard(access, today)
    assert {a.pk: [v.code for v in missing] for a, missing in board.waiting} == {
        pk: codes for pk, codes in expected.items() if codes
    }
    assert len(queries) < 15


def test_the_fresh_demo_leaves_no_month_of_the_summary_to_rebuild(seeded) -> None:
    """What the worker's ten-minute job would rebuild is rebuilt by the seeding: no page of a
    fresh demo (the commute savings, the indicators) sums a month from the days."""
    from agilepa.indicators.models import SummaryState

    assert SummaryState.objects.exists()
    assert not SummaryState.objects.filter(dirty=True).exists()
    assert not SummaryState.objects.filter(refreshed_at__isnull=True).exists()
