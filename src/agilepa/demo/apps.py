from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network and its `seed-demo` command: it imports every app, and no app imports it
    (an import contract in pyproject.toml), so production code never depends on demo data."""

    name = "agilepa.demo"
    label = "demo"
    verbose_name = "Demo network"
