"""Which ``Morphology`` strategy serves each language, from ``data/morphology.tsv``.

>>> type(morphology("uk")).__name__, type(morphology("tr")).__name__, type(morphology("en")).__name__
('SlavicMorphology', 'TurkishMorphology', 'Morphology')
"""

from __future__ import annotations

from functools import lru_cache

from l10n.data import read_table
from l10n.glossary.morphology import Morphology
from l10n.glossary.slavic import SlavicMorphology
from l10n.glossary.turkish import TurkishMorphology

STRATEGIES: dict[str, type[Morphology]] = {"plain": Morphology, "slavic": SlavicMorphology,
                                           "turkish": TurkishMorphology}


@lru_cache(maxsize=None)
def morphology(lang: str) -> Morphology:
    """The strategy for ``lang``; languages not listed are treated as not inflecting names."""
    kinds = {row[0]: row[1] for row in read_table("l10n.glossary", "morphology.tsv")}
    return STRATEGIES[kinds.get(lang, "plain")](lang)
