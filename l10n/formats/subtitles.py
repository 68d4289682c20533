"""Subtitles: SRT and WebVTT. A sentence that runs over several cues is one block.

Cue numbers, identifiers, timing lines (with VTT cue settings), ``NOTE``/``STYLE``/``REGION``
blocks and the ``WEBVTT`` header are literal. Consecutive cues are joined into one block until a
cue ends a sentence (``.``, ``!``, ``?``, ``…``, closing quotes after them) or the next cue starts
with a speaker (``- ``, ``JOHN: ``) — at most ``MAX_GROUP`` cues. Inside a block:

* the source between two cues (blank line, number, timing line) is a standalone placeholder, so MT
  translates the sentence as one and the pipeline puts the boundary back in proportion;
  a renderer then re-wraps each cue's text into lines of at most ``MAX_LINE`` characters;
* line breaks inside a cue are spaces, except before a speaker dash or label, which is kept;
* a speaker label at the start of the block is literal; ``<i> <b> <u> <font>`` (SRT) and
  ``<i> <b> <u> <c.x> <lang> <ruby>`` (VTT) are paired placeholders, VTT voice tags ``<v Name>``
  and timestamps ``<00:01.000>`` are standalone.

The ``srt`` and ``webvtt-py`` libraries check the whole file; every timing line is checked here
too (``start <= end``), so a broken file is one ``InputError`` naming its line.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

from l10n.document import Block
from l10n.errors import InputError
from l10n.formats.base import PartsBuilder
from l10n.inline import PLACEHOLDER_RE, escape_literal, fill_tags, strip_tags

MAX_LINE = 42
MAX_GROUP = 8

_SRT_TIME = r"(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})"
_VTT_TIME = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_SRT_TIMING = re.compile(rf"\s*{_SRT_TIME}\s*-->\s*{_SRT_TIME}(?:\s+.*)?\s*")
_VTT_TIMING = re.compile(rf"{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t]+.*)?")
_LABEL = re.compile(r"(?:[-–—][ \t]*|[A-Z][A-Z0-9 .'’-]{0,30}:[ \t]+|\[[^\]\n]{1,30}\]:[ \t]*)(?=\S)")
_VOICE = re.compile(r"<v(?:\.[^ >\n]*)?(?: [^>\n]*)?>[ \t]*")
_END = re.compile(r"[.!?…]['\"’”»)\]]*\s*$")
_TAG = re.compile(r"<(/?)([a-zA-Z]+)((?:[. ][^>\n]*)?)>|<\d{1,3}(?::\d\d)+\.\d{3}>")
_PAIRED = {"i", "b", "u", "font", "c", "lang", "ruby", "rt", "s"}


@dataclass
class _Cue:
    start: int                    # offset of the payload's first character
    end: int                      # offset after the payload's last character (before its newline)
    lines: list[tuple[int, int]] = field(default_factory=list)  # payload line (start, end) offsets


def _error(path: str | None, line: int, message: str) -> InputError:
    return InputError(message, where=f"{path or '<subtitles>'}:{line}")


def _seconds(groups: tuple) -> float:
    h, m, s, ms = (int(g) if g else 0 for g in groups)
    return h * 3600 + m * 60 + s + ms / 1000


def _check_library(text: str, vtt: bool, path: str | None) -> None:
    """The libraries' own verdict on the whole file (header, cue grammar)."""
    if vtt:
        import webvtt
        from webvtt.errors import MalformedCaptionError, MalformedFileError
        try:
            webvtt.from_string(text.lstrip("\ufeff"))
        except (MalformedFileError, MalformedCaptionError) as exc:
            raise _error(path, 1, f"not a WebVTT file: {exc} (it must start with 'WEBVTT')") from None
        return
    import srt
    try:
        for _ in srt.parse(text.lstrip("\ufeff"), ignore_errors=False):
            pass
    except (srt.SRTParseError, srt.TimestampParseError, ValueError) as exc:
        pos = getattr(exc, "expected_start", None)
        line = text.count("\n", 0, pos) + 1 if isinstance(pos, int) else 1
        raise _error(path, line, f"not a valid SRT cue here ({str(exc).split(' (')[0][:120]})") from None


def _cues(text: str, vtt: bool, path: str | None) -> list[_Cue | None]:
    """Cues in order; ``None`` marks a non-cue chunk (header, NOTE ...) that separates groups."""
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    out: list[_Cue | None] = []
    i = 0
    timing = _VTT_TIMING if vtt else _SRT_TIMING
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        chunk = [ln.rstrip("\r\n") for ln in lines[i:j]]
        t = next((k for k, ln in enumerate(chunk[:2]) if "-->" in ln), None)
        first = chunk[0].lstrip("\ufeff")
        if t is None:
            if vtt and (i == 0 or first.startswith(("NOTE", "STYLE", "REGION"))):
                out.append(None)
                i = j
                continue
            raise _error(path, i + 1, "expected a cue timing line (00:00:01,000 --> 00:00:02,000)"
                         if not vtt else "expected a cue timing line (00:01.000 --> 00:02.000)")
        if not vtt and (t != 1 or not first.strip().isdigit()):
            raise _error(path, i + 1, "an SRT cue starts with its number, then its timing line")
        m = timing.fullmatch(chunk[t])
        if m is None:
            raise _error(path, i + t + 1, f"broken cue timing {chunk[t].strip()[:60]!r}")
        if _seconds(m.groups()[4:]) < _seconds(m.groups()[:4]):
            raise _error(path, i + t + 1, f"cue ends before it starts: {chunk[t].strip()[:60]!r}")
        payload = [(offsets[k], offsets[k] + len(lines[k].rstrip("\r\n"))) for k in range(i + t + 1, j)]
        out.append(_Cue(payload[0][0], payload[-1][1], payload) if payload else None)
        i = j
    return out


