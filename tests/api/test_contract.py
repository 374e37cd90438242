"""The API contract is true: schemathesis walks the whole OpenAPI document in process.

For every operation it generates a few bounded requests from the documented schema (fixed seed),
sends them with the token of a role of the seeded body A (every role of `world`, in turn), and
checks that the server never answers 5xx and that every answer matches what the document says
(status and problem+json bodies included). Path parameters are the seeded objects of body A (the
tenancy matrix's ids), so the requests reach past the 404 of an unknown id; destructive routes
(DELETE) run last, on body B (a throwaway here, as its HR admin), so they do not empty body A
before the others run.

It runs on PostgreSQL only (`make test-postgres`): the checks of bounds and text are the
database's as much as ours, and the run takes a minute of the suite's time.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as run_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from agilepa.core.models import User
from agilepa.wsgi import application
from tests.factories import api_token_for
from tests.routes import ROLES

EXAMPLES = int(os.environ.get("AGILEPA_CONTRACT_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture
def on_postgresql() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the API contract run is on PostgreSQL: `make test-postgres` runs it")


def describe(case: schemathesis.Case, role: str, error: BaseException) -> str:
    """One line per failure: the operation, the role, the check and what it saw."""
    title = getattr(error, "title", type(error).__name__)
    message = " | ".join(str(getattr(error, "message", error)).strip().splitlines()[:4])
    return f"{case.method} {case.operation.path} as {role}: {title}: {message}"


def test_every_operation_answers_as_documented(
    on_postgresql, transactional_db, matrix, settings
) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis' in-process WSGI client's host
    world, own_ids, throwaway_ids = matrix
    own, thrown = own_ids.values, throwaway_ids.values
    tokens = {role: api_token_for(user, "contract") for role, user in world.users.items()}
    throwaway_admin = User.objects.get(email="their.hr@b.it")
    tokens["throwaway"] = api_token_for(throwaway_admin, "contract")

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [op.ok() for op in schema.get_all_operations()]
    operations.sort(key=lambda op: op.method.upper() == "DELETE")
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy(), role=st.sampled_from(ROLES))
        @run_settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=["explicit", "generate"],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case, role: str) -> None:
            ids = thrown if case.method.upper() == "DELETE" else own
            for name in case.path_parameters or {}:
                if name in ids:
                    case.path_parameters[name] = ids[name]
            token = tokens["throwaway" if ids is thrown else role]
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseExceptionGroup as group:
                failures.extend(describe(case, role, error) for error in group.exceptions)
            except AssertionError as error:
                failures.append(describe(case, role, error))

        exercise()
    assert not failures, f"{len(failures)} contract failures:\n" + "\n".join(sorted(set(failures)))
