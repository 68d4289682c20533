"""Language codes the toolkit supports, and their validation."""

from __future__ import annotations

from l10n.errors import UnknownLanguage

#: ISO 639-1 codes the toolkit has rules and data for.
SUPPORTED: tuple[str, ...] = ("en", "uk", "ru", "tr")

NAMES: dict[str, str] = {"en": "English", "uk": "Ukrainian", "ru": "Russian", "tr": "Turkish"}

#: Default CLDR locale for each language (Babel identifiers).
LOCALES: dict[str, str] = {"en": "en_US", "uk": "uk_UA", "ru": "ru_RU", "tr": "tr_TR"}

_ALIASES = {"ua": "uk", "ukr": "uk", "rus": "ru", "tur": "tr", "eng": "en",
            "en_us": "en", "en_gb": "en", "uk_ua": "uk", "ru_ru": "ru", "tr_tr": "tr"}


def normalize_lang(code: str, *, allow_auto: bool = False) -> str:
    """Return the canonical two-letter code, or raise ``UnknownLanguage`` naming the choices.

    >>> normalize_lang("UK")
    'uk'
    >>> normalize_lang("uk-UA")
    'uk'
    """
    c = code.strip().lower().replace("-", "_")
    if allow_auto and c == "auto":
        return "auto"
    c = _ALIASES.get(c, c)
    if c not in SUPPORTED:
        base = c.split("_")[0]
        if base in SUPPORTED:
            return base
        choices = ", ".join(SUPPORTED) + (", auto" if allow_auto else "")
        raise UnknownLanguage(f"unknown language code {code!r} (choose from {choices})")
    return c


def parse_lang_list(value: str) -> list[str]:
    """Parse ``"uk,ru,tr"`` into validated codes, keeping order and dropping duplicates."""
    out: list[str] = []
    for part in value.split(","):
        if part.strip():
            code = normalize_lang(part)
            if code not in out:
                out.append(code)
    if not out:
        raise UnknownLanguage("no target language given (e.g. --to uk,ru,tr)")
    return out
