"""The post-MT steps on one segment: glossary enforcement, then value localization.

``translate`` runs these after MT; ``l10n postedit`` and ``Translator.postedit`` run them on an
existing translation (a third-party MT draft, a translator's draft). One function, so the three
cannot drift apart. The glossary goes first: it may rewrite names, never values, and value
localization then re-reads the text it will publish.

>>> r = post_edit("The fine was $17,000.", "Штраф склав $17,000.", src="en", tgt="uk")
>>> r.target
'Штраф склав 17\\xa0000 доларів.'
>>> [(c.kind, c.before, c.after) for c in r.changes]
[('localize', '$17,000', '17\\xa0000 доларів')]
"""

from __future__ import annotations

from typing import Any

from l10n.edits import EditResult
from l10n.errors import UsageError
from l10n.glossary import postedit as enforce_glossary
from l10n.languages import normalize_lang
from l10n.localize import localize

__all__ = ["STEPS", "post_edit"]

#: The post-MT steps, in the order they run.
STEPS = ("glossary", "values")


def post_edit(source: str, target: str, *, src: str, tgt: str, glossary: Any = None,
              steps: tuple[str, ...] = STEPS, context: str | None = None) -> EditResult:
    """Run ``steps`` (a subset of ``STEPS``) on ``target``; the glossary step needs ``glossary``
    (``context``: the article or batch the segment belongs to, for surname-only mentions).

    Each step's ``Change`` offsets refer to the text after that step."""
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise UsageError(f"unknown post-edit step {unknown[0]!r} (choose from {', '.join(STEPS)})")
    src, tgt = normalize_lang(src), normalize_lang(tgt)
    result = EditResult(target)
    if "glossary" in steps and glossary is not None:
        result = result.then(enforce_glossary(source, result.target, src=src, tgt=tgt, glossary=glossary,
                                                context=context))
    if "values" in steps and src != tgt:
        result = result.then(localize(source, result.target, src=src, tgt=tgt))
    return result
