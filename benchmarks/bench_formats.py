"""Speed of the article readers/writers: read + render of long generated articles (DOCX, SRT,
WebVTT, HTML, HTML with translatable attributes, CMS JSON with such an HTML body, Markdown with
image figures, Markdown), each
also checked to render byte-identical when nothing is translated.

Usage: python benchmarks/bench_formats.py [--blocks N] [--repeat R] [--data DIR]
The last line is the headline: ms for read+render of a generated 1000-block Markdown article.
When DIR (default ../shared/eval) holds FLORES-200 (mt/flores200_devtest/eng_Latn.devtest), the
same is measured on a Markdown article made of its 1012 real English sentences, one per paragraph.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.formats import read_document, render_document  # noqa: E402

PARAGRAPH = ("Officials in **Kharkiv** said on Tuesday that [the city council](https://example.com/news/{n} "
             "\"Council\") approved a budget of $1.5 million for `repairs`, according to _Ukrinform_.")
ITEM = "- Item {n} with a [link](https://example.com/{n}) and *emphasis*"
#: A figure with image alt text and title (two value blocks) after every paragraph.
FIGURE = '![The council in session, meeting {n}](/img/{n}.jpg "Photo by Reuters {n}")'

HTML_P = ("<p>Officials in <strong>Kharkiv</strong> said on Tuesday that <a href=\"https://example.com/{n}\">"
          "the city council</a> approved a budget of $1.5&nbsp;million for <code>repairs</code>.</p>")
#: The same paragraph with translatable attributes (``title``, ``alt``) around it.
HTML_P_ATTRS = ("<p>Officials in <strong>Kharkiv</strong> said on Tuesday that <a href=\"https://example.com/{n}\" "
                "title=\"Council news &amp; votes {n}\">the city council</a> approved a budget of $1.5&nbsp;million "
                "for <code>repairs</code>.</p>\n<figure><img src=\"/img/{n}.jpg\" alt=\"The council in session, "
                "meeting {n}\"></figure>")


def markdown_article(blocks: int, figures: bool = False) -> str:
    """Headings, list items and paragraphs (each with a titled link); with ``figures`` a lone image
    with alt text and title follows every paragraph."""
    parts = []
    for n in range(blocks):
        if n % 10 == 0:
            parts.append(f"## Section {n // 10}")
        elif n % 10 in (4, 5):
            parts.append(ITEM.format(n=n))
        else:
            parts.append(PARAGRAPH.format(n=n))
            if figures:
                parts.append(FIGURE.format(n=n))
    return "\n\n".join(parts) + "\n"


def html_article(blocks: int, attributes: bool = False) -> str:
    """``blocks`` paragraphs; with ``attributes`` each also has a link ``title`` and an image ``alt``."""
    body = "\n".join((HTML_P_ATTRS if attributes else HTML_P).format(n=n) for n in range(blocks))
    head = '<meta name="description" content="Kharkiv budget">' if attributes else ""
    html = '<html lang="en">' if attributes else "<html>"
    return f"<!DOCTYPE html>\n{html}<head>{head}<title>Budget</title></head>\n<body>\n{body}\n</body></html>\n"


def json_article(blocks: int) -> str:
    """A CMS JSON article whose HTML body has a link ``title`` and an image ``alt`` per paragraph,
    written ASCII-only with ``\\/`` as PHP's ``json_encode`` does (every escape mapped on render)."""
    import json
    body = "\n".join(HTML_P_ATTRS.format(n=n) for n in range(blocks))
    text = json.dumps({"id": 1, "title": "Kharkiv budget", "body": body, "format": "html", "tags": ["Kharkiv"]})
    return text.replace("/", "\\/")


def srt_article(blocks: int, vtt: bool = False) -> str:
    """``blocks`` sentences, every other one spanning two cues."""
    cues, n, t = [], 0, 0
    sep = "." if vtt else ","
    for b in range(blocks):
        texts = ([f"Officials in <i>Kharkiv</i> said on Tuesday that the council {b}", "approved the budget."]
                 if b % 2 else [f"JOHN: The talks will continue on Tuesday {b}."])
        for line in texts:
            n += 1
            stamp = lambda s: f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{sep}000"  # noqa: E731
            cues.append(("" if vtt else f"{n}\n") + f"{stamp(t)} --> {stamp(t + 2)}\n{line}")
            t += 2
    return ("WEBVTT\n\n" if vtt else "") + "\n\n".join(cues) + "\n"


def docx_article(blocks: int) -> bytes:
    import io

    import docx
    d = docx.Document()
    for n in range(blocks):
        if n % 10 == 0:
            d.add_heading(f"Section {n // 10}", level=2)
            continue
        p = d.add_paragraph("Officials in ")
        p.add_run("Kharkiv").bold = True
        p.add_run(f" said on Tuesday that the council approved a budget of $1.5 million ({n}).")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def measure(text: str | bytes, fmt: str, repeat: int) -> tuple[float, float, int]:
    best_read = best_render = float("inf")
    doc = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = read_document(text, fmt=fmt)
        t1 = time.perf_counter()
        translations = {b.index: b.text + " ok" for b in doc.blocks}  # every block changed
        t2 = time.perf_counter()
        out = render_document(doc, translations, lang="uk")
        t3 = time.perf_counter()
        assert render_document(doc, {}) == text
        assert out
        best_read = min(best_read, t1 - t0)
        best_render = min(best_render, t3 - t2)
    return best_read * 1000, best_render * 1000, len(doc.blocks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--blocks", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5, help="best of R runs (default 5)")
    ap.add_argument("--data", default=None, help="eval data folder (default: ../shared/eval from the repo root)")
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    data = Path(args.data).resolve() if args.data else (root / ".." / "shared" / "eval").resolve()
    flores = data / "mt" / "flores200_devtest" / "eng_Latn.devtest"
    if flores.is_file():
        sentences = flores.read_text(encoding="utf-8").splitlines()
        text = "\n\n".join(s for s in sentences if s.strip()) + "\n"
        read_ms, render_ms, nblocks = measure(text, "markdown", args.repeat)
        print(f"markdown (FLORES devtest sentences): {nblocks} blocks: read {read_ms:.1f} ms, "
              f"render {render_ms:.1f} ms")
    for name, fmt, text in (("docx", "docx", docx_article(args.blocks)), ("srt", "srt", srt_article(args.blocks)),
                            ("vtt", "vtt", srt_article(args.blocks, vtt=True)),
                            ("html", "html", html_article(args.blocks)),
                            ("html with alt/title attributes", "html", html_article(args.blocks, attributes=True)),
                            ("CMS JSON, HTML body with alt/title attributes", "json", json_article(args.blocks)),
                            ("markdown with image alt/title figures", "markdown",
                             markdown_article(args.blocks, figures=True)),
                            ("markdown", "markdown", markdown_article(args.blocks))):
        read_ms, render_ms, nblocks = measure(text, fmt, args.repeat)
        print(f"{name}: {nblocks} blocks, {len(text) / 1024:.0f} KiB: read {read_ms:.1f} ms, "
              f"render (all blocks translated) {render_ms:.1f} ms; untranslated round trip byte-identical")
    print(f"markdown read+render, {args.blocks} blocks: {read_ms + render_ms:.1f} ms")


if __name__ == "__main__":
    main()
