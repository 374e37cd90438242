import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Every claim of the user's entry in users.json, whatever the scopes (as a SPID proxy
    hands fiscalNumber)."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        users = json.loads((settings.STATE / "users.json").read_text())
        return dict(users.get(request.user.username, {}).get("claims", {}))
