"""The request and response shapes of the service, in one place.

Pydantic models for the ``/v1`` API (FastAPI derives the OpenAPI schema from them, and the tests
fuzz that schema with schemathesis), and the hand-written JSON schemas of the LibreTranslate
endpoints, which read JSON *or* form bodies and so cannot be declared as one pydantic model.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from l10n.errors import InputError
from l10n.limits import check_unicode


class RequestModel(BaseModel):
    """A request body: unknown fields refused, and no lone surrogate (``"\\ud800"``) in any string or
    key — checked here, once, before a route copies a field into a file name, a header or a reply."""
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        try:
            check_unicode(data, "request")
        except InputError as exc:
            raise ValueError(str(exc)) from None
        return data


class TranslateOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qa: bool = Field(True, description="run QA checks and report flags per segment")
    localize: bool = Field(True, description="localize numbers, money and dates")
    mode: Literal["auto", "sync", "async"] = Field(
        "auto", description="auto: synchronous up to the size limit, else a job; async: always a job")


class ArticleIn(RequestModel):
    id: str | None = Field(None, max_length=200, description="the CMS's article id (echoed back)")
    title: str | None = Field(None, description="translated as plain text")
    body: str
    format: Literal["text", "markdown", "html"] = "text"
    source: str = Field("auto", description="source language code, or auto")
    targets: list[str] = Field(..., min_length=1, max_length=8, examples=[["uk", "ru"]])
    glossaries: list[str] = Field(default_factory=list, max_length=8,
                                  description="ids of glossaries stored with PUT /v1/glossaries/{id}")
    options: TranslateOptions = Field(default_factory=TranslateOptions)
    webhook_url: str | None = Field(None, description="called when the job finishes (must be allow-listed)")


class FlagOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str
    severity: str
    message: str


class ChangeOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    term: str
    before: str
    after: str


class SegmentOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    field: Literal["title", "body"]
    id: str = Field(description="<block>.<sentence>, stable for an unchanged article")
    source: str
    target: str
    source_lang: str
    origin: str = Field(description="mt | tm | copy | same-language")
    flags: list[FlagOut]
    changes: list[ChangeOut]


class LanguageOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str | None = None
    body: str
    source_lang: str
    segments: list[SegmentOut]
    flag_counts: dict[str, int]


class TranslateOut(BaseModel):
    id: str | None
    source_lang: str
    translations: dict[str, LanguageOut]


class JobOut(BaseModel):
    id: str
    state: Literal["queued", "running", "done", "failed"]
    created: float
    updated: float
    attempts: int
    result: TranslateOut | None = None
    error: dict | None = None
    webhook: str | None = Field(None, description="pending | delivered | failed | refused")


class JobAccepted(BaseModel):
    job_id: str
    state: str
    status_url: str


class DetectIn(RequestModel):
    text: str
    candidates: list[str] | None = None


class DetectOut(BaseModel):
    language: str
    confidence: float


class GlossaryIn(RequestModel):
    format: Literal["yaml", "csv", "tbx"] = "yaml"
    content: str


class ArticleRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=200)
    body: str
    format: Literal["text", "markdown", "html"] = "text"
    source: str = "en"


class PoExportIn(RequestModel):
    article: ArticleRef
    targets: list[str] = Field(..., min_length=1, max_length=8)
    mt: bool = Field(True, description="false: empty msgstrs (translate by hand)")
    previous: dict[str, str] = Field(default_factory=dict,
                                     description="existing PO text per language, merged like msgmerge")


class PoImportIn(RequestModel):
    article: ArticleRef
    po: str = Field(..., description="the reviewed PO file's text")
    fallback: Literal["mt", "source"] = "mt"


# ---------------------------------------------------------------------- LibreTranslate (JSON or form bodies)

def _json_or_form_body(schema: str) -> dict[str, Any]:
    """``openapi_extra`` for a route reading the component ``schema`` as JSON or form fields."""
    content = {ctype: {"schema": {"$ref": f"#/components/schemas/{schema}"}}
               for ctype in ("application/json", "application/x-www-form-urlencoded")}
    return {"requestBody": {"required": True, "content": content}}


LT_TRANSLATE_BODY = _json_or_form_body("LibreTranslateRequest")
LT_DETECT_BODY = _json_or_form_body("LibreDetectRequest")
LT_COMPONENTS = {
    "LibreTranslateRequest": {
        "type": "object", "required": ["q", "source", "target"],
        "properties": {
            "q": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "source": {"type": "string", "example": "en"},
            "target": {"type": "string", "example": "uk"},
            "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
            "api_key": {"type": "string"},
        },
    },
    "LibreDetectRequest": {
        "type": "object", "required": ["q"],
        "properties": {"q": {"type": "string"}, "api_key": {"type": "string"}},
    },
}


def add_components(openapi: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """``openapi`` with ``components`` added under ``components.schemas`` (for ``$ref``s above)."""
    openapi.setdefault("components", {}).setdefault("schemas", {}).update(components)
    return openapi
