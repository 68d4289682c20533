"""Per-language value vocabulary (month names, magnitudes, currencies …) loaded from ``data/*.yaml``.

The tables are data, not code: adding a case form or a currency name is a one-line edit in
``l10n/localize/data/<lang>.yaml``. Each file is parsed once and compiled into lookup dictionaries
and regular-expression alternations (longest form first, so «доларів США» wins over «доларів»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from l10n.errors import LocaleError
from l10n.languages import SUPPORTED

DATA = Path(__file__).with_name("data")


def _alt(forms) -> str:
    """A regex alternation of literal forms, longest first."""
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms) or r"(?!x)x"


@dataclass
class Vocab:
    lang: str
    month_of: dict[str, int]          # lower-cased form -> month number
    month_case: dict[str, str]        # lower-cased form -> nom|gen|loc|other
    month_forms: dict[int, dict]      # month -> {"nom":..., "gen":..., "loc":...}
    ambiguous_months: set[str]
    weekday_of: dict[str, int]
    ambiguous_weekdays: set[str]
    magnitude_of: dict[str, Decimal]
    money_only_magnitudes: set[str]
    standalone_magnitudes: dict[str, Decimal]
    currency_symbols: dict[str, str]
    currency_of: dict[str, str]       # lower-cased currency name -> ISO code
    percent_words: list[str]
    percent_prefix_words: list[str]
    year_words: list[str]
    unit_of: dict[str, str]
    age_words: list[str]
    ordinal_suffixes: list[str]
    decade_suffixes: list[str]
    month_prepositions: list[str]
    month_case_after: dict[str, str]
    am: list[str]
    pm: list[str]
    render: dict
    glued_units: set[str]
    number_words: dict[str, int]
    weekday_adjectives: dict[str, int]
    time_prepositions: list[str]
    century_words: list[str]
    ordinal_words: dict[str, int]
    # compiled alternations
    re_month: str = ""
    re_weekday: str = ""
    re_magnitude: str = ""
    re_currency_name: str = ""
    re_currency_symbol: str = ""
    re_percent_word: str = ""
    re_year_word: str = ""
    re_unit: str = ""
    re_age: str = ""


@lru_cache(maxsize=None)
def raw_data(lang: str) -> dict:
    """``data/<lang>.yaml`` as parsed, read once (``vocab`` and the English-only tables share it).

    libyaml's parser (``CSafeLoader``) when PyYAML has it: the same data, several times faster,
    and these files are read on the first translation of every process."""
    import yaml

    path = DATA / f"{lang}.yaml"
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:  # pragma: no cover - packaging error
        raise LocaleError(f"cannot load value vocabulary: {exc}", where=str(path)) from None


@lru_cache(maxsize=None)
def vocab(lang: str) -> Vocab:
    """The compiled vocabulary for ``lang`` (one of ``SUPPORTED``)."""
    if lang not in SUPPORTED:
        raise LocaleError(f"no value vocabulary for language {lang!r}")
    raw = raw_data(lang)

    month_of: dict[str, int] = {}
    month_case: dict[str, str] = {}
    month_forms: dict[int, dict] = {}
    for num, forms in raw["months"].items():
        num = int(num)
        if isinstance(forms, list):
            forms = {"nom": forms[0], "other": forms[1:]}
        month_forms[num] = {k: v for k, v in forms.items() if k != "other"}
        for case, f in forms.items():
            for form in (f if isinstance(f, list) else [f]):
                month_of[form.lower()] = num
                month_case.setdefault(form.lower(), case)
    weekday_of = {f.lower(): int(n) for n, fs in raw["weekdays"].items() for f in fs}
    weekday_adj = {f.lower(): int(n) for n, fs in (raw.get("weekday_adjectives") or {}).items() for f in fs}
    magnitude_of = {f.lower(): Decimal(n) for n, fs in raw["magnitudes"].items() for f in fs}
    standalone = {}
    for phrase in raw.get("standalone_magnitudes", []):
        word = phrase.split()[-1].lower()
        standalone[phrase.lower()] = magnitude_of[word]
    currency_of = {f.lower(): code for code, fs in raw["currency_names"].items() for f in fs}
    unit_of = {f.lower(): unit for unit, fs in raw.get("units", {}).items() for f in fs}
    v = Vocab(
        lang=lang, month_of=month_of, month_case=month_case, month_forms=month_forms,
        ambiguous_months={m.lower() for m in raw.get("ambiguous_months", [])},
        weekday_of=weekday_of,
        ambiguous_weekdays={w.lower() for w in raw.get("ambiguous_weekdays", [])},
        magnitude_of=magnitude_of,
        money_only_magnitudes={m.lower() for m in raw.get("money_only_magnitudes", [])},
        standalone_magnitudes=standalone,
        currency_symbols=dict(raw.get("currency_symbols", {})),
        currency_of=currency_of,
        percent_words=list(raw.get("percent_words", [])),
        percent_prefix_words=list(raw.get("percent_prefix_words", [])),
        year_words=list(raw.get("year_words", [])),
        unit_of=unit_of,
        age_words=list(raw.get("age_words", [])),
        ordinal_suffixes=list(raw.get("ordinal_suffixes", [])),
        decade_suffixes=list(raw.get("decade_suffixes", [])),
        month_prepositions=list(raw.get("month_prepositions", [])),
        month_case_after=dict(raw.get("month_case_after", {})),
        am=list(raw.get("am", [])), pm=list(raw.get("pm", [])),
        render=dict(raw.get("render", {})),
        glued_units={u.lower() for u in raw.get("glued_units", [])},
        weekday_adjectives=weekday_adj,
        time_prepositions=list(raw.get("time_prepositions") or []),
        century_words=list(raw.get("century_words") or []),
        ordinal_words={str(k).lower(): int(n) for k, n in (raw.get("ordinal_words") or {}).items()},
        number_words={str(k).lower(): int(n) for k, n in (raw.get("number_words") or {}).items()},
    )
    v.re_month = _alt(month_of)
    v.re_weekday = _alt(weekday_of)
    v.re_magnitude = _alt(magnitude_of)
    v.re_currency_name = _alt(currency_of)
    v.re_currency_symbol = _alt(v.currency_symbols)
    v.re_percent_word = _alt(v.percent_words)
    v.re_year_word = _alt(v.year_words)
    v.re_unit = _alt(unit_of)
    v.re_age = _alt(v.age_words)
    return v
