"""HR's long lists of agreements (issue 22): the agreements across a change of contract, the
requests to decide and the people missing a prerequisite, as the demo HR admin of the Comune di
Bologna (each a page of 50 rows since 3 December 2026).

    .venv/bin/python bench/agreement_pages.py [--requests 5]

On the demo's database, inside the process (bench/pages.py): p50/p95/max of the server time,
the queries of a request and the rows of each list. Figures go in bench/README.md ("Every route
within budget"); the budget is p95 300 ms, max 1 s. Each request to the inbox writes an audit
entry a row (the reads of the priority categories), as it does for a real reader.
"""

from __future__ import annotations

import argparse

from pages import BODY, setup, time_pages

HR = "personale@comune-bologna.demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    setup()
    pages = {
        "contract-change": f"/b/{BODY}/agreements/contract-change/",
        "inbox": f"/b/{BODY}/agreements/inbox/",
        "prerequisites": f"/b/{BODY}/prerequisites/",
    }
    time_pages(HR, pages, args.requests, rows=True)


if __name__ == "__main__":
    main()
