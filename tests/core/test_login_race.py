"""Concurrent wrong passwords: the lockout is counted before each password is checked, so a
burst of parallel guesses gets no more tries than the limit."""

import threading

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connection

from agilepa.core.models import LoginFailure
from tests.factories import UserFactory

ATTEMPTS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_passwords_never_get_more_checks_than_the_limit() -> None:
    UserFactory(email="target@a.it")
    start = threading.Barrier(ATTEMPTS)
    errors: list[BaseException] = []

    def guess(number: int) -> None:
        try:
            start.wait()
            authenticate(None, username="target@a.it", password=f"guess-{number}")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # An attempt that reached the password check keeps its row; one refused as locked takes its
    # row back: the rows left are the guesses that were checked.
    # (When every row is written before any count is read, all of them are refused: none is
    # checked, which costs the guesser, never the account.)
    checked = LoginFailure.objects.filter(email="target@a.it").count()
    assert checked <= settings.LOGIN_MAX_FAILURES
    # Guesses that follow add up to the same limit, never beyond it.
    for number in range(settings.LOGIN_MAX_FAILURES + 3):
        authenticate(None, username="target@a.it", password=f"later-{number}")
    assert LoginFailure.objects.filter(email="target@a.it").count() == (settings.LOGIN_MAX_FAILURES)
