"""Transliteration between Cyrillic (uk/ru) and Latin (English press, Turkish), table-driven
(``data/translit.tsv``). Used only to *recognise* how MT may have spelled a name."""

from __future__ import annotations

from functools import lru_cache

from l10n.data import read_table
from l10n.text import script_of


@lru_cache(maxsize=1)
def _tables() -> dict[str, tuple[dict[str, str], dict[str, str], int]]:
    raw: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for row in read_table("l10n.glossary", "translit.tsv"):
        system, src, dst = (row + [""])[:3]
        anywhere, initial = raw.setdefault(system, ({}, {}))
        (initial if src.startswith("^") else anywhere)[src.lstrip("^")] = dst
    return {k: (a, i, max(len(x) for x in (*a, *i))) for k, (a, i) in raw.items()}


def transliterate(text: str, system: str) -> str:
    """Greedy longest-match transliteration, keeping Title/UPPER case of each word.

    >>> transliterate("Харків", "uk-lat"), transliterate("Kharkiv", "lat-uk")
    ('Kharkiv', 'Харків')
    >>> transliterate("Терехов", "cyr-tr"), transliterate("Kharkov", "lat-tr")
    ('Terehov', 'Harkov')
    """
    anywhere, initial, longest = _tables()[system]
    out = []
    i = 0
    lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text).replace("İ", "i")
    while i < len(text):
        at_start = i == 0 or not text[i - 1].isalpha()
        for n in range(min(longest, len(text) - i), 0, -1):
            chunk = lower[i:i + n]
            rep = initial.get(chunk) if at_start else None
            if rep is None:
                rep = anywhere.get(chunk)
            if rep is not None:
                if text[i].isupper():
                    rep = rep.upper() if (n > 1 and text[i:i + n].isupper() and len(text) > 1
                                          and text[i + 1:i + 2].isupper()) else rep[:1].upper() + rep[1:]
                out.append(rep)
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def to_target(text: str, src_lang: str, tgt: str) -> str | None:
    """Transliterate a name written in ``src_lang`` into ``tgt``'s script, or None if same script."""
    s = script_of(text)
    if tgt in ("uk", "ru"):
        return transliterate(text, f"lat-{tgt}") if s == "lat" else None
    if tgt in ("tr", "en"):
        if s == "cyr":
            return transliterate(text, "cyr-tr" if tgt == "tr" else f"{src_lang if src_lang in ('uk', 'ru') else 'uk'}-lat")
        return transliterate(text, "lat-tr") if tgt == "tr" and src_lang != "tr" else None
    return None
