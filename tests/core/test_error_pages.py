"""A person who meets an error sees it in the site's look and their language, with a way back and
whom to write to; the pages hold when the static files or the database are broken, never tell a
foreign body from a missing one, and the API keeps answering problem+json."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from agilepa.core import errors
from agilepa.core.models import RoleKind
from tests.factories import PASSWORD, UserFactory, grant

SUPPORT = "assistenza@agilepa.example"
HEADINGS = {
    400: {"en": "Bad request", "it": "Richiesta non valida"},
    403: {"en": "Access denied", "it": "Accesso negato"},
    404: {"en": "Page not found", "it": "Pagina non trovata"},
    500: {"en": "Something went wrong", "it": "Si è verificato un errore"},
}
HOME = {"en": "Go to the home page", "it": "Vai alla home page"}
SUPPORT_SENTENCE = {
    "en": "If the problem persists, write to the platform's support:",
    "it": "Se il problema persiste, scrivi all\u2019assistenza della piattaforma:",
}
CSRF_SENTENCE = {"en": "Reload the form", "it": "Ricarica il modulo"}


@pytest.fixture(autouse=True)
def error_site(settings) -> None:
    settings.ROOT_URLCONF = "tests.core.error_urls"
    settings.SUPPORT_CONTACT = SUPPORT


def client_in(language: str, user=None) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


@contextmanager
def database_unreachable() -> Iterator[None]:
    """Every query fails as it does when the server is down (the connection stays open)."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def request_for(status: int, world) -> Callable[[Client], object]:
    return {
        400: lambda c: c.get("/", HTTP_HOST="evil.example"),
        403: lambda c: c.get(f"/b/{world.a.body.slug}/roles/"),
        404: lambda c: c.get("/no-such-page/"),
        500: lambda c: c.get("/boom/"),
    }[status]


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_each_error_page_speaks_the_language_with_a_way_back_and_a_contact(
    world, status: int, language: str
) -> None:
    client = client_in(language, world.users["employee"] if status == 403 else None)
    response = request_for(status, world)(client)
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in html
    assert f"<h1>{HEADINGS[status][language]}</h1>" in html
    other = "en" if language == "it" else "it"
    assert HEADINGS[status][other] not in html
    assert f'href="/">{HOME[language]}</a>' in html
    assert SUPPORT_SENTENCE[language] in html
    assert f'href="mailto:{SUPPORT}"' in html
    assert "Agile PA" in html
    assert "it-header-wrapper" in html


def test_anonymous_people_are_offered_the_login_with_the_way_back_here(world) -> None:
    html = client_in("en").get("/no-such-page/?x=1").content.decode()
    assert 'href="/account/login/?next=/no-such-page/%3Fx%3D1"' in html


def test_a_logged_in_person_is_not_offered_the_login(world) -> None:
    html = client_in("en", world.users["employee"]).get("/no-such-page/").content.decode()
    assert "/account/login/" not in html


def test_the_previous_page_is_offered_when_it_is_on_this_site(world) -> None:
    client = client_in("en")
    html = client.get("/no-such-page/", HTTP_REFERER="http://testserver/accessibility/").content
    assert b'href="/accessibility/">Back to the previous page</a>' in html


def test_a_referer_from_another_site_is_never_offered_as_the_way_back(world) -> None:
    client = client_in("en")
    for referer in ("https://evil.example/phish/", "http://testserver//evil.example/"):
        html = client.get("/no-such-page/", HTTP_REFERER=referer).content.decode()
        assert "Back to the previous page" not in html
        assert "evil.example" not in html


def test_the_403_in_a_body_names_its_personnel_office(world) -> None:
    html = client_in("it", world.users["employee"]).get(f"/b/{world.a.body.slug}/roles/").content
    html = html.decode()
    assert "Il tuo ruolo non consente questa pagina" in html
    assert "Per Comune A, scrivi all\u2019ufficio del personale" in html
    assert 'href="mailto:hr@a.it"' in html


