"""The periodic-job runner: each job's slot, catching up, and one run per slot across hosts."""

import re
import threading
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from agilepa.core.models import JobRun, JobRunStatus
from agilepa.core.schedule import JOBS, Job, run_due

ROME = ZoneInfo("Europe/Rome")


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 12, day, hour, minute, 30, tzinfo=ROME)


DAILY = Job("daily", ("noop",), daily_at=time(6, 15))
QUARTER = Job(
    "quarter", ("noop",), every_minutes=15, hours=range(7, 14), catch_up=timedelta(minutes=15)
)


def test_a_daily_job_is_due_from_its_time_and_caught_up_within_half_a_day() -> None:
    assert DAILY.due_slot(at(3, 6, 14)) is None  # yesterday's slot is older than 12 hours
    assert DAILY.due_slot(at(3, 6, 15)) == at(3, 6, 15).replace(second=0)
    assert DAILY.due_slot(at(3, 11, 0)) == at(3, 6, 15).replace(second=0)


def test_a_job_every_fifteen_minutes_runs_only_within_its_hours() -> None:
    assert QUARTER.due_slot(at(3, 9, 7)) == at(3, 9, 0).replace(second=0)
    assert QUARTER.due_slot(at(3, 13, 59)) == at(3, 13, 45).replace(second=0)
    assert QUARTER.due_slot(at(3, 14, 20)) is None
    assert QUARTER.due_slot(at(3, 6, 50)) is None


def test_the_jobs_are_those_of_the_operations_guide() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "operations.md").read_text()
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", guide, flags=re.M))
    assert {job.name for job in JOBS} == documented


def test_a_slot_runs_once_however_often_the_runner_looks(db) -> None:
    ran: list[str] = []
    for _ in range(3):
        run_due(at(3, 7, 0), jobs=(DAILY,), runner=lambda job: ran.append(job.name) or "ok")
    assert ran == ["daily"]
    run = JobRun.objects.get()
    assert (run.status, run.output) == (JobRunStatus.DONE, "ok")


def test_a_failed_job_is_recorded_and_not_run_again_for_the_same_slot(db) -> None:
    def broken(job: Job) -> str:
        raise RuntimeError("relay down")

    run_due(at(3, 7, 0), jobs=(DAILY,), runner=broken)
    run = JobRun.objects.get()
    assert run.status == JobRunStatus.FAILED
    assert "relay down" in run.output
    assert run_due(at(3, 7, 1), jobs=(DAILY,), runner=broken) == []


@pytest.mark.django_db(transaction=True)
def test_two_hosts_looking_at_once_run_a_slot_once() -> None:
    ran: list[str] = []
    barrier = threading.Barrier(4)

    def host() -> None:
        try:
            barrier.wait()
            run_due(at(3, 7, 0), jobs=(DAILY,), runner=lambda job: ran.append(job.name) or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=host) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ran == ["daily"]
    assert JobRun.objects.count() == 1


def test_the_runner_runs_a_real_command(db) -> None:
    job = Job("agreements-daily", ("agreements_daily",), daily_at=time(6, 15))
    [run] = run_due(at(3, 6, 16), jobs=(job,))
    assert run.status == JobRunStatus.DONE, run.output
