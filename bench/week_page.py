"""The person's week and month pages (issue 23), as the demo employee of the Comune di Bologna.

    .venv/bin/python bench/week_page.py [--requests 20] [--month 2026-12]

On the demo's database, inside the process (bench/pages.py): p50/p95/max of the server time and
the queries of a request. Figures go in bench/README.md; the budget is 300 ms.
"""

from __future__ import annotations

import argparse

from pages import BODY, setup, time_pages

EMPLOYEE = "dipendente@comune-bologna.demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--month", default="", help="YYYY-MM (the current month by default)")
    args = parser.parse_args()
    setup()
    from django.utils import timezone

    today = timezone.localdate()
    year, month = (
        (int(x) for x in args.month.split("-")) if args.month else (today.year, today.month)
    )
    pages = {
        "my month": f"/b/{BODY}/my-month/?year={year}&month={month}",
        "my week": f"/b/{BODY}/my-week/?date={year}-{month:02d}-01",
    }
    time_pages(EMPLOYEE, pages, args.requests)


if __name__ == "__main__":
    main()
