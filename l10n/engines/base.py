"""The engine interface: what the pipeline needs from a machine-translation backend.

Deliberately small so another backend (a remote API, a different runtime) can be added as one
class: list the direct language pairs it has, and translate a batch of plain sentences for one pair.
Pivoting through English is done here once, for every engine.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from l10n.errors import ModelNotInstalled

PIVOT = "en"


class Engine(Protocol):
    name: str

    def pairs(self) -> set[tuple[str, str]]:
        """Directly installed (source, target) pairs."""
        ...

    def translate_direct(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate plain sentences with the package for exactly (src, tgt)."""
        ...

    # Optional: ``hypotheses_direct(text, src, tgt, n) -> list[str]`` — up to ``n`` distinct
    # translations, best first (LibreTranslate's ``alternatives``). Engines without it give one.


def route(pairs: set[tuple[str, str]], src: str, tgt: str) -> list[tuple[str, str]] | None:
    """The hops to go from ``src`` to ``tgt``: direct if installed, else through English, else None.

    >>> route({("uk", "en"), ("en", "tr")}, "uk", "tr")
    [('uk', 'en'), ('en', 'tr')]
    """
    if (src, tgt) in pairs:
        return [(src, tgt)]
    if src != PIVOT and tgt != PIVOT and (src, PIVOT) in pairs and (PIVOT, tgt) in pairs:
        return [(src, PIVOT), (PIVOT, tgt)]
    return None


def reachable_pairs(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Every pair that can be translated, direct or pivoted, with its hops."""
    langs = {lang for pair in pairs for lang in pair}
    out = {}
    for src in sorted(langs):
        for tgt in sorted(langs):
            if src != tgt:
                hops = route(pairs, src, tgt)
                if hops:
                    out[(src, tgt)] = hops
    return out


def missing_model_error(src: str, tgt: str) -> ModelNotInstalled:
    if src == PIVOT or tgt == PIVOT:
        cmd = f"l10n models install {src}-{tgt}"
    else:
        cmd = f"l10n models install {src}-{tgt} (or {src}-{PIVOT} and {PIVOT}-{tgt} to pivot through English)"
    return ModelNotInstalled(f"no translation model for {src}->{tgt}; install one with: {cmd}")


def translate(engine: Engine, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
    """Translate with ``engine``, pivoting through English when no direct package exists."""
    if src == tgt:
        return list(sentences)
    hops = route(engine.pairs(), src, tgt)
    if hops is None:
        raise missing_model_error(src, tgt)
    out = list(sentences)
    for hop_src, hop_tgt in hops:
        out = engine.translate_direct(out, hop_src, hop_tgt)
    return out


def hypotheses(engine: Engine, text: str, src: str, tgt: str, n: int) -> list[str]:
    """Up to ``n`` distinct translations of ``text``, best first; pivoted pairs vary the last hop.

    Engines without ``hypotheses_direct`` answer their single translation."""
    hops = route(engine.pairs(), src, tgt) if src != tgt else []
    if hops is None:
        raise missing_model_error(src, tgt)
    if not hops:
        return [text]
    for hop_src, hop_tgt in hops[:-1]:
        text = engine.translate_direct([text], hop_src, hop_tgt)[0]
    last_src, last_tgt = hops[-1]
    direct = getattr(engine, "hypotheses_direct", None)
    if direct is None:
        return engine.translate_direct([text], last_src, last_tgt)
    return list(dict.fromkeys(direct(text, last_src, last_tgt, n)))[:n]
