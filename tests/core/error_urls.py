"""The site's routes plus views that fail, for the 500 page's tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from agilepa.core.models import User
from agilepa.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def query(request: HttpRequest) -> HttpResponse:
    """Fails as a page does when the database is unreachable."""
    return HttpResponse(str(User.objects.count()))


urlpatterns = [
    *urlpatterns,
    path("boom/", boom),
    path("query/", query),
    path("api/boom/", boom),
]
