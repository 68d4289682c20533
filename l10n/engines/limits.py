"""What a CTranslate2 model can take: its position limit, and long inputs split to fit it.

Why: a Transformer with a learned (or stored) position table has no encoding for positions past its
size; CTranslate2 then fails the *whole batch* with ``No position encodings are defined for positions
>= 256``. One 200-word sentence must not fail an article, so the engine reads the table size from
``model.bin`` (the header lists every variable's shape; no weights are read), splits a longer sentence
at clause boundaries into chunks that fit, translates the chunks and joins them.

The ``model.bin`` layout (CTranslate2 ``ModelSpec._serialize``): uint32 binary version, then (version
>= 2) the spec name and a uint32 revision, a uint32 variable count, and per variable its name, a uint8
rank, ``rank`` uint32 dimensions, (version >= 4) a uint8 dtype id and a uint32 byte count — or (older) a
uint8 item size and a uint32 element count — followed by the payload. Strings are a uint16 length
(including a trailing NUL) and the bytes.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import BinaryIO, Callable

#: Tokens kept free below the position limit (the decoder may add </s>; some models add <s>).
RESERVE = 2


def _read(f: BinaryIO, fmt: str) -> tuple:
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise ValueError("model.bin is truncated")
    return struct.unpack(fmt, data)


def _string(f: BinaryIO) -> str:
    (n,) = _read(f, "<H")
    data = f.read(n)
    if len(data) != n:
        raise ValueError("model.bin is truncated")
    return data.rstrip(b"\0").decode("utf-8", "replace")


def variable_shapes(model_bin: Path) -> dict[str, tuple[int, ...]]:
    """Every variable's shape in a CTranslate2 ``model.bin``, reading headers and skipping payloads."""
    shapes: dict[str, tuple[int, ...]] = {}
    with open(model_bin, "rb") as f:
        (version,) = _read(f, "<I")
        if not 1 <= version <= 64:
            raise ValueError(f"unknown model.bin version {version}")
        if version >= 2:
            _string(f)
            _read(f, "<I")
        (count,) = _read(f, "<I")
        for _ in range(count):
            name = _string(f)
            (rank,) = _read(f, "<B")
            shape = _read(f, f"<{rank}I") if rank else ()
            if version >= 4:
                _, nbytes = _read(f, "<BI")
            else:
                item, items = _read(f, "<BI")
                nbytes = item * items
            shapes[name] = tuple(shape)
            f.seek(nbytes, 1)
    return shapes


def max_positions(model_dir: Path) -> int | None:
    """The smallest position-table size of the model's encoder/decoder, or None when positions are
    computed on the fly (sinusoidal, rotary: no fixed limit).

    >>> max_positions(Path("/nonexistent")) is None
    True
    """
    path = Path(model_dir) / "model.bin"
    try:
        shapes = variable_shapes(path)
    except (OSError, ValueError, struct.error):
        return None
    sizes = [shape[0] for name, shape in shapes.items()
             if name.endswith("position_encodings/encodings") and shape]
    return min(sizes) if sizes else None


#: Where a long sentence may be cut, best first: after clause punctuation, then before a conjunction-like
#: short word, then at any space.
_CLAUSE_ENDS = re.compile(r"(?<=[,;:–—)\]])\s+|\s+(?=[–—(\[])")


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` into consecutive pieces of at most ``limit`` tokens (``count`` counts them),
    cutting at clause punctuation where possible, else between words, else between characters.
    ``"".join(pieces) == text``: the cut whitespace stays at the end of the piece before it.

    >>> split_to_fit("one, two, three", lambda s: len(s.split()), 2)
    ['one, two, ', 'three']
    """
    if count(text) <= limit:
        return [text]
    for pattern in (_CLAUSE_ENDS, re.compile(r"(?<=\s)(?=\S)"), re.compile(r"(?<=.)(?=.)", re.S)):
        cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
        if cuts:
            pieces = _pack(text, cuts, count, limit)
            if all(count(p) <= limit for p in pieces) or pattern.pattern == "(?<=.)(?=.)":
                return pieces
            # some clause is still too long: split that clause further
            out: list[str] = []
            for piece in pieces:
                out += split_to_fit(piece, count, limit) if count(piece) > limit else [piece]
            return out
    return [text]


def _pack(text: str, cuts: list[int], count: Callable[[str], int], limit: int) -> list[str]:
    """Greedily join the pieces between ``cuts`` while each joined piece stays within ``limit``."""
    bounds = [0] + cuts + [len(text)]
    pieces, start = [], 0
    for i in range(1, len(bounds)):
        end = bounds[i]
        if end < len(text) and count(text[start:bounds[i + 1]]) <= limit:
            continue
        if start < end:
            pieces.append(text[start:end])
            start = end
    return pieces
