"""Background jobs of the indicators, run by the django-tasks worker beside the server."""

from __future__ import annotations

from django_tasks import task

from agilepa.core.worker import retryable


@retryable()
@task()
def refresh_dirty(body_id: int) -> int:
    from agilepa.indicators.summary import refresh_dirty_months

    return refresh_dirty_months(body_id)
