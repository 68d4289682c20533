"""What the translation memory stores: ``Unit`` (one translation with provenance) and ``Match``.

These are plain values shared by every store backend and every file format (TMX, PO import),
so neither needs to import the other. ``source_hash`` is the stable 64-bit key of a source text
that all backends index for exact lookups.

>>> source_hash("Good morning.") == source_hash("Good morning.")
True
>>> Unit("en", "uk", "Hello.", "Привіт.").origin
'human'
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
from dataclasses import dataclass, replace
from typing import Iterable

from l10n.errors import MemoryStoreError

#: Who produced a stored translation: a translator (approved) or the machine (a draft).
ORIGINS = ("human", "mt")


@dataclass(frozen=True)
class Match:
    """A fuzzy match: a stored ``source`` similar to the query, its ``target``, and ``score`` in 0..1."""

    source: str
    target: str
    score: float
    origin: str = "human"


@dataclass(frozen=True)
class Unit:
    """One stored translation with its provenance (what ``add_many`` takes and TMX carries)."""

    src_lang: str
    tgt_lang: str
    source: str
    target: str
    origin: str = "human"
    file: str | None = None
    article: str | None = None
    segment: str | None = None
    created: str | None = None
    updated: str | None = None


def source_hash(text: str) -> int:
    """Signed 64-bit key of a source text (fits SQLite INTEGER and PostgreSQL BIGINT), stable
    across processes and machines."""
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big", signed=True)


def now() -> str:
    """The current UTC time as ISO 8601 (``2024-05-01T10:00:00Z``): the stores' timestamp form."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


#: Fuzzy candidates have a length within +-50 % of the query's, on every backend.
FUZZY_LENGTH_WINDOW = 0.5


def length_window(text: str) -> tuple[int, int]:
    """The ``(shortest, longest)`` stored source a fuzzy query for ``text`` considers (both backends
    prefilter by it, so they see the same candidates by length)."""
    n = len(text)
    return int(n * (1 - FUZZY_LENGTH_WINDOW)), int(n * (1 + FUZZY_LENGTH_WINDOW)) + 1


def score_matches(text: str, candidates: Iterable[tuple[str, str, str]], threshold: float,
                  limit: int) -> list[Match]:
    """Score ``(source, target, origin)`` candidates against ``text`` with difflib's ratio; the best
    ``limit`` at or above ``threshold``, best first. Every backend prefilters its own way (word
    index on SQLite, trigrams on PostgreSQL) and scores here, so scores are the same on both.

    >>> score_matches("Good morning.", [("Good morning!", "Доброго ранку!", "human")], 0.75, 3)
    [Match(source='Good morning!', target='Доброго ранку!', score=0.9231, origin='human')]
    """
    matches = []
    for source, target, origin in candidates:
        sm = difflib.SequenceMatcher(None, text, source, autojunk=False)
        if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
            continue
        score = sm.ratio()
        if score >= threshold:
            matches.append(Match(source, target, round(score, 4), origin))
    matches.sort(key=lambda m: (-m.score, m.source))
    return matches[:limit]


class MemoryBase:
    """What both stores (SQLite and PostgreSQL) share: one-unit ``add`` over ``add_many``, and ``with``."""

    def add_many(self, units: Iterable[Unit]) -> int:  # pragma: no cover - each store implements it
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - each store implements it
        raise NotImplementedError

    @staticmethod
    def storable(units: Iterable[Unit]) -> list[Unit]:
        """What ``add_many`` writes, the same on every store: each unit's origin checked (an unknown one
        is a ``MemoryStoreError``), units with an empty source or target left out, and missing
        ``created``/``updated`` stamped now (``updated`` defaults to ``created``)."""
        stamp = now()
        out = []
        for u in units:
            if u.origin not in ORIGINS:
                raise MemoryStoreError(f"origin must be human or mt, got {u.origin!r}")
            if not u.source.strip() or not u.target.strip():
                continue
            created = u.created or stamp
            out.append(replace(u, created=created, updated=u.updated or created))
        return out

    def add(self, src: str, tgt: str, source: str, target: str, *, origin: str = "human",
            file: str | None = None, article: str | None = None, segment: str | None = None,
            when: str | None = None) -> bool:
        """Store one translation; returns ``True`` when it was inserted or replaced an older one."""
        return self.add_many([Unit(src, tgt, source, target, origin, file, article, segment, when, when)]) == 1

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
