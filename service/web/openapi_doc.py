"""The OpenAPI document: every status each route can answer, with the error schema, and the
limits that Settings set (question length, body sizes, rate limits).

Statuses come from what the middleware and the routes do, by rule, so a route added later
is described too: a body means 400/413/422; a path parameter 404; the index 503; `/api/ask*`
503 when the answer queue is full and 429 past the rate limit; admin 401/403/409/429.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from styrdok.settings import Settings


class ErrorOut(BaseModel):
    """Every error the API answers with."""

    code: str = Field(description="machine-readable, e.g. `question_too_long`, `rate_limited`")
    message: str = Field(description="the reason in Swedish, for people")


DESCRIPTIONS = {
    400: "Förfrågan kunde inte läsas (inte UTF-8, inte JSON eller fel format)",
    401: "Administratörsnyckeln (X-Admin-Key) saknas eller är fel",
    403: "Administrationen är avstängd (ingen STYRDOK_ADMIN_KEY)",
    404: "Finns inte",
    409: "Krock: en annan inläsning pågår, eller borttagningen måste bekräftas",
    413: "Förfrågan eller filen är för stor",
    422: "Ogiltigt innehåll (t.ex. tom eller för lång fråga, okänt svars-id)",
    429: "För många förfrågningar; se Retry-After",
    500: "Internt fel",
    503: "Inget index ännu, eller alla svarsplatser upptagna; se Retry-After",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "sekunder"}}
NEEDS_INDEX = ("/api/ask", "/api/sections", "/api/glossary", "/documents/", "/view/", "/api/admin/")
RATE_LIMITED = ("/api/ask", "/api/feedback", "/api/admin/")


def statuses(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    codes = {500}
    if "requestBody" in operation:
        codes |= {400, 413, 422}
    if any(p.get("in") in ("path", "query") for p in operation.get("parameters", [])):
        codes |= {404, 422} if "{" in path else {422}
    if path.startswith(NEEDS_INDEX) or path == "/readyz":
        codes.add(503)
    if path.startswith(RATE_LIMITED):
        codes.add(429)
    if path.startswith("/api/admin/"):
        codes |= {401, 403, 409}
    if path == "/api/feedback":
        codes.add(409)
    if path == "/healthz":
        codes = set()
    return codes


def install(app: FastAPI, settings: Settings, body_limit_kb: int) -> None:
    """Replace `app.openapi` with one that documents errors and limits."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=_description(settings, body_limit_kb),
            routes=app.routes,
        )
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas["Error"] = ErrorOut.model_json_schema()
        ref = {"$ref": "#/components/schemas/Error"}
        for path, item in spec.get("paths", {}).items():
            for method, op in item.items():
                responses = op.setdefault("responses", {})
                for code in sorted(statuses(method, path, op)):
                    entry: dict[str, Any] = {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    }
                    if code in (429, 503):
                        entry["headers"] = RETRY_AFTER
                    responses[str(code)] = entry
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        _limits(schemas, settings)
        app.openapi_schema = spec
        return spec

    app.openapi = build  # type: ignore[method-assign]


def _limits(schemas: dict[str, Any], settings: Settings) -> None:
    ask = schemas.get("AskRequest", {}).get("properties", {})
    if "question" in ask:
        ask["question"]["maxLength"] = settings.max_question_chars
        ask["question"]["minLength"] = 1
    feedback = schemas.get("FeedbackIn", {}).get("properties", {})
    if "question" in feedback:
        feedback["question"]["maxLength"] = settings.max_question_chars


def _description(settings: Settings, body_limit_kb: int) -> str:
    rate: Callable[[int], str] = lambda n: f"{n} per minut" if n > 0 else "av"  # noqa: E731
    return (
        "Varje fel har formen `{code, message}` (meddelandet på svenska).\n\n"
        f"Gränser: frågan högst {settings.max_question_chars} tecken (det som bäddas in: högst "
        f"{settings.max_query_tokens} token), JSON-kroppar högst {body_limit_kb} kB, "
        f"uppladdningar högst {settings.max_upload_mb} MB; frågor "
        f"{rate(settings.rate_limit_per_minute)} och klient, administration "
        f"{rate(settings.admin_rate_limit_per_minute)}; {settings.answer_threads} frågor "
        f"besvaras samtidigt per process och {settings.answer_queue} till får vänta, fler får "
        "503 med Retry-After."
    )
