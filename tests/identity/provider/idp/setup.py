"""Create the provider's users (from users.json) and the Agile PA client application.
Usage: python -m idp.setup CLIENT_ID CLIENT_SECRET REDIRECT_URI... --logout URI"""

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

client_id, secret, *rest = sys.argv[1:]
logout = rest[rest.index("--logout") + 1]
redirects = rest[: rest.index("--logout")]
for username, entry in json.loads((settings.STATE / "users.json").read_text()).items():
    user = User.objects.create_user(username, password=entry["password"])
Application.objects.create(
    name="Agile PA",
    client_id=client_id,
    client_secret=secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=" ".join(redirects),
    post_logout_redirect_uris=logout,
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
