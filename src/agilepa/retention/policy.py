"""The retention periods: the defaults, the bounds HR may set, and where each comes from.

A plain module (no database) so that the page, the job and docs/retention.md show the same
values and sources. Items marked `verified=False` were chosen from the texts as we read them
and must be checked by the body's DPO against the official text before relying on them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Five years: the limitation period of pay and other periodic claims from employment (art. 2948
# n. 4 c.c.), the claims a body is most likely to have to answer with the day records. Longer
# claims exist (ten years, art. 2946 c.c.), hence the upper bound.
DEFAULT_PERSON_YEARS = 5
MAX_PERSON_YEARS = 10
# Below the default HR must confirm: the body may then lack the records to answer a claim.
CONFIRM_BELOW_YEARS = DEFAULT_PERSON_YEARS

DEFAULT_IMPORT_DAYS = 7
MIN_IMPORT_DAYS = 1
MAX_IMPORT_DAYS = 30

DEFAULT_LOGIN_FAILURE_DAYS = 90
DEFAULT_TASK_RESULT_DAYS = 30


def login_failure_days() -> int:
    return int(getattr(settings, "RETENTION_LOGIN_FAILURE_DAYS", DEFAULT_LOGIN_FAILURE_DAYS))


def task_result_days() -> int:
    return int(getattr(settings, "RETENTION_TASK_RESULT_DAYS", DEFAULT_TASK_RESULT_DAYS))


@dataclass(frozen=True)
class Rule:
    """One line of the policy as the page and the docs show it."""

    code: str
    what: str | Promise
    default: str | Promise
    source: str | Promise
    verified: bool
    per_body: bool


def rules() -> tuple[Rule, ...]:
    return (
        Rule(
            "people",
            _(
                "People who ended: name, codice fiscale, e-mail, matricola and home replaced"
                " by a pseudonym; their login closed; the day records kept"
            ),
            _("%(years)s years after the end of employment") % {"years": DEFAULT_PERSON_YEARS},
            _(
                "Art. 2948 n. 4 c.c. (five-year limitation of pay claims); at most the ordinary"
                " ten years of art. 2946 c.c.; GDPR art. 5.1.e (storage limitation)"
            ),
            False,
            True,
        ),
        Rule(
            "imports",
            _("HR import files and their row messages (the counts and the status stay)"),
            _("%(days)s days after the upload") % {"days": DEFAULT_IMPORT_DAYS},
            _("GDPR art. 5.1.c (data minimisation): the file is needed only until it is confirmed"),
            True,
            True,
        ),
        Rule(
            "feeds",
            _("Calendar feeds of people who ended"),
            _("At once"),
            _("GDPR art. 5.1.c: nobody is left to read them"),
            True,
            True,
        ),
        Rule(
            "login_failures",
            _("Failed logins (e-mail typed, address)"),
            _("%(days)s days") % {"days": login_failure_days()},
            _(
                "A choice of the platform (setting RETENTION_LOGIN_FAILURE_DAYS): long enough to"
                " investigate an attack; no law sets it"
            ),
            True,
            False,
        ),
        Rule(
            "task_results",
            _("Results of finished background tasks"),
            _("%(days)s days") % {"days": task_result_days()},
            _(
                "A choice of the platform (setting RETENTION_TASK_RESULT_DAYS): what operators"
                " need to see why a task failed"
            ),
            True,
            False,
        ),
    )
