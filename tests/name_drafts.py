"""Draft-style cases for glossary names: the classes of issue #11 on names the shipped glossary does
not have (``data/name_drafts_glossary.yaml``), built from hand-written correct forms and sentence
frames (``data/name_drafts.yaml``). Nothing here calls ``l10n.glossary``: the gold forms are written
out, and Turkish suffixes are derived by this module's own small harmony rules from readings given
in the data.

Each ``Case`` has a ``cls``: ``surname`` (surname-only mention), ``cross`` (a variant inflected in
the other Slavic language's grammar), ``case`` (case inferred from the sentence: Latin leftovers,
uninflected spellings), ``phrase`` (a multi-word rendering, with quotes), ``vocative`` (uk direct
address), ``turkish`` (suffix harmony, acronyms, apostrophes inside names), and the controls,
whose gold is the draft itself: ``keep`` (MT's form is already right) and ``lookalike`` (common
words that look like glossary names: «суми», «рада», «харківський», "fidan").

Used by ``tests/test_name_drafts.py`` and ``benchmarks/bench_glossary.py``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
GLOSSARY = DATA / "name_drafts_glossary.yaml"
CLASSES = ("surname", "cross", "case", "phrase", "vocative", "turkish")
CONTROLS = ("keep", "lookalike")
PERSON_CASES = ("nomn", "gent", "datv", "ablt", "voct")
PLACE_CASES = ("nomn", "gent", "loct", "ablt")


@dataclass(frozen=True)
class Case:
    lang: str
    cls: str
    source: str
    draft: str
    gold: tuple[str, ...]        # every acceptable corrected target
    context: str = ""
    glossary: str = "own"        # "own" (name_drafts_glossary.yaml) or "shipped"


def _forms(text: str) -> list[list[str]]:
    return [[a.strip() for a in part.split("/")] for part in text.split("|")]


def _person(entry: dict, lang: str) -> tuple[list[list[str]], list[list[str]]]:
    first, last = entry[lang].split("||")
    return _forms(first), _forms(last)


def _verb(template: str, gender: str) -> str:
    out, rest = "", template
    while "{" in rest:
        pre, _, tail = rest.partition("{")
        body, _, rest = tail.partition("}")
        if "|" in body:
            m, f = body.split("|")
            body = m if gender == "m" else f
        else:
            body = "{" + body + "}"
        out += pre + body
    return out + rest


def _fill(template: str, x: str) -> str:
    text = template.replace("{X}", x)
    return text[:1].upper() + text[1:] if template.startswith("{X}") else text


def _golds(template: str, options: list[list[str]]) -> tuple[str, ...]:
    return tuple(_fill(template, " ".join(combo)) for combo in itertools.product(*options))


def _slavic(d: dict, lang: str) -> list[Case]:
    other = "ru" if lang == "uk" else "uk"
    out: list[Case] = []
    for pid, p in d["people"].items():
        en_first, en_last = p["en"]
        first, last = _person(p, lang)
        ofirst, olast = _person(p, other)
        for n, fr in enumerate(d["person_frames"]):
            i = PERSON_CASES.index(fr["case"])
            tpl = _verb(fr[lang], p["g"])
            context = d["context"].replace("{P}", f"{en_first} {en_last}") if n % 2 == 0 else ""
            src_sur = fr["en"].replace("{P}", en_last)
            gold_sur = _golds(tpl, [last[i]])
            if olast[i][0] not in last[i]:
                out.append(Case(lang, "surname", src_sur, _fill(tpl, olast[i][0]), gold_sur, context))
            if fr["case"] in ("nomn", "gent", "ablt"):
                out.append(Case(lang, "surname", src_sur, _fill(tpl, en_last), gold_sur, context))
            src_full = fr["en"].replace("{P}", f"{en_first} {en_last}")
            gold_full = _golds(tpl, [first[i], last[i]])
            out.append(Case(lang, "keep", src_full, gold_full[0], gold_full))
            wrong = f"{ofirst[i][0]} {olast[i][0]}"
            if fr["case"] != "nomn" and wrong not in gold_full and _fill(tpl, wrong) not in gold_full:
                out.append(Case(lang, "cross", src_full, _fill(tpl, wrong), gold_full))
        if lang == "uk":
            out += _vocative(d, pid, p, first, last)
    for pid, p in d["places"].items():
        forms, oforms = _forms(p[lang]), _forms(p[other])
        for fr in d["place_frames"]:
            i = PLACE_CASES.index(fr["case"])
            src = fr["en"].replace("{P}", p["en"])
            gold = _golds(fr[lang], [forms[i]])
            out.append(Case(lang, "keep", src, gold[0], gold))
            out.append(Case(lang, "case", src, _fill(fr[lang], p["en"]), gold))   # Latin leftover
            if oforms[0][0] not in forms[i] and oforms[0] != forms[0]:  # other orthography's nominative, uninflected
                out.append(Case(lang, "case", src, _fill(fr[lang], oforms[0][0]), gold))
            if oforms[i][0] not in forms[i]:
                out.append(Case(lang, "cross", src, _fill(fr[lang], oforms[i][0]), gold))
    return out + _phrases(d, lang)


def _vocative(d: dict, pid: str, p: dict, first, last) -> list[Case]:
    out = []
    for fr in d["vocative"]:
        if fr.get("g") and fr["g"] != p["g"] or last[4][0] == "-":
            continue
        name = " ".join(p["en"]) if fr["name"] == "full" else p["en"][1]
        src = fr["en"].replace("{P}", name)
        if fr["name"] == "full":
            draft = _fill(fr["uk"], f"{first[0][0]} {last[0][0]}")
            gold = _golds(fr["uk"], [first[4], last[4]])
        else:
            draft, gold = _fill(fr["uk"], last[0][0]), _golds(fr["uk"], [last[4]])
        out.append(Case("uk", "vocative" if draft not in gold else "keep", src, draft, gold))
    return out


def _phrases(d: dict, lang: str) -> list[Case]:
    out = []
    for op in d["operations"].values():
        forms = [f.strip() for f in op[lang].split("|")]
        for fr in d["operation_frames"]:
            i = PLACE_CASES.index(fr["case"])
            head = forms[i].split(" «")[0]
            src = fr["en"].replace("{P}", op["en"])
            gold = _fill(fr[lang], forms[i])
            for wrong in op[f"{lang}_mt"]:  # MT's own quotation marks may stay (QA checks their style)
                golds = (gold, gold.replace("«", "“").replace("»", "”")) if "“" in wrong else (gold,)
                out.append(Case(lang, "phrase", src, _fill(fr[lang], f"{head} {wrong}"), golds))
    return out


# -- Turkish ---------------------------------------------------------------------------------------
_VOWELS, _BACK, _ROUND, _HARD = "aeıioöuü", "aıou", "oöuü", "fstkçşhp"


def suffix(reading: str, kind: str) -> str:
    """The case suffix after a name read ``reading`` (independent of l10n's harmony code)."""
    last = next((c for c in reversed(reading) if c in _VOWELS), "e")
    ends_vowel, hard = reading[-1] in _VOWELS, reading[-1] in _HARD
    a = "a" if last in _BACK else "e"
    i = ("u" if last in _ROUND else "ı") if last in _BACK else ("ü" if last in _ROUND else "i")
    d = "t" if hard else "d"
    y = "y" if ends_vowel else ""
    return {"gen": ("n" if ends_vowel else "") + i + "n", "dat": y + a, "loc": d + a, "abl": d + a + "n",
            "ins": y + "l" + a, "acc": y + i}[kind]


def _turkish(d: dict) -> list[Case]:
    out = [Case("tr", "turkish", en, draft, (gold,)) for en, draft, gold in d["turkish"]]
    for en, term, reading, variant, mt_reading, kind in d["tr_names"]:
        for fr in d["tr_frames"][kind]:
            src = fr["en"].replace("{P}", en)
            gold = fr["tr"].replace("{X}", f"{term}'{suffix(reading, fr['suffix'])}")
            draft = fr["tr"].replace("{X}", f"{variant}'{suffix(mt_reading, fr['suffix'])}")
            out.append(Case("tr", "turkish" if draft != gold else "keep", src, draft, (gold,)))
            if term != variant:
                out.append(Case("tr", "keep", src, gold, (gold,)))
    for op in d["operations"].values():
        for fr in d["operation_frames"]:
            gold = fr["tr"].replace("{X}", op["tr"])
            out.append(Case("tr", "phrase", fr["en"].replace("{P}", op["en"]), fr["tr"].replace("{X}", op["tr_mt"]),
                            (gold[:1].upper() + gold[1:],)))
    return out


def cases() -> list[Case]:
    """Every case, all languages."""
    d = yaml.safe_load((DATA / "name_drafts.yaml").read_text(encoding="utf-8"))
    out = _slavic(d, "uk") + _slavic(d, "ru") + _turkish(d)
    out += [Case(lang, "lookalike", en, draft, (draft,), glossary=which) for lang, which, en, draft in d["controls"]]
    return out
