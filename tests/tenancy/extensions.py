"""The tenancy matrix's extensions: each later app declares, in its own module here, the
expectations of its routes, so that apps can be added without editing one shared table.

A module declares:
- SITE_EXPECT: {url name: (method, roles allowed)}, as in test_matrix.py;
- API_EXPECT: {"METHOD /api/v1/path": roles allowed};
- API_PAYLOADS: {"METHOD path": a valid JSON payload, or a callable of the Ids};
- API_CUSTOM_CALLS (optional): {"METHOD path": callable(client, url, ids) -> response}, for
  multipart uploads;
- ids(world, side) -> {path parameter: value} for one side (world.a own, world.b foreign), the
  objects chosen beyond the manager's and the employee's reach (like `person_id`);
- foreign_rows(body) -> lists of rows of `body` that a write could change;
- UNSCOPED (optional): route names that need no body role (e.g. a feed reached by its token);
- API_PUBLIC (optional): API routes that need no login (e.g. answering with an invitation token).
"""

from __future__ import annotations

from tests.tenancy import (
    expect_agreements,
    expect_audit,
    expect_awards,
    expect_community,
    expect_documents,
    expect_events,
    expect_home,
    expect_indicators,
    expect_indicators_report,
    expect_maturity,
    expect_measurement,
    expect_objectives,
    expect_planning,
    expect_prerequisites,
    expect_privacy,
    expect_retention,
    expect_rights,
    expect_spaces,
    expect_surveys,
)

EXTENSIONS = (
    expect_agreements,
    expect_prerequisites,
    expect_documents,
    expect_planning,
    expect_spaces,
    expect_objectives,
    expect_measurement,
    expect_surveys,
    expect_events,
    expect_maturity,
    expect_community,
    expect_indicators,
    expect_indicators_report,
    expect_awards,
    expect_audit,
    expect_rights,
    expect_retention,
    expect_privacy,
    expect_home,
)
