"""The demo network's organisation, built from demo/data.py: the network, its bodies, their unit
trees and sites, the people, and a login for every role.

One network (the Emilia-Romagna smart working community of seed 003) with a Region, a large
Comune with a deep unit tree, two small Comuni, a Provincia, a health body and a private
company; Italian names, valid codici fiscali, real coordinates. The other demo modules add
their own steps after `seed_org` (see demo/seed.py).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction

from agilepa.core.models import RoleAssignment, RoleKind, User
from agilepa.demo.data import (
    AREA_NAMES,
    BIRTHPLACES,
    BODIES,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_SEED,
    FEMALE_NAMES,
    MALE_NAMES,
    MEMBERSHIPS,
    MINIMAL_PDF,
    NETWORK_SLUG,
    PART_TIME_PERCENTS,
    SURNAMES,
    TOPICS,
    BodySpec,
)
from agilepa.org.models import (
    Body,
    BodyKind,
    ContractType,
    Membership,
    Municipality,
    Network,
    OfficeSite,
    OrgUnit,
    Person,
)
from agilepa.org.validators import tax_code_check_char

# Codice fiscale ------------------------------------------------------------------------------

MONTH_LETTERS = "ABCDEHLMPRST"


def _letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.upper() if c.isalpha())


def _split(text: str) -> tuple[str, str]:
    letters = _letters(text)
    consonants = "".join(c for c in letters if c not in "AEIOU")
    vowels = "".join(c for c in letters if c in "AEIOU")
    return consonants, vowels


def surname_code(surname: str) -> str:
    consonants, vowels = _split(surname)
    return (consonants + vowels + "XXX")[:3]


def name_code(name: str) -> str:
    consonants, vowels = _split(name)
    if len(consonants) >= 4:
        return consonants[0] + consonants[2] + consonants[3]
    return (consonants + vowels + "XXX")[:3]


def tax_code(surname: str, name: str, birth: dt.date, female: bool, belfiore: str) -> str:
    """The codice fiscale of DM 23 dicembre 1976 (without omocodia)."""
    day = birth.day + (40 if female else 0)
    first15 = (
        f"{surname_code(surname)}{name_code(name)}{birth.year % 100:02d}"
        f"{MONTH_LETTERS[birth.month - 1]}{day:02d}{belfiore}"
    )
    return first15 + tax_code_check_char(first15)


# Generation ----------------------------------------------------------------------------------


@dataclass
class DemoLogin:
    email: str
    role: str
    body: str
    note: str


@dataclass
class DemoResult:
    bodies: int = 0
    units: int = 0
    people: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _email_local(text: str) -> str:
    return "".join(c for c in _letters(text).lower())


def _make_units(spec: BodySpec, body: Body, rng: random.Random) -> list[OrgUnit]:
    """The body's tree, level by level; paths are set once the ids are known."""
    root = OrgUnit.objects.create(
        body=body, code="ENTE", name=spec.root_name or spec.name, level_name="Ente"
    )
    root.path, root.depth = f"/{root.pk}/", 0
    root.save(update_fields=["path", "depth"])
    units, parents = [root], [root]
    topics = TOPICS[:]
    counter = 0
    for depth, level in enumerate(spec.levels, start=1):
        created: list[OrgUnit] = []
        for parent in parents:
            for i in range(rng.randint(*level.children)):
                counter += 1
                if depth == 1 and level.name in {"Area", "Direzione generale", "Dipartimento"}:
                    topic = AREA_NAMES[(counter - 1) % len(AREA_NAMES)]
                else:
                    topic = topics[(counter * 7 + i) % len(topics)]
                created.append(
                    OrgUnit(
                        body=body,
                        parent=parent,
                        code=f"U{counter:04d}",
                        name=f"{level.name} {topic}",
                        level_name=level.name,
                        depth=depth,
                    )
                )
        created = OrgUnit.objects.bulk_create(created, batch_size=1000)
        by_id = {p.pk: p for p in parents}
        for unit in created:
            unit.path = f"{by_id[unit.parent_id].path}{unit.pk}/"
        OrgUnit.objects.bulk_update(created, ["path"], batch_size=1000)
        units += created
        parents = created
    return units


