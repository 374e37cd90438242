"""A small OpenID Connect provider for the identity tests, built on django-oauth-toolkit.

It runs as its own process (runserver on a free port, its own SQLite file); its users and their
claims (fiscalNumber, email, email_verified, amr) come from users.json in IDP_STATE_DIR, and
tamper.txt there, when present, makes the token endpoint hand out a forged ID token (bad
signature, another audience, another nonce), so the client's checks are attacked for real.
"""
