"""The ISTAT list of municipalities with their coordinates (org/data/comuni.csv, built by
scripts/build_municipalities.py from ISTAT's list and GeoNames; empty for a comune GeoNames has
no place for).

Loaded by a migration on every database, so distances work from the first run; refreshed with
`python -m agilepa load-municipalities [FILE]` when ISTAT publishes changes (mergers of comuni
happen every year). The load is all or nothing: a malformed row stops it with its line number."""

from __future__ import annotations

import csv
import math
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

DATA = Path(__file__).resolve().parent / "data" / "comuni.csv"
COLUMNS = ["istat_code", "name", "province", "region", "latitude", "longitude"]
# Italy's bounding box, to catch swapped or mistyped coordinates.
LATITUDES, LONGITUDES = (Decimal("35.4"), Decimal("47.1")), (Decimal("6.6"), Decimal("18.6"))


EARTH_RADIUS_KM = 6371


def great_circle_km(
    lat1: Decimal | None, lon1: Decimal | None, lat2: Decimal | None, lon2: Decimal | None
) -> float | None:
    """The distance between two points (haversine on a sphere of EARTH_RADIUS_KM); None when
    a point is unknown: a comune the list cannot place, a hub or an office without coordinates."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(a))


class MunicipalityFileError(ValueError):
    pass


def read(path: Path = DATA) -> list[dict[str, object]]:
    """The rows of the file, checked: six-digit codes, names, coordinates inside Italy."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise MunicipalityFileError(f"{path}: the header must be {','.join(COLUMNS)}")
        seen: set[str] = set()
        for line, row in enumerate(reader, start=2):
            code = (row["istat_code"] or "").strip()
            if len(code) != 6 or not code.isdigit():
                raise MunicipalityFileError(f"{path}:{line}: istat_code {code!r} is not 6 digits")
            if code in seen:
                raise MunicipalityFileError(f"{path}:{line}: istat_code {code} twice")
            seen.add(code)
            if not (row["name"] or "").strip() or len((row["province"] or "").strip()) != 2:
                raise MunicipalityFileError(f"{path}:{line}: name or province missing")
            lat = lon = None
            if row["latitude"] or row["longitude"]:
                try:
                    lat, lon = Decimal(row["latitude"]), Decimal(row["longitude"])
                except InvalidOperation as exc:
                    raise MunicipalityFileError(
                        f"{path}:{line}: coordinates are not numbers"
                    ) from exc
                inside = (
                    LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]
                )
                if not inside:
                    raise MunicipalityFileError(f"{path}:{line}: coordinates outside Italy")
            rows.append(
                {
                    "istat_code": code,
                    "name": row["name"].strip(),
                    "province": row["province"].strip().upper(),
                    "region": row["region"].strip(),
                    "latitude": lat,
                    "longitude": lon,
                }
            )
    return rows


def load(model: type, path: Path = DATA) -> int:
    """Insert or update every municipality of the file; `model` is the Municipality model (the
    migration passes its historical one). Codes no longer in the file are kept: people may
    still point at a comune that merged into another."""
    rows = read(path)
    with transaction.atomic():
        model.objects.bulk_create(
            [model(**row) for row in rows],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["istat_code"],
            update_fields=["name", "province", "region", "latitude", "longitude"],
        )
    return len(rows)


def search(query: str, limit: int = 20) -> list:
    """Municipalities whose name starts with `query` (then those containing it), for the
    pickers: "reggio" finds Reggio Calabria and Reggio nell'Emilia before Correggio."""
    from agilepa.org.models import Municipality

    query = query.strip()
    if len(query) < 2:
        return []
    first = list(Municipality.objects.filter(name__istartswith=query)[:limit])
    if len(first) < limit:
        codes = [m.pk for m in first]
        first += list(
            Municipality.objects.filter(name__icontains=query).exclude(pk__in=codes)[
                : limit - len(first)
            ]
        )
    return first


LABEL = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<province>[A-Za-z]{2})\)\s*$")


def find(text: str):
    """The municipality a person typed or picked: "Casalecchio di Reno (BO)", its ISTAT code,
    or a name that only one municipality has. Raises ValidationError naming what went wrong."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from agilepa.org.models import Municipality

    text = text.strip()
    if text.isdigit() and len(text) == 6:
        found = Municipality.objects.filter(pk=text).first()
        if found is None:
            raise ValidationError(_("No municipality has the ISTAT code %(c)s.") % {"c": text})
        return found
    label = LABEL.match(text)
    candidates = Municipality.objects.filter(
        name__iexact=label["name"] if label else text,
        **({"province__iexact": label["province"]} if label else {}),
    )
    found = list(candidates[:2])
    if not found:
        raise ValidationError(
            _("No municipality called “%(t)s”: choose one from the list.") % {"t": text}
        )
    if len(found) > 1:
        raise ValidationError(
            _("More than one municipality is called “%(t)s”: add the province, as in %(e)s.")
            % {"t": text, "e": str(found[0])}
        )
    return found[0]
