"""Per-language segmentation data: abbreviation classes and word lists, read from ``data/*.txt``.

The files are plain text so that linguists can extend them without touching code; the format is
documented in ``docs/segmentation.md``. ``common.txt`` is read first, then the language's file
(later entries win). Unknown languages get ``common.txt`` only (generic rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")

#: Abbreviation classes, see docs/segmentation.md.
NEVER = "never"      # never ends a sentence (Mr., вул., г.)
NUMBER = "number"    # abbreviation before a number (No. 5, p. 55, Feb. 24); elsewhere a plain word
MAY = "may"          # may end a sentence (etc., Inc., a.m., т. д.)
STARTER = "starter"  # multi-part abbreviation that ends a sentence only before a starter word (U.S.)
_CLASSES = (NEVER, NUMBER, MAY, STARTER)
_LISTS = ("starters", "nonstarters", "letterwords", "nocase", "prepositions")


@dataclass(frozen=True)
class LangRules:
    """Everything the splitter needs to know about one language."""

    lang: str
    abbreviations: dict[str, str] = field(default_factory=dict)  # key (lower, no spaces) -> class
    starters: frozenset[str] = frozenset()     # sentence-starter words after STARTER abbreviations
    letterwords: frozenset[str] = frozenset()  # one-letter words that are not initials (en "I")
    nocase: frozenset[str] = frozenset()       # always-capitalised words (no case evidence)
    prepositions: frozenset[str] = frozenset()  # capitalised prepositions that open an adverbial
    nonstarters: frozenset[str] = frozenset()   # capitalised words that continue after [may] ones
    ordinal_period: bool = False               # "19. yüzyıl": number + period is an ordinal (tr)
    lowercase_start_after: int = 0             # a period after a plain word this long (0: never)
    #                                            ends a sentence even before a lower-case word


def abbreviation_key(text: str) -> str:
    """Normalise an abbreviation for lookup: lower case, spaces removed (``"Т. Д."`` -> ``"т.д."``)."""
    return "".join(text.split()).lower()


def _parse(path: Path, abbreviations: dict[str, str], lists: dict[str, set[str]],
           options: dict[str, str]) -> None:
    section = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            if section not in _CLASSES + _LISTS + ("options",):
                raise ValueError(f"{path}:{lineno}: unknown section [{section}]")
            continue
        if section is None:
            raise ValueError(f"{path}:{lineno}: entry before any [section]")
        if section in _CLASSES:
            if not line.endswith("."):
                raise ValueError(f"{path}:{lineno}: abbreviation {line!r} must end with a period")
            abbreviations[abbreviation_key(line)] = section
        elif section in _LISTS:
            lists[section].add(line)
        else:
            name, _, value = line.partition("=")
            options[name.strip()] = value.strip()


@lru_cache(maxsize=None)
def load_rules(lang: str) -> LangRules:
    """Load (once, cached) the rules for ``lang``; unknown languages get the common rules only."""
    abbreviations: dict[str, str] = {}
    lists: dict[str, set[str]] = {name: set() for name in _LISTS}
    options: dict[str, str] = {}
    _parse(_DATA / "common.txt", abbreviations, lists, options)
    own = _DATA / f"{lang}.txt"
    if lang.isalpha() and own.is_file():
        _parse(own, abbreviations, lists, options)
    return LangRules(
        lang=lang,
        abbreviations=abbreviations,
        starters=frozenset(lists["starters"]),
        letterwords=frozenset(lists["letterwords"]),
        nocase=frozenset(lists["nocase"]),
        prepositions=frozenset(lists["prepositions"]),
        nonstarters=frozenset(lists["nonstarters"]),
        ordinal_period=options.get("ordinal_period", "no").lower() in ("yes", "true", "1"),
        lowercase_start_after=int(options.get("lowercase_start_after", "0")),
    )
