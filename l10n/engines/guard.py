"""Faults in the model path stay with the segment that caused them.

Two guards between the pipeline and an engine:

* ``translate_isolated`` — one engine call per chunk as before, but when that call fails the chunk is
  bisected and retried, so a sentence the engine cannot take (a position overflow, an encoding error, a
  model bug) fails *alone*: every other sentence is translated, the failing one comes back as ``None``
  with its error message. Errors that concern the whole pair (no model installed, a package that does not
  load) are not per-sentence and still propagate.
* ``check_output`` — engine output is data, not markup: inline placeholders (``<1>``, ``</1>``, ``<2/>``)
  in MT output would be taken for the source's own markup when tags are re-inserted, control characters
  (NUL …) corrupt every output format, and an empty or runaway output is not a translation. Such output is
  cleaned or replaced by the source text, and the segment is flagged.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from l10n.document import Flag
from l10n.errors import L10nError, InputError

#: Output longer than this many times the source (and this many characters) is runaway decoding.
RUNAWAY_RATIO = 8
RUNAWAY_MIN_CHARS = 1000

_PLACEHOLDER = re.compile(r"</?\d+/?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LETTER = re.compile(r"[^\W\d_]")

TranslateFn = Callable[[Sequence[str]], list[str]]


def _per_input(exc: BaseException) -> bool:
    """True for errors that a single input can cause (retry the others without it)."""
    if isinstance(exc, L10nError):
        return isinstance(exc, InputError)
    return isinstance(exc, Exception)


def translate_isolated(translate: TranslateFn, texts: Sequence[str]) -> tuple[list[str | None], dict[int, str]]:
    """``translate(texts)``; on a per-input failure, bisect and retry so only the failing texts fail.

    Returns the translations (``None`` where a text failed) and ``{index: error message}``.

    >>> def engine(batch):
    ...     if "bad" in batch: raise RuntimeError("cannot translate 'bad'")
    ...     return [t.upper() for t in batch]
    >>> translate_isolated(engine, ["a", "bad", "c"])
    (['A', None, 'C'], {1: "cannot translate 'bad'"})
    """
    out: list[str | None] = [None] * len(texts)
    errors: dict[int, str] = {}

    def run(lo: int, hi: int) -> None:
        try:
            result = translate(list(texts[lo:hi]))
            if len(result) != hi - lo:
                raise RuntimeError(f"engine returned {len(result)} translations for {hi - lo} texts")
        except BaseException as exc:
            if not _per_input(exc):
                raise
            if hi - lo == 1:
                errors[lo] = (str(exc).splitlines() or [type(exc).__name__])[0][:300]
                return
            mid = (lo + hi) // 2
            run(lo, mid)
            run(mid, hi)
            return
        out[lo:hi] = result

    if texts:
        run(0, len(texts))
    return out, errors


def failed_flag(message: str) -> Flag:
    return Flag("mt-failed", "error", f"machine translation failed, source kept: {message}")


def check_output(source: str, output: Any) -> tuple[str | None, list[Flag]]:
    """Clean one engine output; ``None`` means "not a translation: keep the source".

    >>> check_output("Talks resume.", "Переговори <1>відновлюються</1>.")
    ('Переговори відновлюються.', [Flag(code='mt-markup', severity='warning', message='machine translation contained markup placeholders (removed)', term=None)])
    >>> check_output("Talks resume.", "  ")[0] is None
    True
    """
    if not isinstance(output, str):
        return None, [Flag("mt-invalid", "error", "machine translation is not text; source kept")]
    flags: list[Flag] = []
    if _CONTROL.search(output):
        output = _CONTROL.sub("", output)
        flags.append(Flag("mt-control-chars", "warning",
                          "machine translation contained control characters (removed)"))
    if _PLACEHOLDER.search(output):
        output = re.sub(r"\s{2,}", " ", _PLACEHOLDER.sub("", output)).strip()
        flags.append(Flag("mt-markup", "warning",
                          "machine translation contained markup placeholders (removed)"))
    if not output.strip() and _LETTER.search(source):
        return None, flags + [Flag("mt-empty", "error", "machine translation is empty; source kept")]
    if len(output) > max(RUNAWAY_MIN_CHARS, RUNAWAY_RATIO * len(source)):
        return None, flags + [Flag("mt-runaway", "error",
                                   f"machine translation is {len(output)} characters for a "
                                   f"{len(source)}-character source; source kept")]
    return output, flags
