from django.http import HttpRequest
from django.urls import reverse


def identity(request: HttpRequest) -> dict:
    """The login page's ways in, computed only on the login page."""
    if request.path != reverse("login"):
        return {}
    from .policy import sign_in_options

    return {"identity_login": sign_in_options(request)}
