"""Template filters of the measurement pages."""

from django import template

from agilepa.measurement.savings import Tally

register = template.Library()


@register.filter
def rounded(tally: Tally) -> dict[str, object]:
    """The figures of a tally, rounded as documented (savings.Tally.rounded)."""
    return tally.rounded()
