"""The view side of the tenancy mechanism (see core/access.py and core/policies.py)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from agilepa.core.access import Access, PermissionDeniedForRole, Role, get_access_or_404
from agilepa.core.policies import Policy, allows, anyone

View = Callable[..., HttpResponse]


def body_view(*policies: Policy | Role) -> Callable[[View], View]:
    """Resolve `request.access` for the body in the URL (`body` kwarg, its slug).

    No role in the body: 404. A role, but none of `policies` holds (when given: a policy of
    core/policies.py, or a Role the user must have): 403. The view receives `access` instead of
    the slug; a `PermissionDeniedForRole` raised inside it becomes 403 too. The wrapper keeps
    the policies as `policies` (`anyone` when none is given), for the navigation to ask the same.
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, body: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access: Access = get_access_or_404(request.user, body)  # type: ignore[arg-type]
            request.access = access  # type: ignore[attr-defined]
            request.session["last_body"] = access.body.slug
            if policies and not allows(access, policies):
                raise PermissionDenied
            try:
                return view(request, access, *args, **kwargs)
            except PermissionDeniedForRole as exc:
                raise PermissionDenied from exc

        wrapper.policies = policies or (anyone,)  # type: ignore[attr-defined]
        return wrapper

    return decorator
