"""Datasette plugin of `delib serve`: long text out of the default table views.

A table page opened without a column choice (`_col` / `_nocol`) is redirected to the same
page without the columns of `HIDDEN` (the whole record, the search text): they stay on each
row's own page, and a visitor can still ask for them (`?_col=record_json`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

#: table -> columns hidden from its default view
HIDDEN = {
    "deliberations": ("record_json", "search_text"),
    "documents": ("text",),
    "beneficiaries": ("search_text",),
}

Scope = dict[str, Any]
App = Callable[
    [Scope, Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]
]


def location(path: str, query: str) -> str | None:
    """Where to send a request for `path?query`, or None to serve it as it is."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[1] not in HIDDEN:
        return None  # only a table's own page (not a row, not .json, not a query)
    params = parse_qsl(query, keep_blank_values=True)
    if any(k in ("_col", "_nocol") for k, _ in params):
        return None
    params += [("_nocol", c) for c in HIDDEN[parts[1]]]
    return f"{path}?{urlencode(params)}"


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[App], App]:
    def wrap(app: App) -> App:
        async def redirecting(scope: Scope, receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("method") == "GET":
                target = location(scope.get("path", ""), scope.get("query_string", b"").decode())
                if target is not None:
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 302,
                            "headers": [(b"location", target.encode())],
                        }
                    )
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return redirecting

    return wrap
