"""The test client for the JSON API, which the `api_as` fixture (tests/conftest.py) returns."""

from __future__ import annotations

from typing import Any

from django.test import Client


class ApiClient(Client):
    """A test Client for the JSON API: `post`, `put`, `patch` and `delete` send `data` as JSON
    (a dict or a list) unless the call gives another `content_type` (a file upload passes
    `django.test.client.MULTIPART_CONTENT`)."""

    JSON = "application/json"

    def post(self, path: str, data: Any = None, content_type: str = JSON, **extra: Any) -> Any:
        return super().post(path, data, content_type, **extra)

    def put(self, path: str, data: Any = "", content_type: str = JSON, **extra: Any) -> Any:
        return super().put(path, data, content_type, **extra)

    def patch(self, path: str, data: Any = "", content_type: str = JSON, **extra: Any) -> Any:
        return super().patch(path, data, content_type, **extra)

    def delete(self, path: str, data: Any = "", content_type: str = JSON, **extra: Any) -> Any:
        return super().delete(path, data, content_type, **extra)
