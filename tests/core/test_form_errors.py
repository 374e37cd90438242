"""A form's error summary lists every error, each field's as a link to that field, and is the
element that takes the focus (core/static/core/form-errors.js)."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class Request(forms.Form):
    start = forms.DateField(label="Start")
    places = forms.MultipleChoiceField(
        label="Places", choices=[("home", "Home")], widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict:
        raise forms.ValidationError("The request overlaps another one.")


def test_each_field_error_links_to_its_field_and_the_summary_can_take_the_focus() -> None:
    form = Request({"start": "soon"})
    assert not form.is_valid()
    html = render_to_string("core/_form_errors.html", {"form": form})
    assert 'tabindex="-1"' in html and "data-error-summary" in html
    assert '<a href="#id_start">Start: Enter a valid date.</a>' in html
    assert '<a href="#id_places_0">Places: This field is required.</a>' in html
    assert "<li>The request overlaps another one.</li>" in html


def test_a_form_without_errors_has_no_summary() -> None:
    assert render_to_string("core/_form_errors.html", {"form": Request()}).strip() == ""


def test_every_page_loads_the_script_that_focuses_the_summary(client, db) -> None:
    html = client.get("/account/login/").content.decode()
    assert "/core/form-errors.js" in html
