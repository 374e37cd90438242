"""`python -m agilepa <command>`: the Django management entry point (manage.py elsewhere)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[1:]
    if argv and not argv[0].startswith("-"):
        # Commands are documented with hyphens (import-people, seed-demo); Django names a
        # command after its module, which cannot hold one.
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line([sys.argv[0], *argv])


if __name__ == "__main__":
    main()
