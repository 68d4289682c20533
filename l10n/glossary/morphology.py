"""The interface between the enforcement driver and a language's grammar.

``enforce.py`` finds where MT rendered a glossary term and replaces that span; everything that
depends on the target language's grammar is asked of a ``Morphology`` strategy: how text splits
into words, which spellings of a name to look for and how each is inflected, how to write the
glossary term in the form MT's rendering had. ``Morphology`` itself is the strategy for languages
that do not inflect names (English); ``slavic.SlavicMorphology`` (uk, ru) and
``turkish.TurkishMorphology`` (tr) implement the inflecting ones, and ``strategies.py`` maps each
language to its strategy from ``data/morphology.tsv``. A fifth language is a row there (plus, if
its grammar is new, one strategy class).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from l10n.data import read_table
from l10n.document import Flag
from l10n.text import APOSTROPHES, fold, norm_apostrophe, script_of

if TYPE_CHECKING:
    from l10n.glossary.model import LangTerm, Term

Feature = tuple[str, str]  # (case, number)
#: A word of a name: letters/digits joined by hyphens or apostrophes (Слов'янськ, Кличко-Вишневецький).
WORD = re.compile(rf"[^\W_]+(?:[-{APOSTROPHES}][^\W_]+)*")
#: What may stand between the words of one name in MT output (spaces, quotes around a part).
SEP = re.compile(r"[\s«»\"“”„‘’]+")
NOMINATIVE: list[Feature] = [("nomn", "sing")]


@dataclass(frozen=True)
class Cand:
    """One spelling MT may have used for a term: its words and the grammar that inflects it."""

    words: tuple[str, ...]
    origin: str                   # language whose morphology reads it
    exact: bool                   # the glossary term itself (or an accepted spelling)
    partial: bool = False         # the last word of a person's name only
    quoted: bool = False          # the words before a quoted name (операція «…»): any quoted phrase follows


@dataclass(frozen=True)
class Reading:
    """One way to read an MT token: the key to look up, and (Turkish) the suffix after it."""

    key: str
    suffix: str = ""
    apostrophe: str = "'"
    glued: bool = False           # suffix written without the apostrophe (Harkovda)


@dataclass
class Hit:
    """A span of the MT target read as a rendering of a term, with the grammatical readings."""

    start: int
    end: int
    feats: list[Feature]
    cand: Cand
    suffix: str = ""
    apostrophe: str = "'"
    glued: bool = False
    flags: list[Flag] = field(default_factory=list)


@lru_cache(maxsize=1)
def _common_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(fold(w) for w in words.split()) for lang, words in read_table("l10n.glossary", "common_words.tsv")}


class Morphology:
    """Strategy for a language whose names do not inflect (English): spellings are matched as
    written (case-insensitively) and replaced by the glossary term verbatim."""

    def __init__(self, lang: str):
        self.lang = lang

    # -- words -------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[re.Match]:
        return list(WORD.finditer(text))

    def readings(self, token: str) -> tuple[Reading, ...]:
        """The keys under which ``token`` may be found in a candidate's word index."""
        return (Reading(norm_apostrophe(fold(token))),)

    def word_key(self, word: str) -> str:
        return norm_apostrophe(fold(word))

    def common_word(self, word: str) -> bool:
        """True when ``word`` (a capitalised surname found in source text) is also an ordinary
        word of this language (``data/common_words.tsv``); opening a sentence, such a mention
        needs the full name nearby to count."""
        return fold(word) in _common_words().get(self.lang, frozenset())

    # -- spellings -----------------------------------------------------------------------------
    def source_forms(self, term: Term, lt: LangTerm) -> set[str]:
        """Spellings of an entry to look for in source text of this language."""
        return set(lt.surfaces())

    def origins(self, surface: str, lang: str) -> tuple[str, ...]:
        """Grammars to read a spelling with (``lang``: the language it came from)."""
        return (self.lang,)

    def respellings(self, surface: str, lang: str) -> list[str]:
        """Other spellings MT may produce from ``surface`` (transliterations), in this script."""
        return []

    def index(self, cand: Cand, term: Term) -> list[dict[str, list[Feature] | None]]:
        """Per word of ``cand``: every key it may appear under, with its grammatical readings
        (None: the word does not tell)."""
        return [{self.word_key(w): None} for w in cand.words]

    def stems(self, cand: Cand, term: Term) -> list[str]:
        """Stems of a do-not-translate spelling that MT may inflect (Хаймарсів)."""
        return []

    # -- writing -----------------------------------------------------------------------------
    def render(self, hit: Hit, term: Term, target: str, source: str) -> tuple[str | None, Flag | None]:
        """The glossary term in the form of ``hit`` (None: keep MT's text)."""
        if hit.cand.exact:
            return None, None
        return " ".join(self.term_words(term, hit)), None

    def term_words(self, term: Term, hit: Hit) -> list[str]:
        """The glossary spelling's words as written (with its quotes: операція «Павутина»); the
        last one only for a rendering of the surname alone."""
        words = term.lang(self.lang).term.split()
        return words[-1:] if hit.cand.partial else words

    def derived(self, term: Term, keys: list[str]) -> bool:
        """True when a word made from the term (an adjective: київський) renders it."""
        return False

    def foreign_name(self, hit: Hit, target: str, source: str, neighbours: list[tuple[str, str]]) -> bool:
        """True when a Latin spelling found is part of a longer name kept in the original."""
        if script_of(" ".join(hit.cand.words)) != "lat":
            return False
        after = re.match(r"[\s,.'’-]{0,3}([A-Za-z])", target[hit.end:])
        before = re.search(r"([A-Za-z])[\s,.'’-]{0,3}$", target[:hit.start])
        return script_of(target) == "cyr" and bool(after or before)