def _groups(text: str, cues: list[_Cue | None]) -> list[list[_Cue]]:
    groups: list[list[_Cue]] = []
    current: list[_Cue] = []
    for cue in cues:
        if cue is None:
            if current:
                groups.append(current)
            current = []
            continue
        first_line = text[cue.lines[0][0]:cue.lines[0][1]]
        if current and (_LABEL.match(first_line) or _VOICE.match(first_line) or len(current) >= MAX_GROUP):
            groups.append(current)
            current = []
        current.append(cue)
        plain = re.sub(_TAG, "", text[cue.start:cue.end])
        if _END.search(plain):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


class _Tagger:
    """Builds one block's tagged text from source pieces, numbering placeholders from 1."""

    def __init__(self, vtt: bool) -> None:
        self.vtt = vtt
        self.out: list[str] = []
        self.tags: dict[str, tuple[str, str]] = {}
        self.next_id = 1
        self.open: list[tuple[str, str]] = []  # (tag name, id)

    def single(self, markup: str, space: bool = False) -> None:
        """A standalone placeholder; ``space``: it separates words (a cue or line boundary)."""
        self.tags[str(self.next_id)] = (markup, "")
        if space and self.out and not self.out[-1].endswith(" "):
            self.out.append(" ")
        self.out.append(f"<{self.next_id}/>")
        self.next_id += 1

    def text(self, source: str) -> None:
        pos = 0
        for m in _TAG.finditer(source):
            self._plain(source[pos:m.start()])
            pos = m.end()
            name = (m.group(2) or "").lower()
            if name in _PAIRED and not m.group(1):
                tid = str(self.next_id)
                self.next_id += 1
                self.tags[tid] = (m.group(0), f"</{m.group(2)}>")
                self.open.append((name, tid))
                self.out.append(f"<{tid}>")
            elif m.group(1) and self.open and self.open[-1][0] == name:
                _, tid = self.open.pop()
                self.tags[tid] = (self.tags[tid][0], m.group(0))
                self.out.append(f"</{tid}>")
            else:
                self.single(m.group(0))
        self._plain(source[pos:])

    def _plain(self, chunk: str) -> None:
        if not chunk:
            return
        if self.vtt:
            chunk = html.unescape(chunk)
        tagged, self.next_id = escape_literal(chunk, self.tags, self.next_id,
                                              (lambda s: _escape_vtt(s)) if self.vtt else (lambda s: s))
        self.out.append(tagged)

    def finish(self) -> str:
        """Close pairs left open (their closing tag is in another block): they become standalone."""
        text = "".join(self.out)
        for _, tid in self.open:
            text = text.replace(f"<{tid}>", f"<{tid}/>")
            self.tags[tid] = (self.tags[tid][0], "")
        return text


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse(text: str, builder: PartsBuilder, vtt: bool, path: str | None = None) -> PartsBuilder:
    """Cut ``text`` (SRT, or WebVTT with ``vtt``) into literal cue structure and sentence blocks."""
    cues = _cues(text, vtt, path)  # line-precise messages first, then the library's verdict
    _check_library(text, vtt, path)
    pos = 0
    for group in _groups(text, cues):
        first = group[0]
        label = (_LABEL.match(text, first.start, first.lines[0][1])
                 or _VOICE.match(text, first.start, first.lines[0][1]))
        start = label.end() if label else first.start
        builder.literal(text[pos:start])
        tagger = _Tagger(vtt)
        prev_end = None
        for cue in group:
            if prev_end is not None:
                tagger.single(text[prev_end:cue.start], space=True)
            for n, (a, b) in enumerate(cue.lines):
                if n:
                    inner = _LABEL.match(text, a, b)
                    if inner:
                        tagger.single(text[cue.lines[n - 1][1]:inner.end()], space=True)
                        a = inner.end()
                    else:
                        tagger.out.append(" ")
                tagger.text(text[max(a, start):b])
            prev_end = cue.end
        tagged = tagger.finish()
        builder.block("subtitle", tagged, tagger.tags, text[start:group[-1].end])
        pos = group[-1].end
    builder.literal(text[pos:])
    return builder


# ------------------------------------------------------------------ rendering

def _is_boundary(tag: tuple[str, str]) -> bool:
    return tag[1] == "" and "-->" in tag[0]


