"""Every file a template names with {% static %} exists among the static files.

In production the manifest storage refuses a name it has no entry for, and the page answers
500 (a folder such as the fonts' one has no entry either); the suite's plain storage would not
notice, so the names are checked here, and the production start test opens the pages."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

import agilepa

TEMPLATES = Path(agilepa.__file__).parent
LITERAL = re.compile(r"""\{%\s*static\s+["']([^"']+)["']""")
# {% with sprites="…" %} … {% static sprites %}
WITH_NAME = re.compile(r"""\{%\s*with\s+\w+=["']([^"']+\.\w+)["']""")


def static_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for template in TEMPLATES.glob("*/templates/**/*.html"):
        text = template.read_text()
        for name in LITERAL.findall(text) + [
            n for n in WITH_NAME.findall(text) if "/" in n and not n.startswith("http")
        ]:
            names.setdefault(name, []).append(str(template.relative_to(TEMPLATES)))
    return names


def test_the_templates_name_static_files() -> None:
    assert len(static_names()) >= 5


def test_every_static_name_in_a_template_is_a_file() -> None:
    missing = {}
    for name, where in static_names().items():
        found = finders.find(name)
        if not found or not Path(found).is_file():
            missing[name] = where
    assert missing == {}
