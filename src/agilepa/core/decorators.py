"""The view side of the tenancy mechanism (see core/access.py)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from agilepa.core.access import Access, PermissionDeniedForRole, Role, get_access_or_404

View = Callable[..., HttpResponse]


def body_view(*roles: Role) -> Callable[[View], View]:
    """Resolve `request.access` for the body in the URL (`body` kwarg, its slug).

    No role in the body: 404. A role, but none of `roles` (when given): 403. The view receives
    `access` instead of the slug; a `PermissionDeniedForRole` raised inside it becomes 403 too.
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, body: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access: Access = get_access_or_404(request.user, body)  # type: ignore[arg-type]
            request.access = access  # type: ignore[attr-defined]
            request.session["last_body"] = access.body.slug
            if roles and not access.has_any(*roles):
                raise PermissionDenied
            try:
                return view(request, access, *args, **kwargs)
            except PermissionDeniedForRole as exc:
                raise PermissionDenied from exc

        return wrapper

    return decorator
