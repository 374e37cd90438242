"""Benchmark of the HR import: 100,000 people into a fresh SQLite and a fresh PostgreSQL database.

    .venv/bin/python bench/import_people.py [--people 100000] [--skip-postgres]
        [--postgres postgres://postgres@127.0.0.1:5432]

Writes a realistic export (a unit tree of Areas, Settori, Servizi and Uffici; Italian names with
accents; valid codici fiscali; 15% part-time; Windows-1252, semicolons), then for each database,
in a child process so that each has its own Django settings: migrates, imports the units, and
times through `org.imports.run.run_import`, the same service the wizard, the API and the command
use:
1. the first import of every person;
2. the same file again (everything unchanged);
3. a full export one month later: 5% changed, 1% gone (ended), 1% new;
4. the first import of the same people from an XLSX workbook, into a second body.
PostgreSQL runs in a database `agilepa_bench`, created and dropped here. Target: ≤ 30 s each.
The figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def words(*lines: str) -> list[str]:
    return [word.replace("_", " ") for line in lines for word in line.split()]


SURNAMES = words(
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo",
    "Conti Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani",
    "Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo",
    "Serra Coppola Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso",
    "Valentini Messina Sala Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo",
    "Morelli Amato Silvestri Mazza Testa Barone Rossetti Caputo Montanari Guerra Palmieri",
    "Bernardi Martino Fiore Ferrè Cantù Mazzà Sciarrà Nicolò Forlì De_Luca De_Santis",
    "D'Angelo D'Amico De_Angelis De_Rosa",
)
FIRST_NAMES = words(
    "Giulia Francesca Chiara Sara Martina Valentina Alessia Federica Elisa Silvia Anna",
    "Laura Paola Elena Giorgia Ilaria Beatrice Noemi Agnese Zoè Lucrezia Marco Alessandro",
    "Andrea Matteo Luca Lorenzo Francesco Davide Simone Federico Riccardo Stefano Gabriele",
    "Tommaso Niccolò Mattia Giosuè Raffaele Emanuele Cosimo Michele Paolo Giovanni Nicolò",
    "Gioele Mosè",
)
CATEGORIES = ["Operatori", "Operatori esperti", "Istruttori", "Funzionari e EQ", "Dirigenti"]
MONTHS = "ABCDEHLMPRST"
HEADER = [
    "matricola",
    "cognome",
    "nome",
    "codice_fiscale",
    "email",
    "codice_unita",
    "contratto",
    "percentuale_part_time",
    "categoria",
    "data_assunzione",
]


def tax_code(n: int) -> str:
    """A valid codice fiscale, distinct for each n (as tests/factories.make_tax_code)."""
    from agilepa.org.validators import tax_code_check_char

    letters = "BCDFGHLMNPRSTVZ"
    first = "".join(letters[(n // 15**i) % 15] for i in range(6))
    body = f"{first}{60 + n % 40:02d}{MONTHS[n % 12]}{1 + n % 28:02d}A944"
    return body + tax_code_check_char(body)


def unit_rows() -> tuple[list[list[str]], list[str]]:
    """A body of about 900 units: 10 Areas, 5 Settori each, 4 Servizi each, 4 Uffici each."""
    rows = [["ENTE", "Comune di Benchmark", "Ente", ""]]
    leaves = []
    for a in range(1, 11):
        area = f"A{a:02d}"
        rows.append([area, f"Area {a}", "Area", "ENTE"])
        for s in range(1, 6):
            settore = f"{area}-S{s}"
            rows.append([settore, f"Settore {a}.{s}", "Settore", area])
            for v in range(1, 5):
                servizio = f"{settore}-V{v}"
                rows.append([servizio, f"Servizio {a}.{s}.{v}", "Servizio", settore])
                for u in range(1, 5):
                    ufficio = f"{servizio}-U{u}"
                    rows.append([ufficio, f"Ufficio {a}.{s}.{v}.{u}", "Ufficio", servizio])
                    leaves.append(ufficio)
                leaves.append(servizio)
    return rows, leaves


def person_row(n: int, leaves: list[str], rng: random.Random) -> list[str]:
    surname, name = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
    part_time = rng.random() < 0.15
    hired = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1985, 2025)}"
    email_name = unicodedata.normalize("NFKD", f"{name}.{surname}".lower())
    email_name = "".join(c for c in email_name if c.isascii() and (c.isalpha() or c == "."))
    return [
        f"{n:06d}",
        surname,
        name,
        tax_code(n),
        f"{email_name}.{n}@comune.bench.it",
        rng.choice(leaves),
        "part-time" if part_time else "tempo pieno",
        rng.choice(["50", "66,67", "75", "83,33"]) if part_time else "",
        rng.choice(CATEGORIES),
        hired if rng.random() < 0.8 else "-".join(reversed(hired.split("/"))),
    ]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Personale")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def generate(directory: Path, people: int) -> None:
    rng = random.Random(2026)
    units, leaves = unit_rows()
    write_csv(
        directory / "unita.csv",
        ["codice_unita", "denominazione", "livello", "codice_unita_padre"],
        units,
    )
    rows = [person_row(n, leaves, rng) for n in range(1, people + 1)]
    write_csv(directory / "persone.csv", HEADER, rows)
    write_xlsx(directory / "persone.xlsx", HEADER, rows)
    # A month later: 1% left, 5% changed (a move, a new part-time, a corrected surname), 1% new.
    later = [row for row in rows if rng.random() >= 0.01]
    for row in rng.sample(later, len(later) // 20):
        change = rng.randrange(3)
        if change == 0:
            row[5] = rng.choice(leaves)
        elif change == 1:
            row[6], row[7] = "part-time", "50"
        else:
            row[1] = row[1] + " Bis"
    later += [person_row(n, leaves, rng) for n in range(people + 1, people + 1 + people // 100)]
    write_csv(directory / "persone-mese-dopo.csv", HEADER, later)


def child(database_url: str, directory: Path) -> None:
    """Runs in its own process: one database, the three timed imports, JSON on stdout."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("AGILEPA_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from agilepa.org.imports.run import run_import
    from agilepa.org.models import Body, Person

    call_command("migrate", verbosity=0)
    body = Body.objects.create(
        name="Comune di Benchmark",
        ipa_code="c_bench",
        slug="c_bench",
        kind="comune",
        municipality="Bologna",
    )
    units = run_import(body, "units", (directory / "unita.csv").read_bytes())
    assert units.ok, units.errors[:5]
    figures: dict[str, object] = {"units": units.counts["new"]}
    runs = [
        ("first", "persone.csv", False),
        ("again", "persone.csv", False),
        ("month_later", "persone-mese-dopo.csv", True),
    ]
    for label, name, full_export in runs:
        content = (directory / name).read_bytes()
        started = time.perf_counter()
        report = run_import(body, "people", content, full_export=full_export)
        figures[label] = {
            "seconds": round(time.perf_counter() - started, 2),
            "rows": report.rows,
            "counts": report.counts,
        }
        assert report.applied, report.errors[:5]
    # The same people as an Excel workbook, into a second body (matricole are per body).
    other = Body.objects.create(
        name="Comune di Benchmark XLSX",
        ipa_code="c_benchx",
        slug="c_benchx",
        kind="comune",
        municipality="Bologna",
    )
    assert run_import(other, "units", (directory / "unita.csv").read_bytes()).ok
    content = (directory / "persone.xlsx").read_bytes()
    started = time.perf_counter()
    report = run_import(other, "people", content)
    figures["xlsx"] = {
        "seconds": round(time.perf_counter() - started, 2),
        "rows": report.rows,
        "counts": report.counts,
    }
    assert report.applied, report.errors[:5]
    figures["people_in_db"] = Person.objects.filter(body=body).count()
    print(json.dumps(figures))


