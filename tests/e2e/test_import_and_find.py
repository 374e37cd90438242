"""An HR admin logs in, imports the people export of the HR system, and finds the new person."""

from pathlib import Path

from playwright.sync_api import expect

from agilepa.org.models import Person
from tests.e2e.conftest import axe_violations
from tests.factories import make_tax_code


def write_export(path: Path, tax_code: str) -> Path:
    rows = [
        "Matricola;Cognome;Nome;Codice fiscale;E-mail;Codice unità;Contratto;"
        "Percentuale part-time;Categoria;Data assunzione",
        f"900001;Quaranta;Ginevra;{tax_code};ginevra.quaranta@a.it;SERV1;part-time;75;"
        "Istruttori;01/03/2021",
    ]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path


def test_hr_admin_imports_a_file_and_finds_the_person(world, page_as, tmp_path) -> None:
    tax_code = make_tax_code(31337)
    export = write_export(tmp_path / "persone.csv", tax_code)
    slug = world.a.body.slug

    page = page_as("hr_admin")
    page.goto("/")
    expect(page.locator("h1")).to_contain_text(world.a.body.name)

    page.goto(f"/b/{slug}/import/")
    assert axe_violations(page) == []
    page.locator("input[type=radio][value=people]").check()
    page.locator("input[type=file]").set_input_files(str(export))
    page.locator("main form button[type=submit]").first.click()

    confirm = page.locator("form[action$='/confirm/'] button[type=submit]")
    expect(confirm).to_be_visible()
    assert axe_violations(page) == []
    assert not Person.objects.filter(employee_number="900001").exists()  # nothing before confirm
    confirm.click()
    expect(page.locator(".alert-success, .callout.success").first).to_be_visible()

    page.goto(f"/b/{slug}/people/")
    # Typing searches by itself (htmx, 400 ms after the last key). Typing and then pressing the
    # button as well sent two searches, and under load the second one's answer, landing after
    # the click on the first one's result, cancelled the person's page opening (seen once).
    page.locator("#id_q").fill("Quaranta")
    result = page.locator("#people-results a", has_text="Quaranta")
    expect(result).to_be_visible()
    result.click()
    expect(page.locator("h1")).to_have_text("Ginevra Quaranta")
    expect(page.locator("main")).to_contain_text(tax_code)
    expect(page.locator("main")).to_contain_text("75")
    assert axe_violations(page) == []
