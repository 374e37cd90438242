"""Writes the sample files of docs/hr-import.md: unita.csv, persone.csv and persone.xlsx.

Run from the repository root: `.venv/bin/python docs/samples/make_samples.py`. The codici
fiscali are computed as the Agenzia delle Entrate does, from surname, name, birth date, sex
and the Bologna cadastral code (A944), so they pass the checksum.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from agilepa.org.validators import tax_code_check_char

HERE = Path(__file__).resolve().parent
MONTHS = "ABCDEHLMPRST"

UNITS = [
    # codice_unita, denominazione, livello, codice_unita_padre, matricola_responsabile
    ("ENTE", "Comune di Esempio", "Ente", "", "000101"),
    ("AREA-AG", "Area Affari generali", "Area", "ENTE", "000102"),
    ("AREA-SERV", "Area Servizi al cittadino", "Area", "ENTE", "000103"),
    ("SERV-ANAG", "Servizio Anagrafe e Stato civile", "Servizio", "AREA-SERV", "000104"),
    ("SERV-SOC", "Servizio Politiche sociali", "Servizio", "AREA-SERV", ""),
    ("SETT-RU", "Settore Risorse umane", "Settore", "AREA-AG", ""),
    ("SETT-RAG", "Settore Ragioneria ed Economato", "Settore", "AREA-AG", ""),
    # A unit may come before its parent in the file.
    ("SERV-URB", "Servizio Urbanistica", "Servizio", "AREA-TEC", ""),
    ("AREA-TEC", "Area Tecnica", "Area", "ENTE", ""),
    ("SERV-LLPP", "Servizio Lavori pubblici", "Servizio", "AREA-TEC", ""),
]

PEOPLE = [
    # matricola, cognome, nome, sex, birth, email, unit, contract, %, category, hired, ceased on
    (
        "000101",
        "Bianchi",
        "Niccolò",
        "M",
        date(1968, 4, 12),
        "SETT-RU",
        "tempo pieno",
        "",
        "Dirigenti",
        "01/09/1998",
        "",
    ),
    (
        "000102",
        "D'Amico",
        "Lucia",
        "F",
        date(1975, 11, 3),
        "AREA-AG",
        "tempo pieno",
        "",
        "Funzionari e EQ",
        "15/02/2004",
        "",
    ),
    (
        "000103",
        "Esposito",
        "Gioele",
        "M",
        date(1980, 1, 27),
        "AREA-SERV",
        "tempo pieno",
        "",
        "Funzionari e EQ",
        "2009-06-01",
        "",
    ),
    (
        "000104",
        "Ferrè",
        "Agnese",
        "F",
        date(1983, 7, 8),
        "SERV-ANAG",
        "part-time",
        "83,33",
        "Istruttori",
        "03/05/2010",
        "",
    ),
    (
        "000105",
        "Colombo",
        "Mattia",
        "M",
        date(1990, 3, 19),
        "SERV-ANAG",
        "tempo pieno",
        "",
        "Istruttori",
        "01/12/2015",
        "",
    ),
    (
        "000106",
        "Ricci",
        "Chiara",
        "F",
        date(1987, 9, 30),
        "SERV-SOC",
        "part-time",
        "50",
        "Funzionari e EQ",
        "16/01/2012",
        "",
    ),
    (
        "000107",
        "Marino",
        "Andrea",
        "M",
        date(1972, 12, 1),
        "SETT-RAG",
        "tempo pieno",
        "",
        "Istruttori",
        "01/03/2001",
        "",
    ),
    (
        "000108",
        "Greco",
        "Beatrice",
        "F",
        date(1995, 5, 22),
        "SETT-RU",
        "tempo pieno",
        "",
        "Istruttori",
        "2021-10-01",
        "",
    ),
    (
        "000109",
        "Bruno",
        "Raffaele",
        "M",
        date(1966, 2, 14),
        "SERV-LLPP",
        "tempo pieno",
        "",
        "Operatori esperti",
        "01/06/1995",
        "",
    ),
    (
        "000110",
        "Gallo",
        "Noemi",
        "F",
        date(1992, 8, 11),
        "SERV-URB",
        "part-time",
        "75",
        "Istruttori",
        "07/01/2019",
        "",
    ),
    (
        "000111",
        "Conti",
        "Cosimo",
        "M",
        date(1961, 10, 5),
        "SERV-LLPP",
        "tempo pieno",
        "",
        "Operatori",
        "01/04/1990",
        "31/12/2025",
    ),
    (
        "000112",
        "De Luca",
        "Zoè",
        "F",
        date(1998, 6, 17),
        "SERV-SOC",
        "tempo pieno",
        "",
        "Istruttori",
        "01/02/2024",
        "",
    ),
]


def _letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    return "".join(c for c in plain if c.isalpha())


def _part(text: str, is_name: bool) -> str:
    letters = _letters(text)
    consonants = [c for c in letters if c not in "AEIOU"]
    vowels = [c for c in letters if c in "AEIOU"]
    if is_name and len(consonants) >= 4:
        consonants = [consonants[0], consonants[2], consonants[3]]
    return ("".join(consonants + vowels) + "XXX")[:3]


def tax_code(surname: str, name: str, sex: str, born: date, place: str = "A944") -> str:
    day = born.day + (40 if sex == "F" else 0)
    first15 = (
        f"{_part(surname, False)}{_part(name, True)}{born.year % 100:02d}"
        f"{MONTHS[born.month - 1]}{day:02d}{place}"
    )
    return first15 + tax_code_check_char(first15)


def email(surname: str, name: str) -> str:
    return f"{_letters(name).lower()}.{_letters(surname).lower()}@comune.esempio.it"


PEOPLE_HEADER = [
    "Matricola",
    "Cognome",
    "Nome",
    "Codice fiscale",
    "E-mail",
    "Codice unità",
    "Contratto",
    "Percentuale part-time",
    "Categoria",
    "Data assunzione",
    "Cessato",
    "Data cessazione",
]


def people_rows() -> list[list[str]]:
    rows = []
    for m, surname, name, sex, born, unit, contract, pct, cat, hired, ceased in PEOPLE:
        rows.append(
            [
                m,
                surname,
                name,
                tax_code(surname, name, sex, born),
                email(surname, name),
                unit,
                contract,
                pct,
                cat,
                hired,
                "sì" if ceased else "",
                ceased,
            ]
        )
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]], sep: str, enc: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(enc))


def parse_date(text: str) -> date | None:
    if not text:
        return None
    if "-" in text:
        return date.fromisoformat(text)
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def write_xlsx(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Personale"
    sheet.append(PEOPLE_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in people_rows():
        values: list[object] = list(row)
        # Real Excel dates and numbers, as an HR system's XLSX export has them.
        values[7] = float(row[7].replace(",", ".")) if row[7] else None
        values[9] = parse_date(row[9])
        values[11] = parse_date(row[11])
        sheet.append(values)
    for column in ("J", "L"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    workbook.properties.creator = "Agile PA"
    workbook.save(path)


if __name__ == "__main__":
    # Units: UTF-8, comma-separated. People: Windows-1252, semicolon-separated, as Excel saves
    # "CSV (delimitato dal separatore di elenco)" on an Italian Windows.
    write_csv(
        HERE / "unita.csv",
        [
            "codice_unita",
            "denominazione",
            "livello",
            "codice_unita_padre",
            "matricola_responsabile",
        ],
        [list(u) for u in UNITS],
        ",",
        "utf-8",
    )
    write_csv(HERE / "persone.csv", PEOPLE_HEADER, people_rows(), ";", "cp1252")
    write_xlsx(HERE / "persone.xlsx")
