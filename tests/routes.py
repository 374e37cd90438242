"""Route discovery for the tests that walk every page: the tenancy matrix and the renders.

Routes are discovered from the URL resolver (and, in the matrix, from the OpenAPI document),
so a new route that the tests do not know makes them fail until its expectations are declared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["employee", "manager", "hr_admin", "observer", "coordinator", "platform_admin", "nobody"]
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}


def walk(patterns: list, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(route template, name) for every named URL pattern of the site."""
    found = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found += walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            found.append((prefix + str(p.pattern), namespace + p.name))
    return found


def site_routes() -> list[tuple[str, str]]:
    """Site routes; the API is checked from its OpenAPI document, and Django's admin console
    (superusers only) by its own test."""
    return [
        (r, n) for r, n in walk(get_resolver().url_patterns) if not n.startswith(("api:", "admin:"))
    ]


@dataclass
class Ids:
    """Path parameters for one side (own body 'a' or foreign body 'b')."""

    values: dict[str, object]

    def fill(self, template: str) -> str:
        path = template
        for key, value in self.values.items():
            for converter in ("slug", "int", "str", "path", ""):
                token = f"<{converter}:{key}>" if converter else f"<{key}>"
                path = path.replace(token, str(value))
            path = path.replace("{" + key + "}", str(value))
        return path
