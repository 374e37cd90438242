from django.apps import AppConfig
from django.core import checks


class AgreementsConfig(AppConfig):
    name = "agilepa.agreements"
    label = "agreements"
    verbose_name = "Agreements"

    def ready(self) -> None:
        checks.register(check_baselines, checks.Tags.compatibility)


def check_baselines(app_configs: object = None, directory: object = None, **kwargs: object) -> list:
    """The shipped legal baselines load and validate (`python -m agilepa check`, and every
    start): a broken file is named with its field instead of failing at the first agreement."""
    from agilepa.agreements.baselines import DATA_DIR, BaselineError, load_baselines

    try:
        load_baselines(directory or DATA_DIR)  # type: ignore[arg-type]
    except BaselineError as exc:
        return [
            checks.Error(
                str(exc),
                hint="Fix the file in agilepa/agreements/data/baselines/; see docs/agreements.md.",
                id="agreements.E001",
            )
        ]
    return []
