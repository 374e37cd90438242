"""A small body with a year of figures for the PIAO report's tests.

Body A of the `world`: the Regolamento lets the Area (and its Servizio) work remotely, so the
manager, the employee and the colleague are potential agile workers and the outsider is not.
All three potential ones have an agreement; in March 2026 the employee works 4 days remotely
and the colleague 2, everyone else is in the office, and the outsider is absent one day:

    effective / potential agile workers   2 / 3            66.7%   target 50 60 80  -> intermedio
    agreements / potential                3 / 3           100.0%
    agile days / days worked              6 / 40           15.0%   target 10 20 30  -> avvio
    agile days per agile worker-month     6 / 2             3.0
    absence rate (lower is better)        1 / 41            2.4%   target  5  4  3  -> avanzato
    overall (2 of 3 reach intermedio)                              -> sviluppo intermedio

HR declared the VPN (yes) and 12,500 euro of hardware."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

from agilepa.agreements.models import Activity, AgreementStatus
from agilepa.indicators.models import DeclaredValue, Target
from agilepa.planning.models import PlanDayKind
from tests.factories import PersonFactory, make_agreement, make_regulation, weekdays_from
from tests.measurement.helpers import actual

YEAR = 2026
TODAY = date(2026, 12, 2)


def month_of(person, remote: int, absent: int = 0, total: int = 10) -> None:
    """`total` working days from 2 March 2026: the first `remote` ones remote, the last
    `absent` ones absent, the rest in the office."""
    for i, day in enumerate(weekdays_from(date(YEAR, 3, 2), total + absent)):
        if i < remote:
            kind = PlanDayKind.REMOTE
        elif i >= total:
            kind = PlanDayKind.ABSENT
        else:
            kind = PlanDayKind.OFFICE
        actual(person, day, kind)


def build_report_world(world, copies: int = 1):
    """The body above; with `copies` > 1 each of the four people has that many twins (same
    unit, agreement and month), so every group is large enough to be published: the report is
    a public document and withholds any figure about fewer than five people. The ratios stay
    those of the table above; the counts are multiplied by `copies`."""
    a = world.a
    regulation = make_regulation(a.body)
    Activity.objects.create(regulation=regulation, unit=a.area, name="Istruttoria pratiche")
    patterns = (
        (a.employee_person, 4, 0, True),
        (a.colleague, 2, 0, True),
        (a.manager_person, 0, 0, True),
        (a.outsider, 0, 1, False),
    )
    for person, remote, absent, potential in patterns:
        twins = [PersonFactory(body=a.body, unit=person.unit) for _ in range(copies - 1)]
        for each in [person, *twins]:
            if potential:
                make_agreement(each, status=AgreementStatus.ACTIVE, start_date=date(YEAR, 3, 2))
            month_of(each, remote=remote, absent=absent)
    plan = {
        "IMP_AGILE_WORKERS": ("40", 2025, "50", "60", "80"),
        "IMP_AGILE_DAYS": ("8", 2025, "10", "20", "30"),
        "PERF_ABSENCE": ("6", 2025, "5", "4", "3"),
    }
    for code, (baseline, baseline_year, t1, t2, t3) in plan.items():
        Target.objects.create(
            body=a.body,
            code=code,
            plan_year=YEAR,
            baseline=Decimal(baseline),
            baseline_year=baseline_year,
            target_1=Decimal(t1),
            target_2=Decimal(t2),
            target_3=Decimal(t3),
        )
    hr = world.users["hr_admin"]
    DeclaredValue.objects.create(body=a.body, code="DIG_VPN", year=YEAR, value=1, entered_by=hr)
    DeclaredValue.objects.create(
        body=a.body, code="ECO_HARDWARE", year=YEAR, value=Decimal("12500"), entered_by=hr
    )
    return world


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())
