"""The backend named in the session of a login through an identity provider.

It authenticates nothing by itself: the callback view logs in the user that the provider's
verified claims matched (services.match_login). It exists so that Django finds the user again
on the next request and knows the session did not come from a password."""

from django.contrib.auth.backends import ModelBackend


class ProviderBackend(ModelBackend):
    def authenticate(self, request, **kwargs):  # type: ignore[override]
        return None
