"""The test client for the JSON API, which the `api_as` fixture (tests/conftest.py) returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse
    from django.utils.functional import _StrPromise

JSON = "application/json"


class ApiClient(Client):
    """A test Client for the JSON API: `post`, `put`, `patch` and `delete` send `data` as JSON
    (a dict or a list) unless the call gives another `content_type` (a file upload passes
    `django.test.client.MULTIPART_CONTENT`). The same signatures as Client's; django-stubs'
    Client itself differs from its RequestFactory base there (`follow`), hence the ignores."""

    def post(  # type: ignore[override]
        self,
        path: str | _StrPromise,
        data: Any = None,
        content_type: str = JSON,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, Any] | None = None,
        query_params: Mapping[Any, Any] | None = None,
        **extra: Any,
    ) -> _MonkeyPatchedWSGIResponse:
        return super().post(
            path,
            data,
            content_type,
            follow,
            secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def put(  # type: ignore[override]
        self,
        path: str | _StrPromise,
        data: Any = "",
        content_type: str = JSON,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, Any] | None = None,
        query_params: Mapping[Any, Any] | None = None,
        **extra: Any,
    ) -> _MonkeyPatchedWSGIResponse:
        return super().put(
            path,
            data,
            content_type,
            follow,
            secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def patch(  # type: ignore[override]
        self,
        path: str | _StrPromise,
        data: Any = "",
        content_type: str = JSON,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, Any] | None = None,
        query_params: Mapping[Any, Any] | None = None,
        **extra: Any,
    ) -> _MonkeyPatchedWSGIResponse:
        return super().patch(
            path,
            data,
            content_type,
            follow,
            secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def delete(  # type: ignore[override]
        self,
        path: str | _StrPromise,
        data: Any = "",
        content_type: str = JSON,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, Any] | None = None,
        query_params: Mapping[Any, Any] | None = None,
        **extra: Any,
    ) -> _MonkeyPatchedWSGIResponse:
        return super().delete(
            path,
            data,
            content_type,
            follow,
            secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )
