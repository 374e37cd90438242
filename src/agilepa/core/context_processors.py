from django.http import HttpRequest

from agilepa.core.access import bodies_for_user, networks_for_user
from agilepa.core.navigation import menu
from agilepa.core.pwa import owner_key


def shell(request: HttpRequest) -> dict[str, object]:
    """What the page header needs on every page: the body switcher, the networks, the main
    navigation built from the access policies (core/navigation.py), and whose pages the
    service worker may keep (core/pwa.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "access", None)
    networks = list(networks_for_user(user).only("pk", "name", "slug"))
    return {
        "my_bodies": list(bodies_for_user(user).only("pk", "name", "slug")),
        "my_networks": networks,
        "access": access,
        "nav_menu": menu(access, networks),
        "pwa_owner": owner_key(request),
    }
