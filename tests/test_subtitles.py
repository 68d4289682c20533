"""SRT and WebVTT: cue structure kept, sentences across cues translated as one and re-split."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from conftest import EXAMPLES
from l10n.errors import InputError
from l10n.formats import detect_format, read_document, render_document
from l10n.formats.subtitles import MAX_LINE

SRT = (EXAMPLES / "kyiv-talks.srt").read_text(encoding="utf-8")
VTT = (EXAMPLES / "kyiv-talks.vtt").read_text(encoding="utf-8")
_TIMING = re.compile(r"^.*-->.*$", re.M)


def _cue_texts(srt_text: str) -> list[str]:
    return [chunk.split("\n", 2)[2] for chunk in srt_text.strip().split("\n\n")]


def test_detected_by_extension_and_content():
    assert detect_format(SRT, "a.srt") == "srt" and detect_format(VTT, "a.vtt") == "vtt"
    assert detect_format(SRT) == "srt" and detect_format(VTT) == "vtt"


@pytest.mark.parametrize("text", [SRT, VTT, SRT.replace("\n", "\r\n"), "\ufeff" + VTT])
def test_untranslated_is_byte_identical(text):
    doc = read_document(text, fmt="vtt" if "WEBVTT" in text else "srt")
    assert render_document(doc, {}) == text
    assert render_document(doc, {b.index: b.text for b in doc.blocks}) == text


def test_sentence_across_cues_is_one_block():
    doc = read_document(SRT, fmt="srt")
    first = doc.blocks[0]
    assert first.text == ("Russia launched 117 drones and four missiles at Ukraine overnight, the Ukrainian "
                          "air force <1/>said on Monday.")
    assert "00:00:04,200 --> 00:00:06,800" in first.tags["1"][0]
    assert doc.blocks[1].text == "<1>Most of the drones were shot down over the Kharkiv and Odesa regions.</1>"
    # speaker label literal, dialogue dash kept as a placeholder
    assert doc.blocks[2].text.startswith("“Every day") and "FIDAN" not in doc.blocks[2].text
    assert doc.blocks[3].tags["1"] == ("\n- ", "")


def test_translation_keeps_numbers_timings_and_resplits_proportionally():
    doc = read_document(SRT, fmt="srt")
    long = ("Уночі Росія випустила по Україні сто сімнадцять дронів і чотири ракети, "
            "повідомили <1/>Повітряні сили України в понеділок.")
    out = render_document(doc, {0: long})
    assert _TIMING.findall(out) == _TIMING.findall(SRT)
    assert [c.split("\n")[0] for c in out.strip().split("\n\n")] == ["1", "2", "3", "4", "5", "6"]
    cue1, cue2 = _cue_texts(out)[:2]
    assert all(len(line) <= MAX_LINE for line in (cue1 + "\n" + cue2).split("\n"))
    assert " ".join(cue1.split()) == "Уночі Росія випустила по Україні сто сімнадцять дронів і чотири ракети,"
    assert " ".join(cue2.split()) == "повідомили Повітряні сили України в понеділок."  # snapped to the comma


def test_lost_boundary_keeps_every_cue():
    doc = read_document(SRT, fmt="srt")
    out = render_document(doc, {0: "Росія випустила дрони."})
    assert _TIMING.findall(out) == _TIMING.findall(SRT)


def test_tags_labels_and_dialogue_survive():
    doc = read_document(SRT, fmt="srt")
    out = render_document(doc, {1: "<1>Більшість дронів збили.</1>", 2: "«Кожен день коштує життів», <1/>сказав Фідан.",
                                3: "Переговори продовжаться. <1/>Двоє людей загинули."})
    cues = _cue_texts(out)
    assert cues[2] == "<i>Більшість дронів збили.</i>"
    assert cues[3].startswith("FIDAN: «Кожен день")
    assert cues[5] == "- Переговори продовжаться.\n- Двоє людей загинули."


def test_vtt_header_notes_settings_voices_entities():
    doc = read_document(VTT, fmt="vtt")
    texts = [b.text for b in doc.blocks]
    assert not any("WEBVTT" in t or "NOTE" in t or "align:" in t or "intro" in t for t in texts)
    assert texts[2].startswith("“Every day")  # &ldquo; unescaped, voice tag literal
    out = render_document(doc, {1: "Делегації зустрілися в <1>Стамбулі</1> & домовилися <про> обмін."})
    assert out.startswith("WEBVTT\nKind: captions\nLanguage: en\n\nNOTE The example article")
    assert "intro\n00:00:01.000 --> 00:00:04.200 align:start position:10%\n<v Presenter>" in out
    assert "<i>Стамбулі</i> &amp; домовилися &lt;про&gt; обмін." in " ".join(out.split())


@pytest.mark.parametrize("text, fmt, where, message", [
    ("1\n00:00:01,000 -> 00:00:02,000\nHello\n", "srt", "s.srt:1", "expected a cue timing line"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello\n\nstray text\n", "srt", "s.srt:5", "cue"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 --> 00:0x:04,000\nBye.\n", "srt", "s.srt:", ""),
    ("1\n00:00:05,000 --> 00:00:02,000\nHello.\n", "srt", "s.srt:2", "ends before it starts"),
    ("00:01.000 --> 00:02.000\nHello.\n", "vtt", "s.srt:1", "WEBVTT"),
    ("WEBVTT\n\n00:01.000 --> 00:0x.000\nHello.\n", "vtt", "s.srt:3", "broken cue timing"),
])
def test_broken_files_are_one_line(text, fmt, where, message):
    with pytest.raises(InputError) as err:
        read_document(text, fmt=fmt, path="s.srt")
    line = str(err.value)
    assert line.startswith(where) and message in line and "\n" not in line


_WORD = st.sampled_from(["Kyiv", "talks", "<i>", "</i>", "resume.", "- ", "JOHN: ", "&amp;", "<1>", "ї", "a,"])
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)


@st.composite
def _srt(draw):
    cues = []
    for n in range(1, draw(st.integers(1, 5)) + 1):
        lines = draw(st.lists(_LINE, min_size=1, max_size=3))
        cues.append(f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\n" + "\n".join(lines))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return (("\n\n".join(cues)) + draw(st.sampled_from(["", "\n", "\n\n"]))).replace("\n", newline)


@settings(max_examples=150, deadline=None)
@given(_srt(), st.booleans())
def test_property_round_trip_and_structure(text, as_vtt):
    fmt = "srt"
    if as_vtt:
        text, fmt = "WEBVTT\n\n" + re.sub(r"(\d\d),(\d{3})", r"\1.\2", text), "vtt"
    doc = read_document(text, fmt=fmt)
    assert render_document(doc, {}) == text
    out = render_document(doc, {b.index: b.text + " ok" for b in doc.blocks})
    assert _TIMING.findall(out) == _TIMING.findall(text)
    again = read_document(out, fmt=fmt)
    assert len(again.blocks) <= len(doc.blocks) + sum(1 for _ in _TIMING.finditer(text))


def test_cli_translate_srt_vtt_and_broken(installed_home, tmp_path, cli):
    for name, text in (("clip.srt", SRT), ("clip.vtt", VTT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, _, err = cli("translate", str(tmp_path / "clip.srt"), str(tmp_path / "clip.vtt"), "--from", "en",
                       "--to", "uk", "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    srt_out = (tmp_path / "clip.uk.srt").read_text(encoding="utf-8")
    assert _TIMING.findall(srt_out) == _TIMING.findall(SRT)
    assert "Більшість дронів збили над" in srt_out and "FIDAN: «" in srt_out
    vtt_out = (tmp_path / "clip.uk.vtt").read_text(encoding="utf-8")
    assert vtt_out.startswith("WEBVTT") and "<i>Стамбулі</i>" in vtt_out
    (tmp_path / "bad.srt").write_text("1\n00:00:01,000 --> 00:00:0,000\nHello\n", encoding="utf-8")
    code, _, err = cli("translate", str(tmp_path / "bad.srt"), "--to", "uk", "--home", str(installed_home),
                       "--no-memory", "-q")
    assert code == 1 and "bad.srt:2: broken cue timing" in err and err.count("\n") == 1
    assert not (tmp_path / "bad.uk.srt").exists()
