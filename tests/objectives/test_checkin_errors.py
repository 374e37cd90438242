"""A check-in refused for a value that is not a number keeps what the person typed, and links
each error to its field."""

from __future__ import annotations

from agilepa.objectives.models import CheckIn
from tests.objectives.helpers import access_of, make_objective, numeric


def test_a_wrong_value_is_kept_with_an_error_linked_to_its_field(world, client_as) -> None:
    hr = access_of(world)
    objective = make_objective(
        hr,
        "IND-9",
        world.a.employee_person,
        level="person",
        krs=[numeric(title="Pratiche evase"), numeric(title="Sportelli aperti", target=10)],
    )
    done, opened = objective.key_results.order_by("pk")
    response = client_as("employee").post(
        f"/b/{world.a.body.slug}/objectives/{objective.pk}/check-in/",
        {
            f"value_{done.pk}": "12,5x",
            f"value_{opened.pk}": "7",
            "comment": "Prime pratiche chiuse",
            "confidence": "high",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="value-{done.pk}"' in html
    assert 'value="12,5x"' in html  # what was typed, not the value recorded before
    assert 'value="7"' in html
    assert "Prime pratiche chiuse" in html
    assert f'<a href="#value-{done.pk}">Pratiche evase: write a number.</a>' in html
    assert f'aria-describedby="value-{done.pk}-error"' in html
    assert "data-error-summary" in html
    assert not CheckIn.objects.exists()
