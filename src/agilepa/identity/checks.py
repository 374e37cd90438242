"""/readyz: each active provider whose discovery document or keys cannot be fetched.

An unreachable provider is reported but does not make the instance unready: the password
login and the other providers still work, and taking every instance out of the load balancer
because one body's directory is down would shut everybody out."""

from agilepa.core.readiness import Check

from . import oidc
from .models import IdentityProvider


def check_identity_providers() -> Check:
    providers = list(IdentityProvider.objects.filter(is_active=True))
    unreachable = {}
    for provider in providers:
        problem = oidc.probe(provider)
        if problem:
            unreachable[provider.slug] = problem
    detail: dict = {"providers": len(providers)}
    if unreachable:
        detail["unreachable"] = unreachable
    return Check(True, detail)
