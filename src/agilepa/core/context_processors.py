from django.http import HttpRequest

from agilepa.core.access import bodies_for_user, networks_for_user


def shell(request: HttpRequest) -> dict[str, object]:
    """What the page header needs on every page: the body switcher and the networks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_bodies": list(bodies_for_user(user).only("pk", "name", "slug")),
        "my_networks": list(networks_for_user(user).only("pk", "name", "slug")),
        "access": getattr(request, "access", None),
    }
