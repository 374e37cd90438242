"""The test client for the JSON API, which the `api_as` fixture (tests/conftest.py) returns."""

from __future__ import annotations

from typing import Any

from django.test import Client

JSON = "application/json"


class ApiClient(Client):
    """A test Client for the JSON API: `post`, `put`, `patch` and `delete` send `data` as JSON
    (a dict or a list) unless the call gives another `content_type` (a file upload passes
    `django.test.client.MULTIPART_CONTENT`). Only the default content type differs from
    Client's; every other argument (`follow`, `headers`, `query_params`, …) passes through."""

    def post(self, path: Any, data: Any = None, content_type: str = JSON, **kwargs: Any) -> Any:
        return super().post(path, data, content_type, **kwargs)

    def put(self, path: Any, data: Any = "", content_type: str = JSON, **kwargs: Any) -> Any:
        return super().put(path, data, content_type, **kwargs)

    def patch(self, path: Any, data: Any = "", content_type: str = JSON, **kwargs: Any) -> Any:
        return super().patch(path, data, content_type, **kwargs)

    def delete(self, path: Any, data: Any = "", content_type: str = JSON, **kwargs: Any) -> Any:
        return super().delete(path, data, content_type, **kwargs)