def render_block(block: Block, translation: str, info: dict, *, vtt: bool = False) -> str:
    """The translated block: cue boundaries in their source order, each cue's text re-wrapped."""
    raw = info.get("raw", {}).get(block.index)
    if translation == block.text and raw is not None:
        return raw
    boundaries = [tid for tid, tag in block.tags.items() if _is_boundary(tag)]
    translation = _snap(translation, boundaries)
    newline = "\r\n" if any("\r\n" in block.tags[t][0] for t in boundaries) or \
        "\r\n" in (raw or "") else "\n"
    chunks, pos = [], 0
    for m in PLACEHOLDER_RE.finditer(translation):
        if m.group(2) and m.group(1) in boundaries:
            chunks.append(translation[pos:m.start()])
            pos = m.end()
    chunks.append(translation[pos:])
    while len(chunks) < len(boundaries) + 1:  # a boundary the translation lost: keep the cue, empty
        chunks.append("")
    if len(chunks) > len(boundaries) + 1:
        chunks[len(boundaries):] = [" ".join(chunks[len(boundaries):])]
    escape = _escape_vtt if vtt else (lambda s: s)
    out = []
    for n, chunk in enumerate(chunks):
        if n:
            out.append(block.tags[boundaries[n - 1]][0])
        out.append(fill_tags(_wrap(chunk, block.tags, newline), block.tags, escape))
    return "".join(out)


#: A cue boundary placed by proportion moves to a clause break (after , ; : —) this close to it.
SNAP = 15
_CLAUSE = re.compile(r"[,;:—–](?:[»”\"'])?[ \t]+(?=[^\s<])")


def _snap(tagged: str, boundaries: list[str]) -> str:
    """Move each cue boundary to the nearest clause break within ``SNAP`` characters, if any."""
    for tid in boundaries:
        marker = f"<{tid}/>"
        at = tagged.find(marker)
        if at < 0:
            continue
        rest = tagged[:at] + tagged[at + len(marker):]
        lo, hi = max(0, at - SNAP), min(len(rest), at + SNAP)
        best = None
        for m in _CLAUSE.finditer(rest, lo, hi):
            if "<" in rest[min(m.end(), at):max(m.end(), at)] and rest[min(m.end(), at):max(m.end(), at)].count("/>"):
                continue  # never jump over another placeholder
            if best is None or abs(m.end() - at) < abs(best - at):
                best = m.end()
        if best is not None:
            tagged = rest[:best] + marker + rest[best:]
    return tagged


def _wrap(tagged: str, tags: dict[str, tuple[str, str]], newline: str) -> str:
    """Re-wrap a cue's tagged text into lines of at most ``MAX_LINE`` visible characters.

    Speaker placeholders that start a line (their markup begins with a newline) keep doing so."""
    pieces, pos = [], 0
    for m in PLACEHOLDER_RE.finditer(tagged):
        tag = tags.get(m.group(1) or "")
        if m.group(2) and tag and tag[0].startswith(("\n", "\r\n")):
            pieces.append(tagged[pos:m.start()])
            pieces.append(m.group(0))
            pos = m.end()
    pieces.append(tagged[pos:])
    out = []
    for i, piece in enumerate(pieces):
        out.append(piece if i % 2 else _wrap_line(" ".join(piece.split()), newline))
    return "".join(out)


def _wrap_line(text: str, newline: str) -> str:
    words: list[str] = []
    for word in text.split(" "):  # a lone placeholder (``</v>``) sticks to the word before it
        if words and not strip_tags(word):
            words[-1] += word
        else:
            words.append(word)
    sizes = [len(strip_tags(w)) for w in words]
    total = sum(sizes) + len(words) - 1
    if total <= MAX_LINE or len(words) < 2:
        return text
    lines = max(2, math.ceil(total / MAX_LINE))
    if lines == 2:  # the break that makes the longer line shortest
        best, best_len = 1, None
        for k in range(1, len(words)):
            left = sum(sizes[:k]) + k - 1
            longest = max(left, total - left - 1)
            if best_len is None or longest < best_len:
                best, best_len = k, longest
        return " ".join(words[:best]) + newline + " ".join(words[best:])
    out, line, size = [], [], 0
    for word, n in zip(words, sizes):  # longer text: fill lines up to MAX_LINE
        if line and size + 1 + n > MAX_LINE:
            out.append(" ".join(line))
            line, size = [], 0
        size += n + (1 if line else 0)
        line.append(word)
    out.append(" ".join(line))
    return newline.join(out)


class SubtitleFormat:
    """The ``parse``/``render_block`` pair ``l10n.formats`` expects, for SRT or WebVTT."""

    def __init__(self, vtt: bool) -> None:
        self.vtt = vtt

    def parse(self, text: str, builder: PartsBuilder, path: str | None = None) -> PartsBuilder:
        return parse(text, builder, self.vtt, path)

    def render_block(self, block: Block, translation: str, info: dict) -> str:
        return render_block(block, translation, info, vtt=self.vtt)


SRT = SubtitleFormat(vtt=False)
VTT = SubtitleFormat(vtt=True)
