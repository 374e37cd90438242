"""Load the identity providers of the file named by AGILEPA_IDENTITY_PROVIDERS (or --file).

The file is a JSON list of providers: {"slug", "name", "kind", "discovery_url", "client_id",
"client_secret_env", "scopes", "bodies": [body slugs], "network": network slug,
"match_by_email", "match_by_tax_code", "group_claim", "group_roles"}. Providers are created or
updated by slug and marked as coming from the file; those from the file that it no longer
lists are deactivated. `python -m agilepa release` runs it at each deployment when the variable
is set."""

import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agilepa.identity.models import IdentityProvider
from agilepa.org.models import Body, Network

FIELDS = [
    "name",
    "kind",
    "discovery_url",
    "client_id",
    "client_secret_env",
    "scopes",
    "match_by_email",
    "match_by_tax_code",
    "group_claim",
    "group_roles",
    "second_factor_values",
]


class Command(BaseCommand):
    help = "Load identity providers from AGILEPA_IDENTITY_PROVIDERS (a JSON file)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=os.environ.get("AGILEPA_IDENTITY_PROVIDERS", ""))

    @transaction.atomic
    def handle(self, *args, file: str, **options):
        if not file:
            self.stdout.write("AGILEPA_IDENTITY_PROVIDERS is not set: nothing to load.")
            return
        try:
            with open(file, encoding="utf-8") as handle:
                entries = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        if "client_secret" in json.dumps(entries).replace("client_secret_env", ""):
            raise CommandError("a secret in the file: name its environment variable instead")
        seen = []
        for entry in entries:
            values = {k: entry[k] for k in FIELDS if k in entry}
            network = entry.get("network")
            values["network"] = Network.objects.get(slug=network) if network else None
            values["from_file"] = True
            values["is_active"] = True
            provider, _ = IdentityProvider.objects.update_or_create(
                slug=entry["slug"], defaults=values
            )
            bodies = list(Body.objects.filter(slug__in=entry.get("bodies", [])))
            missing = set(entry.get("bodies", [])) - {b.slug for b in bodies}
            if missing:
                raise CommandError(f"{entry['slug']}: unknown bodies {sorted(missing)}")
            provider.bodies.set(bodies)
            provider.full_clean()
            seen.append(provider.slug)
        gone = IdentityProvider.objects.filter(from_file=True).exclude(slug__in=seen)
        gone.update(is_active=False)
        self.stdout.write(f"{len(seen)} identity providers loaded.")
