"""`python -m agilepa audit-seal`: chain the entries written since the last seal (scheduled)."""

import logging
from typing import Any

from django.core.management.base import BaseCommand

from agilepa.audit import chain
from agilepa.audit.models import AuditSeal

logger = logging.getLogger("agilepa.audit")


class Command(BaseCommand):
    help = "Seal the audit entries written since the last seal into their hash chains."

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = chain.seal()
        if sealed:
            # The heads in the log: a copy of the chain's end outside the database.
            for head in AuditSeal.objects.order_by("chain"):
                logger.info("audit chain %s sealed to %s: %s", head.chain, head.seq, head.hash)
        self.stdout.write(f"{sealed} entries sealed")