def test_the_404_in_a_body_the_person_sees_names_its_personnel_office(world) -> None:
    client = client_in("en", world.users["employee"])
    for url in (f"/b/{world.a.body.slug}/units/999999/", f"/b/{world.a.body.slug}/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"For Comune A, write to its personnel office" in response.content
        assert b"mailto:hr@a.it" in response.content


def test_a_foreign_bodys_404_is_exactly_a_missing_bodys(world) -> None:
    grant(UserFactory(email="their.hr@b.it"), RoleKind.HR_ADMIN, body=world.b.body)
    client = client_in("en", world.users["hr_admin"])
    foreign, missing = world.b.body.slug, "c_nowhere"
    for suffix in (f"units/{world.b.service.pk}/", "roles/", "no-such-page/"):
        seen = client.get(f"/b/{foreign}/{suffix}")
        absent = client.get(f"/b/{missing}/{suffix}")
        assert seen.status_code == absent.status_code == 404
        assert seen.content == absent.content
        assert b"Comune B" not in seen.content
        assert b"their.hr@b.it" not in seen.content


def test_a_csrf_failure_is_the_403_page_saying_to_reload_the_form(world) -> None:
    for language in ("it", "en"):
        client = Client(enforce_csrf_checks=True)
        client.cookies["django_language"] = language
        response = client.post("/account/login/", {"username": "x", "password": "y"})
        html = response.content.decode()
        assert response.status_code == 403
        assert f"<h1>{HEADINGS[403][language]}</h1>" in html
        assert CSRF_SENTENCE[language] in html
        assert 'href="/account/login/"' in html  # a POST is not a page to come back to


def test_unknown_api_paths_answer_problem_json(world) -> None:
    response = client_in("it").get("/api/v1/unknown")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No such resource, or not visible to you.",
        "instance": "/api/v1/unknown",
    }


def test_a_failure_under_the_api_answers_problem_json(world) -> None:
    response = client_in("en").get("/api/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Internal Server Error"
    assert "a bug" not in response.content.decode()


def test_a_view_that_raises_gives_the_500_page_without_the_trace(world) -> None:
    response = client_in("en", world.users["employee"]).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html
    assert "If you write to support, quote the time of the error:" in html
    assert "RuntimeError" not in html
    assert "a bug" not in html


@pytest.fixture
def broken_manifest(settings, tmp_path: Path) -> None:
    """Production's static storage with no manifest built: every {% static %} raises."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }


def test_the_site_pages_do_break_with_a_broken_manifest(world, broken_manifest) -> None:
    """The attack the error pages must survive: the site's own base template cannot render."""
    with pytest.raises(ValueError, match="manifest"):
        render_to_string("base.html", {})


@pytest.mark.parametrize("status", [404, 500])
def test_the_error_pages_render_with_a_broken_static_manifest(
    world, broken_manifest, status: int
) -> None:
    response = request_for(status, world)(client_in("it"))
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{HEADINGS[status]['it']}</h1>" in html
    assert "<style>" in html
    assert "bootstrap-italia" not in html


def test_the_error_pages_link_bootstrap_italia_when_static_files_work(world) -> None:
    html = client_in("en").get("/no-such-page/").content.decode()
    assert '<link rel="stylesheet" href="/static/vendor/bootstrap-italia/css/' in html


def test_the_500_page_renders_with_the_database_unreachable(world) -> None:
    client = client_in("it", world.users["employee"])  # a session the page must not read
    with database_unreachable():
        response = client.get("/query/")
    assert response.status_code == 500
    assert f"<h1>{HEADINGS[500]['it']}</h1>" in response.content.decode()
    assert f"mailto:{SUPPORT}".encode() in response.content


def test_a_logged_in_request_with_the_database_unreachable_gets_the_500_page(world) -> None:
    # The session and the second-factor gate read the database before any view: a missing
    # page cannot be told from a forbidden one then, so the answer is the 500 page, which
    # needs no database (the 404 handler's own fallback is tested below, handler by handler).
    client = client_in("en", world.users["employee"])
    with database_unreachable():
        response = client.get(f"/b/{world.a.body.slug}/no-such-page/")
    assert response.status_code == 500
    assert f"<h1>{HEADINGS[500]['en']}</h1>".encode() in response.content
    assert b"Comune A" not in response.content


@pytest.mark.parametrize(
    "handler", [errors.bad_request, errors.permission_denied, errors.page_not_found]
)
def test_the_handlers_answer_a_request_with_no_user_and_no_session(world, handler) -> None:
    request = RequestFactory().get(f"/b/{world.a.body.slug}/somewhere/")
    assert not hasattr(request, "user")
    response = handler(request, None)
    assert response.status_code in (400, 403, 404)
    assert b"Agile PA" in response.content
    assert b"Comune A" not in response.content


def test_without_support_contact_the_accessibility_contact_is_named(world, settings) -> None:
    settings.SUPPORT_CONTACT = ""
    settings.ACCESSIBILITY_CONTACT = "https://ente.example/urp"
    html = client_in("en").get("/no-such-page/").content.decode()
    assert '<a href="https://ente.example/urp">https://ente.example/urp</a>' in html


def test_a_no_reply_sender_is_never_named_as_the_contact(world, settings) -> None:
    settings.SUPPORT_CONTACT = ""
    settings.ACCESSIBILITY_CONTACT = ""
    settings.DEFAULT_FROM_EMAIL = "Agile PA <noreply@ente.example>"
    html = client_in("en").get("/no-such-page/").content.decode()
    assert "noreply@ente.example" not in html
    assert "If the problem persists, tell your body's personnel office." in html


def test_the_login_form_still_works_beside_the_csrf_view(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/account/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/account/login/",
        {"username": "employee@a.it", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