def _allocate(total: int, weights: list[float], least: int = 2) -> list[int]:
    """Split `total` people over units by weight, at least `least` each (a head and one more),
    by largest remainder."""
    total = max(total, least * len(weights))
    spare = total - least * len(weights)
    raw = [spare * w / sum(weights) for w in weights]
    counts = [least + int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True):
        if sum(counts) >= total:
            break
        counts[i] += 1
    return counts


def _make_people(
    spec: BodySpec,
    body: Body,
    units: list[OrgUnit],
    sites: list[OfficeSite],
    rng: random.Random,
    scale: float,
) -> list[Person]:
    weights = [0.5 if u.depth == 0 else spec.levels[u.depth - 1].weight for u in units]
    counts = _allocate(round(spec.people * scale), weights)
    today = dt.date(2026, 11, 23)
    seen_codes: set[str] = set()
    seen_emails: set[str] = set()
    people: list[Person] = []
    number = 1000
    for unit, count in zip(units, counts, strict=True):
        for k in range(count):
            number += 1
            female = rng.random() < 0.58
            first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            last = rng.choice(SURNAMES)
            _place, belfiore = rng.choice(BIRTHPLACES)
            birth = dt.date(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28))
            code = tax_code(last, first, birth, female, belfiore)
            while code in seen_codes:  # same names and birth: another day, as happens
                birth += dt.timedelta(days=1)
                code = tax_code(last, first, birth, female, belfiore)
            seen_codes.add(code)
            local = f"{_email_local(first)}.{_email_local(last)}"
            email, n = f"{local}@{spec.domain}", 1
            while email in seen_emails:
                n += 1
                email = f"{local}{n}@{spec.domain}"
            seen_emails.add(email)
            # The first person of a unit heads it: a Dirigente for the upper levels.
            heads = k == 0
            category = "Dirigenti" if heads and unit.depth <= 1 else _weighted(rng, spec.categories)
            if heads and unit.depth > 1 and spec.kind != BodyKind.PRIVATE:
                category = spec.categories[-2][0]
            part_time = rng.random() < 0.12 and category != "Dirigenti"
            hire = dt.date(rng.randint(max(1988, birth.year + 20), 2026), rng.randint(1, 12), 1)
            hire = min(hire, today)
            ended = k > 1 and rng.random() < 0.01
            people.append(
                Person(
                    body=body,
                    unit=unit,
                    employee_number=f"{number:06d}",
                    first_name=first,
                    last_name=last,
                    email=email,
                    tax_code=code,
                    contract=ContractType.PART_TIME if part_time else ContractType.FULL_TIME,
                    part_time_percent=rng.choice(PART_TIME_PERCENTS) if part_time else 100,
                    job_category=category,
                    hire_date=hire,
                    office_site=rng.choice(sites),
                    is_active=not ended,
                    ended_on=dt.date(2026, rng.randint(1, 10), 28) if ended else None,
                )
            )
    people = Person.objects.bulk_create(people, batch_size=2000)
    first_of_unit: dict[int, Person] = {}
    for person in people:
        first_of_unit.setdefault(person.unit_id, person)
    for unit in units:
        unit.head = first_of_unit.get(unit.pk)
    OrgUnit.objects.bulk_update(units, ["head"], batch_size=1000)
    return people


def demo_present() -> bool:
    return Network.objects.filter(slug=NETWORK_SLUG).exists()


@transaction.atomic
def reset_demo() -> None:
    """Remove the demo network, bodies and logins (nothing else)."""
    slugs = [spec.slug for spec in BODIES]
    bodies = Body.objects.filter(slug__in=slugs)
    RoleAssignment.objects.filter(body__in=bodies).delete()
    RoleAssignment.objects.filter(network__slug=NETWORK_SLUG).delete()
    OrgUnit.objects.filter(body__in=bodies).update(head=None, parent=None)
    Person.objects.filter(body__in=bodies).delete()
    OrgUnit.objects.filter(body__in=bodies).delete()
    Membership.objects.filter(body__in=bodies).delete()
    Network.objects.filter(slug=NETWORK_SLUG).delete()
    bodies.delete()
    User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).delete()