def run_child(database_url: str, directory: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", database_url, "--dir", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"benchmark on {database_url} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def report(name: str, figures: dict[str, object]) -> None:
    print(f"\n{name}: {figures['units']} units")
    for label, title in (
        ("first", "first import"),
        ("again", "same file again (all unchanged)"),
        ("month_later", "full export a month later"),
        ("xlsx", "first import from XLSX"),
    ):
        run = figures[label]
        counts = ", ".join(f"{v} {k}" for k, v in run["counts"].items())
        print(f"  {title:34} {run['seconds']:6.2f} s   {run['rows']} rows: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.dir)
        return
    with tempfile.TemporaryDirectory(prefix="agilepa-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        generate(directory, args.people)
        size = (directory / "persone.csv").stat().st_size
        print(
            f"Generated {args.people} people ({size / 1e6:.1f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        report("SQLite", run_child(f"sqlite:///{directory / 'bench.sqlite3'}", directory))
        if not args.skip_postgres:
            postgres_admin(args.postgres, "DROP DATABASE IF EXISTS agilepa_bench")
            postgres_admin(args.postgres, "CREATE DATABASE agilepa_bench")
            try:
                report("PostgreSQL", run_child(f"{args.postgres}/agilepa_bench", directory))
            finally:
                postgres_admin(args.postgres, "DROP DATABASE IF EXISTS agilepa_bench")


if __name__ == "__main__":
    main()
