"""Attack: read the web server's access log (and the error log) for the invitation's code,
which would give, next to it, the time and the IP address of the person answering. A real
HTTP server (Django's, whose access log is the `django.server` logger, line by line as
gunicorn or a proxy would write it) serves the whole path of a respondent: the e-mail link,
the survey, the answers, a second try, and the API. No log line holds the code."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from http.cookiejar import CookieJar

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings
from django.utils import timezone

from agilepa.surveys import services
from agilepa.surveys.mailing import answer_link
from agilepa.surveys.models import PendingAnswer
from tests.surveys.helpers import access_of, marked_answers, staff

pytestmark = pytest.mark.django_db(transaction=True)


class _AccessLoggedServerThread(LiveServerThread):
    """Django's live server, with the request handler that writes the access log (the test
    server's own handler is quiet)."""

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            WSGIRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.__dict__}")


@pytest.fixture
def server(settings) -> Iterator[tuple[str, _Lines]]:
    settings.CSRF_COOKIE_SECURE = False  # plain HTTP on the loopback
    settings.SESSION_COOKIE_SECURE = False
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    thread = _AccessLoggedServerThread(
        "localhost", StaticFilesHandler, connections_override=shared, port=0
    )
    thread.daemon = True
    lines = _Lines()
    loggers = [logging.getLogger(n) for n in ("", "django.server", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(lines)
        logger.setLevel(logging.DEBUG)
    for connection in shared.values():
        connection.inc_thread_sharing()
    try:
        with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
            thread.start()
            thread.is_ready.wait()
            assert thread.error is None
            yield f"http://localhost:{thread.port}", lines
            thread.terminate()
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(lines)
            logger.setLevel(level)
        for connection in shared.values():
            connection.dec_thread_sharing()


def test_no_log_line_of_a_whole_answer_holds_the_code(world, server) -> None:
    base, log = server
    today = timezone.localdate()
    staff(world, smart=2, others=2)
    hr = access_of(world)
    survey = services.create_survey(hr, "Benessere", ["who5", "wlb", "commute"])
    campaign = services.create_campaign(hr, survey, "Benessere", min_group=3)
    wave = services.add_wave(
        hr, campaign, "baseline", "Ora", today - timedelta(days=1), today + timedelta(days=9)
    )
    token = next(iter(services.send_wave(hr, wave, notify=False).tokens.values()))

    link = answer_link(token)
    assert link.endswith(f"/survey/#t={token}")
    # What a browser sends for the link: the fragment stays in the browser.
    assert urllib.request.Request(link).selector == "/survey/"  # noqa: S310

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def call(path: str, data: dict | None = None, json_body: dict | None = None):
        body, headers = None, {}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        if json_body is not None:
            body, headers = json.dumps(json_body).encode(), {"Content-Type": "application/json"}
        try:
            request = urllib.request.Request(base + path, body, headers)  # noqa: S310 (loopback)
            with opener.open(request) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    status, landing = call("/survey/")
    assert status == 200 and "surveys/answer.js" in landing
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', landing).group(1)
    status, form = call("/survey/", {"csrfmiddlewaretoken": csrf, "token": token, "step": "open"})
    assert status == 200 and 'name="step" value="send"' in form
    answers = {"csrfmiddlewaretoken": csrf, "token": token, "step": "send"}
    status, thanks = call("/survey/", answers | marked_answers(101))
    assert status == 200 and 'id="thanks"' in thanks
    assert PendingAnswer.objects.count() == 1
    status, _ = call("/survey/", answers | marked_answers(101))
    assert status == 410  # logged as a warning by django.request
    status, _ = call("/api/v1/survey-answers/open", json_body={"token": token})
    assert status == 410

    access = [line for line in log.lines if line.startswith("django.server")]
    assert any('"POST /survey/ HTTP/1.1" 302' in line for line in access)  # a real access log
    assert any("Gone" in line for line in log.lines)  # and the error log
    for line in log.lines:
        assert token not in line and token[:16] not in line