def _login(email: str, person: Person | None, password_hash: str, **extra: object) -> User:
    user = User.objects.create(
        email=email,
        password=password_hash,
        first_name=person.first_name if person else extra.pop("first_name", ""),
        last_name=person.last_name if person else extra.pop("last_name", ""),
        **extra,
    )
    if person is not None:
        person.user, person.email = user, email
        person.save(update_fields=["user", "email"])
    return user


HOME_RADIUS_KM = 35  # where most of a body's people live: its own comune and those around it
OWN_COMUNE_SHARE = 0.45


def _settle_homes(body: Body, people: list[Person], rng: random.Random) -> None:
    """Give each demo person a home municipality: nearly half in the body's own comune, the
    others in the comuni within HOME_RADIUS_KM, nearer ones more often."""
    if body.latitude is None or not people:
        return
    lat, lon = float(body.latitude), float(body.longitude)
    box = HOME_RADIUS_KM / 111
    near = []
    for m in Municipality.objects.filter(
        latitude__range=(lat - box, lat + box), longitude__range=(lon - 1.5 * box, lon + 1.5 * box)
    ):
        km = (
            math.dist(
                (float(m.latitude), float(m.longitude) * math.cos(math.radians(lat))),
                (lat, lon * math.cos(math.radians(lat))),
            )
            * 111
        )
        if km <= HOME_RADIUS_KM:
            near.append((m, km))
    if not near:
        return
    own = min(near, key=lambda pair: pair[1])[0]
    weights = [1 / (1 + km) for _m, km in near]
    for person in people:
        if rng.random() < OWN_COMUNE_SHARE:
            person.home_municipality = own
        else:
            person.home_municipality = rng.choices(near, weights)[0][0]
    Person.objects.bulk_update(people, ["home_municipality"], batch_size=1000)


@transaction.atomic
def seed_org(scale: float = 1.0, progress: Callable[[str], None] = lambda _m: None) -> DemoResult:
    rng = random.Random(DEMO_SEED)
    result = DemoResult()
    bodies: dict[str, Body] = {}
    people_of: dict[str, list[Person]] = {}
    units_of: dict[str, list[OrgUnit]] = {}
    for spec in BODIES:
        body = Body.objects.create(
            name=spec.name,
            ipa_code=spec.ipa_code,
            slug=spec.slug,
            kind=spec.kind,
            municipality=spec.municipality,
            istat_code=spec.istat_code,
            address=spec.address,
            latitude=Decimal(spec.lat),
            longitude=Decimal(spec.lon),
        )
        sites = OfficeSite.objects.bulk_create(
            [
                OfficeSite(
                    body=body,
                    name=name,
                    code=f"S{i + 1}",
                    address=address,
                    municipality=spec.municipality,
                    latitude=Decimal(lat),
                    longitude=Decimal(lon),
                )
                for i, (name, address, lat, lon) in enumerate(spec.sites)
            ]
        )
        units = _make_units(spec, body, rng)
        people = _make_people(spec, body, units, sites, rng, scale)
        _settle_homes(body, people, rng)
        bodies[spec.slug], people_of[spec.slug], units_of[spec.slug] = body, people, units
        result.bodies += 1
        result.units += len(units)
        result.people += len(people)
        progress(f"{spec.name}: {len(units)} units, {len(people)} people")

    network = Network.objects.create(
        name="Comunità Smart Working Emilia-Romagna",
        slug=NETWORK_SLUG,
        description=(
            "La comunità tematica regionale sul lavoro agile: quattro tavoli (Innovazione "
            "tecnologica; Performance e lavoro per obiettivi; Disciplina e regolamenti; Spazi)."
        ),
        coordinator=bodies["r_emiro"],
    )
    for slug, (status, applied, signed, active) in MEMBERSHIPS.items():
        membership = Membership(
            network=network,
            body=bodies[slug],
            status=status,
            applied_on=dt.date.fromisoformat(applied),
            protocol_signed_on=dt.date.fromisoformat(signed) if signed else None,
            activated_on=dt.date.fromisoformat(active) if active else None,
        )
        if signed:
            membership.protocol.save(f"protocollo-{slug}.pdf", ContentFile(MINIMAL_PDF), save=False)
        membership.save()

    result.logins = _make_logins(bodies, people_of, units_of, network)
    return result


def _make_logins(
    bodies: dict[str, Body],
    people_of: dict[str, list[Person]],
    units_of: dict[str, list[OrgUnit]],
    network: Network,
) -> list[DemoLogin]:
    password_hash = make_password(DEMO_PASSWORD)
    bologna = bodies["c_a944"]
    units = units_of["c_a944"]
    area = next(u for u in units if u.depth == 1)
    hr_area = next(u for u in units if u.depth == 1 and "Risorse umane" in u.name)
    service = next(u for u in units if u.depth == 3 and u.path.startswith(area.path))
    people = [p for p in people_of["c_a944"] if p.is_active]
    employee = next(p for p in people if p.unit_id == service.pk and p.pk != service.head_id)
    hr_person = next(
        p
        for p in people
        if p.unit.path.startswith(hr_area.path) and p.pk not in {u.head_id for u in units}
    )
    region_person = next(p for p in people_of["r_emiro"] if p.is_active)

    logins = []
    _login(
        "admin@agilepa.demo",
        None,
        password_hash,
        is_superuser=True,
        is_staff=True,
        first_name="Amministrazione",
        last_name="Piattaforma",
    )
    logins.append(
        DemoLogin(
            "admin@agilepa.demo", "platform admin", "—", "every body; the admin console at /admin/"
        )
    )
    hr = _login("personale@comune-bologna.demo", hr_person, password_hash)
    RoleAssignment.objects.create(user=hr, kind=RoleKind.HR_ADMIN, body=bologna)
    logins.append(
        DemoLogin(
            hr.email,
            "HR admin (and employee)",
            bologna.name,
            "the whole body: people, import, roles",
        )
    )
    manager = _login("dirigente@comune-bologna.demo", area.head, password_hash)
    logins.append(
        DemoLogin(manager.email, "manager", bologna.name, f"head of {area.name}: its whole subtree")
    )
    _login("dipendente@comune-bologna.demo", employee, password_hash)
    logins.append(
        DemoLogin(
            "dipendente@comune-bologna.demo",
            "employee",
            bologna.name,
            f"own data; works in {service.name}",
        )
    )
    cug = _login(
        "cug@comune-bologna.demo",
        None,
        password_hash,
        first_name="Comitato",
        last_name="Unico di Garanzia",
    )
    RoleAssignment.objects.create(user=cug, kind=RoleKind.OBSERVER, body=bologna)
    logins.append(DemoLogin(cug.email, "observer (CUG)", bologna.name, "aggregates only"))
    coordinator = _login("coordinamento@regione-er.demo", region_person, password_hash)
    RoleAssignment.objects.create(
        user=coordinator, kind=RoleKind.NETWORK_COORDINATOR, network=network
    )
    logins.append(
        DemoLogin(
            coordinator.email,
            "network coordinator (and employee)",
            bodies["r_emiro"].name,
            f"the network {network.name}",
        )
    )
    shared = _login(
        "personale@unione-reno.demo",
        None,
        password_hash,
        first_name="Ufficio",
        last_name="Personale associato",
    )
    for slug in ("c_c204", "c_m185"):
        RoleAssignment.objects.create(user=shared, kind=RoleKind.HR_ADMIN, body=bodies[slug])
    logins.append(
        DemoLogin(
            shared.email,
            "HR admin of two bodies",
            f"{bodies['c_c204'].name}, {bodies['c_m185'].name}",
            "switch body in the header",
        )
    )
    return logins
