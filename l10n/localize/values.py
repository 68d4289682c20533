"""Find numbers, money, percentages, dates, times and durations in text and parse them into values.

``extract_values(text, lang)`` returns ``Value`` objects with character offsets into ``text`` and a
normalised value: ``Decimal`` for quantities (money and "7 billion" already multiplied out),
``(year, month, day)`` with ``None`` for missing parts for dates, minutes after midnight for times,
weekday number 1..7 (Monday = 1) for weekdays.

Values are compared through ``Value.keys()``: a small set of hashable keys that two renderings of
the same value share ("$7 billion" and «7 млрд доларів» both carry ``("n", 7000000000)``; «24 лютого»
and "February 24, 2022" share ``("md", 2, 24)``). Readings that MT mis-formatting makes possible
("1.5" left in English inside Ukrainian text, "1,000" that is 1.000 in uk but 1000 in en) are kept as
``alts`` so the matcher can find a source value in a badly formatted target without guessing.

Nothing inside URLs, e-mail addresses or codes is a value: a digit glued to letters before it
("Su-34", "F-16", "COVID-19", "G7", "A4", "MH17"), asteroid-style designations ("2014 JO25"),
version strings ("3.10.4") are masked before matching.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from l10n.languages import normalize_lang
from l10n.localize.vocab import Vocab, _alt, raw_data, vocab

#: ``Value.note`` of a number written in other-script digits: read and compared, never re-rendered.
SCRIPT_NOTE = "other-script digits"
#: Numbers with more digits than this are not parsed as values (they are IDs, not quantities).
MAX_DIGITS = 21

_L = r"[^\W\d_]"            # a letter
_SP = r"[ \u00a0\u202f\u2009]"  # spaces used between a number and its word
# A Turkish case ending: anything after an apostrophe (Şubat'ta), or, written without one
# (Şubatta, Eylülünde, şubattaki), one of the common case endings — not any letters, so that
# "arasında", "ekiplerle", "salıverildi" are not read as Ara(lık)/Eki(m)/Salı.
_TR_SUFFIX = (r"(?:['’][a-zçğıöşüâî]+|(?:[dt][ae](?:n|ki)?|[ıiuü]n(?:[dt][ae](?:ki)?)?|n[ıiuü]n|[ıiuü]|y[ıiuüae]|[ae]"
              r"|l[ae]|yl[ae]|nd[ae](?:ki)?)(?![a-zçğıöşüâî]))?")

_MASK = re.compile(
    r"</?\d+/?>"                                    # inline-markup placeholders <1>…</1>, <2/>
    r"|(?:https?://|www\.)\S+"                      # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                # e-mail addresses
    r"|\b\w*" + _L + r"[-‐]?\d[\w-]*"             # Su-34, F-16, COVID-19, G7, MH17
    r"|\b\d{4} [A-Z]{1,2}\d{1,4}\b"                 # 2014 JO25 (minor-planet designations)
    r"|\b(?!\d{1,3}(?:\.\d{3})+(?![.\d]))\d+(?:\.\d+){2,}\b(?!\.\d)"                # 3.10.4 version strings (dates handled first)
    r"|\+\d[\d ()\u00a0-]{6,}\d"                   # +44 20 7946 0958
    r"|(?<![\d-])(?!\d{4}-\d{2}-\d{2}(?!\d))\d{2,4}(?:-\d{2,4}){2,}(?![\d-])"  # 859-292-3680 (not ISO dates)
    r"|\(\d{3}\)\s?\d{3}-\d{4}"                    # (212) 555-0100
    , re.IGNORECASE)


@dataclass(frozen=True)
class Value:
    """One value found in a text. ``text == original[start:end]``."""

    kind: str          # number | percent | money | ordinal | date | time | weekday | duration | age
    value: object
    start: int
    end: int
    text: str
    currency: str | None = None
    unit: str | None = None
    alts: tuple = ()               # other numeric readings of an ambiguous rendering
    ambiguous: bool = False        # e.g. 03/04/2022
    case: str | None = None        # grammatical case of a month word found (nom|gen|loc|other)
    has_group: bool = False        # the number was written with a thousands separator
    magnitude: Decimal | None = None
    note: str | None = None        # why a value could not be used (overflow …)
    copy: bool = False             # read in the source's (English) convention: an MT copy ("$17,000")

    def keys(self) -> frozenset:
        """Hashable keys shared by every rendering of the same value (see module docstring)."""
        k: set = set()
        if self.kind in ("number", "percent", "money", "ordinal", "duration", "age"):
            k.add(("n", self.value))
            for a in self.alts:
                k.add(("n", a))
            if self.unit and self.kind == "number":
                k.update(("n", c) for c in _converted(self.value, self.unit))
        elif self.kind == "date":
            y, m, d = self.value
            k.add(("d", y, m, d))
            if y is not None:
                k.add(("n", Decimal(y)))
            if m is not None and d is not None:
                k.add(("md", m, d))
            if y is not None and m is not None:
                k.add(("ym", y, m))
            for a in self.alts:
                k.add(("d",) + tuple(a))
                if a[1] is not None and a[2] is not None:
                    k.add(("md", a[1], a[2]))
        elif self.kind == "time":
            k.add(("t", self.value))
            k.add(("t12", self.value % 720))  # «8:30» for 8:30 p.m. in a 12-hour rendering
            h, mi = divmod(self.value, 60)
            if mi == 0:
                k.add(("n", Decimal(h)))
                if h > 12:
                    k.add(("n", Decimal(h - 12)))
        elif self.kind == "weekday":
            k.add(("w", self.value))
        return frozenset(k)


def _converted(value: Decimal, unit: str) -> set[Decimal]:
    """Metric equivalents of an imperial quantity as translators round them."""
    factor = _conversions().get(unit)
    if factor is None:
        return set()
    metric = (value - 32) * Decimal(5) / Decimal(9) if factor == "celsius" else value * Decimal(str(factor))
    out = {metric.quantize(Decimal(1)), metric.quantize(Decimal("0.1")), metric.quantize(Decimal("0.01"))}
    if abs(metric) >= 50:
        out |= {(metric / 5).quantize(Decimal(1)) * 5, (metric / 10).quantize(Decimal(1)) * 10}
    return {_norm(x) for x in out}


@lru_cache(maxsize=1)
def _conversions() -> dict:
    return raw_data("en").get("conversions") or {}


_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
_DIGIT = re.compile(r"\d")
_DMY_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_FINAL_WORD_DOT = re.compile(r"(" + _L + r"+)\.$")
_GROUPED = re.compile(r"\d[ \u00a0\u202f\u2009,.]\d{3}(?!\d)")
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_AY_AFTER = re.compile(_SP + r"+ay")
_GUN_AFTER = re.compile(_SP + r"+gün")
_CAPITALISED_AFTER = re.compile(_SP + r"+([A-Z][a-z]+)")


@lru_cache(maxsize=1)
def _digit_table() -> dict[int, str]:
    """Map every Unicode decimal digit (Arabic-Indic, Devanagari, full-width …) to ASCII."""
    import sys
    table = {}
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if "0" <= ch <= "9":
            continue
        if unicodedata.category(ch) == "Nd":
            table[cp] = str(unicodedata.digit(ch))
    return table


def ascii_digits(text: str) -> str:
    """Replace non-ASCII decimal digits by ASCII ones; the length (and so every offset) is kept."""
    if text.isascii() or not _NON_ASCII_DIGIT.search(text):
        return text
    return text.translate(_digit_table())


def parse_number(token: str, lang: str) -> tuple[Decimal, tuple]:
    """Parse a number as written in ``lang``; return the value and other possible readings.

    >>> parse_number("1,000.5", "en")
    (Decimal('1000.5'), ())
    >>> parse_number("1\\u00a0000,5", "uk")
    (Decimal('1000.5'), ())
    >>> parse_number("1.000,5", "tr")
    (Decimal('1000.5'), ())
    """
    s = _SPACES.sub("", token)
    alts: list[Decimal] = []
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grp = "." if dec == "," else ","
        val = Decimal(s.replace(grp, "").replace(dec, "."))
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        parts = s.split(sep)
        grouped = len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
        as_group = Decimal("".join(parts)) if grouped else None
        as_dec = Decimal(parts[0] + "." + "".join(parts[1:])) if len(parts) == 2 else None
        group_first = (len(parts) > 2) or (lang == "en" and sep == ",") or (lang == "tr" and sep == ".")
        if grouped and (group_first or as_dec is None):
            val = as_group
            if as_dec is not None:
                alts.append(as_dec)
        else:
            val = as_dec if as_dec is not None else Decimal("".join(parts))
            if as_group is not None:
                alts.append(as_group)
    else:
        val = Decimal(s)
    return val, tuple(a for a in alts if a != val)


def _num_re(lang: str) -> str:
    space_group = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d.,]\d)"
    en_group = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"
    dot_group = r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.]\d)"
    tr_group = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.]\d)"
    plain = r"\d+(?:[.,]\d+)?(?![.,]?\d)"
    alts = {"en": [en_group, dot_group, plain],
            "uk": [space_group, en_group, dot_group, plain],
            "ru": [space_group, en_group, dot_group, plain],
            "tr": [tr_group, en_group, plain]}[lang]
    return r"(?<![\d.,])(?:" + "|".join(alts) + ")"


@lru_cache(maxsize=None)
def _patterns(lang: str) -> dict[str, re.Pattern]:
    v = vocab(lang)
    en = vocab("en") if lang != "en" else v
    tr = lang == "tr"
    month = r"(?<!" + _L + r")(?P<m>" + v.re_month + r")(?:\.|" + (_TR_SUFFIX if tr else "") + r")?(?!" + _L + ")"
    if lang != "en":  # MT often leaves English month names in the target
        month = (r"(?<!" + _L + r")(?P<m>" + v.re_month + "|" + en.re_month + r")(?:\.|"
                 + (_TR_SUFFIX if tr else "") + r")?(?!" + _L + ")")
    yword = (r"(?:" + _SP + r"*(?P<yw>(?:" + v.re_year_word + r")(?:\.|(?!" + _L + "))))?"
             if v.year_words else "")
    ysuf = _TR_SUFFIX if tr else ""
    year = r"(?P<y>\d{4})(?!\d)" + ysuf + yword
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th|-?го|-?е|'?[a-zçğıöşü]*)?\.?"
    code_list = _load_codes()
    p = {
        "dmy": re.compile(r"(?<![\d.,])" + day + _SP + r"+(?:of\s+)?" + month + r"(?:,?" + _SP + "+" + year + ")?",
                          re.IGNORECASE),
        "mdy": re.compile(month + _SP + r"+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?![.,]\d)(?:,?" + _SP + "+" + year
                          + ")?", re.IGNORECASE),
        "my": re.compile(month + _SP + "+" + year, re.IGNORECASE),
        "numeric": re.compile(r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)"
                              + yword.replace("(?P<yw>", "(?P<yw2>")),
        "iso": re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])"),
        "year": re.compile(r"(?<![\d.,])(?P<y>\d{4})(?!\d)" + ysuf + (
            _SP + r"*(?P<yw>(?:" + v.re_year_word + r")(?:\.|(?!" + _L + ")))" if v.year_words else r"(?!x)x")),
        "bare_month": re.compile(month, re.IGNORECASE),
        "weekday_adj": re.compile(r"(?<!" + _L + r")(?P<stem>" + _alt(v.weekday_adjectives) + r")" + _L + r"{1,3}(?!"
                                  + _L + ")", re.IGNORECASE),
        "time_dot": re.compile(r"(?:(?<!" + _L + r")(?:" + _alt(v.time_prepositions) + r")" + _SP + r"+"
                               r"|(?=\d{1,2}\.\d{2}['’]))"   # tr: 12.00'de
                               r"(?<![\d.,])(?P<tm>(?P<h>\d{1,2})\.(?P<mi>\d{2}))(?![\d,]|\.\d|\s*%)",
                               re.IGNORECASE),
        "roman": re.compile(r"(?<![\w-])(?P<r>[IVXLC]{1,6})\.?(?=(?:" + _SP + r"?[–—-]" + _SP + r"?[IVXLC]{1,6}\.?)?"
                            + _SP + r"*(?:" + _alt(v.century_words) + r")(?!" + _L + r"))"
                            r"|(?<![\w-])(?P<r2>[IVXLC]{1,6})(?=" + _SP + r"?[–—-]" + _SP + r"?[IVXLC]{1,6}\.?" + _SP
                            + r"*(?:" + _alt(v.century_words) + r")(?!" + _L + r"))") if v.century_words else None,
        "number_word": re.compile(r"(?<!" + _L + r"|-)(?P<w>" + _alt(v.number_words) + r")"
                                  + (r"(?P<suf>[a-zçğıöşü]{0,5})" if tr else r"(?P<suf>)")
                                  + r"(?=" + _SP + r"|[.,;:!?)]|$)", re.IGNORECASE),
        "ordinal_word": re.compile(r"(?<!" + _L + r"|-)(?P<w>" + _alt(v.ordinal_words) + r")(?!" + _L + ")",
                                   re.IGNORECASE) if v.ordinal_words else None,
        "year_month": re.compile(r"(?<![\d.,])(?P<y>\d{4})(?:['’][a-zçğıöşü]+)?(?:" + _SP + r"+(?:" + v.re_year_word
                                 + r"))?" + _SP + r"+" + month, re.IGNORECASE) if tr else None,
        "weekday": re.compile(r"(?<!" + _L + r")(?P<w>" + v.re_weekday + ")" + (_TR_SUFFIX if tr else r"s?")
                              + r"(?!" + _L + ")", re.IGNORECASE),
        "time12": re.compile(r"(?<![\d.,:])(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?" + _SP + r"?(?P<ap>"
                             + "|".join(re.escape(x) for x in sorted(en.am + en.pm, key=len, reverse=True))
                             + r")(?!" + _L + ")", re.IGNORECASE),
        "time24": re.compile(r"(?<![\d.,:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?![\d:])"),
        "number": re.compile(_num_re(lang)),
        "standalone": re.compile(r"(?<!" + _L + r")(?:" + "|".join(
            re.escape(s) for s in sorted(v.standalone_magnitudes, key=len, reverse=True)) + r")(?!" + _L + ")",
                                 re.IGNORECASE) if v.standalone_magnitudes else None,
        "magnitude": re.compile(_SP + r"*(?P<mag>" + v.re_magnitude + ("" if lang == "en" else "|" + _alt(
            f for f in en.magnitude_of if f not in en.money_only_magnitudes)) + r")(?:\.|" + (_TR_SUFFIX if tr else "")
                                + r")?(?!" + _L + ")", re.IGNORECASE),
        "glued_mag": re.compile(r"(?P<mag>" + en.re_magnitude + r")(?!" + _L + ")", re.IGNORECASE),
        "currency_after": re.compile(_SP + r"*(?P<cur>" + v.re_currency_name + "|" + v.re_currency_symbol + "|"
                                     + ("" if lang == "en" else en.re_currency_name + "|")
                                     + "|".join(code_list) + r")(?:\.|" + (_TR_SUFFIX if tr else "")
                                     + r")?(?!" + _L + ")", re.IGNORECASE),
        "currency_before": re.compile(r"(?:(?P<sym>" + v.re_currency_symbol + "|" + en.re_currency_symbol
                                      + r")|(?<!" + _L + r")(?P<code>" + "|".join(code_list) + r"))" + _SP + r"?$"),
        "percent_after": re.compile(_SP + r"*(?:%|(?P<pw>" + v.re_percent_word + r")(?!" + _L + "))",
                                    re.IGNORECASE),
        "percent_before": re.compile(r"(?:%|(?<!" + _L + r")(?:" + "|".join(v.percent_prefix_words or ["(?!x)x"])
                                     + r")" + _SP + r")$", re.IGNORECASE),
        "age": re.compile(r"(?:[-‐]|" + _SP + r"*)(?:" + v.re_age + r")(?!" + _L + ")", re.IGNORECASE),
        "unit": re.compile(r"(?:[-‐]|" + _SP + r"*)(?P<unit>" + v.re_unit + r")" + (_TR_SUFFIX if tr else "")
                           + r"(?!" + _L + ")", re.IGNORECASE),
        "ordinal": re.compile(r"(?:" + "|".join(["st", "nd", "rd", "th"] if lang == "en" else
                                                ["[-‐](?:" + "|".join(v.ordinal_suffixes or ["(?!x)x"]) + ")"])
                              + r")(?!" + _L + ")"),
        "decade": re.compile(r"(?:'?s)(?!" + _L + ")") if lang == "en" else re.compile(r"(?!x)x"),
        "glued": re.compile(r"['’-]?" + _L + "+"),
        "month_prep": re.compile(r"(?<!" + _L + r")(?:" + "|".join(re.escape(p) for p in sorted(
            v.month_prepositions, key=len, reverse=True)) + r")[- ]+$", re.IGNORECASE) if v.month_prepositions else None,
    }
    return p


@lru_cache(maxsize=1)
def _load_codes() -> tuple[str, ...]:
    return tuple(sorted(_en_codes(), key=len, reverse=True))


def _en_codes() -> list[str]:
    return raw_data("en").get("currency_codes", [])


def _roman(text: str) -> int | None:
    """'XIV' -> 14; None for a malformed numeral."""
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        v = vals[ch]
        total += -v if i + 1 < len(text) and vals[text[i + 1]] > v else v
    return total if 0 < total < 100 else None


def _drop_final_dot(t: str, end: int, word: str) -> int:
    """Keep a sentence-final period out of a span unless the word is an abbreviation («тис.», «дол.»)."""
    core = word.rstrip(".")
    if end and t[end - 1] == "." and (len(core) > 4 or core.isupper() or not core.isalpha()):
        return end - 1
    return end


def _norm(d: Decimal) -> Decimal:
    """1200000000.0 -> 1200000000, 1.50 -> 1.5 (no exponent notation)."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


_MIXED_EN = re.compile(r"\d\.\d{3},\d|\d\.\d{3}\.\d{3}")   # 1.234,5 / 1.234.567 in English text
_UNKNOWN_CODE_BEFORE = re.compile(r"(?<![^\W\d_])([A-Z]{3})" + _SP + r"?$")
_ODD_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+){2,}(?![\d.,]*\d)|(?<![\d.,])\d+(?:\.\d+,|,\d+\.)\d+(?![.,]?\d)")
_ZERO_GROUP = re.compile(r"\d{1,3}[.,]000")


def _bad_number(tok: str, original: str, t: str, s: int, e: int, lang: str) -> str | None:
    """Why a number cannot be read safely (and so must be flagged, never rewritten), or None.

    Other-script digits (Arabic-Indic, full-width) are read but never re-rendered; an English
    number with continental separators ("1.234,5") has no safe reading in English text; a
    three-letter code that is not an ISO 4217 currency ("XYZ 5,000") makes the amount unknown."""
    if original != tok and any(c.isdigit() and not c.isascii() for c in original):
        return SCRIPT_NOTE
    if lang == "en" and _MIXED_EN.search(tok):
        return "mixed separators"
    m = _UNKNOWN_CODE_BEFORE.search(t[max(0, s - 4):s])  # "XYZ 5,000" ("2.53 ERA" after is not money)
    if m and m.group(1) not in _iso_currencies() and m.group(1) not in _not_currencies():
        return f"unknown currency code {m.group(1)}"
    return None


@lru_cache(maxsize=1)
def _iso_currencies() -> frozenset[str]:
    """Every ISO 4217 code CLDR knows (Babel), current and historic."""
    from babel.numbers import list_currencies
    return frozenset(list_currencies())


@lru_cache(maxsize=1)
def _not_currencies() -> frozenset[str]:
    """Three-letter acronyms that stand before numbers without being money ("GDP 5%"; data: en.yaml)."""
    return frozenset(raw_data("en").get("not_currency_codes", []))


def _copy_reading(tok: str, lang: str, *, symbol_before: bool) -> Decimal | None:
    """The one reading of an ambiguous target number whose shape says how it was written, or None.

    A currency symbol before the number ("$17,000", "€250,000") is English word order, so its
    separators are English too (MT copy); and "17,000" / "17.000" with three zeros is a thousands
    group, never a decimal written with three zero digits."""
    if lang == "en":
        return None
    plain = _SPACES.sub("", tok)
    if _ZERO_GROUP.fullmatch(plain):
        return Decimal(plain.replace(",", "").replace(".", ""))
    if symbol_before and "," in plain:
        return parse_number(plain, "en")[0]
    return None


def _free(taken: bytearray, s: int, e: int) -> bool:
    return not any(taken[s:e])


def _take(taken: bytearray, s: int, e: int) -> None:
    taken[s:e] = b"\x01" * (e - s)


def _valid_date(y, m, d) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    if y is not None and not 1 <= y <= 9999:
        return False
    return True


def _date_exists(y, m, d) -> bool:
    """Whether a (partial) date is on the calendar: 30 February is not; 29 February only in leap years."""
    if m is None or d is None:
        return True
    return d <= calendar.monthrange(y if y is not None else 2000, m)[1]


def _month_num(v: Vocab, form: str) -> tuple[int | None, str | None]:
    f = form.lower().rstrip(".")
    if f in v.month_of:
        return v.month_of[f], v.month_case.get(f)
    en = vocab("en")
    if f in en.month_of:
        return en.month_of[f], "foreign" if v.lang != "en" else "nom"
    if v.lang == "tr":  # stem + suffix: Şubat'ta, Martta
        for stem in sorted(v.month_of, key=len, reverse=True):
            if f.startswith(stem):
                return v.month_of[stem], "nom"
    return None, None


def extract_values(text: str, lang: str) -> list[Value]:
    """All values in ``text`` (language ``lang``), sorted by position.

    >>> [(v.kind, v.value, v.currency) for v in extract_values("It cost $7 billion.", "en")]
    [('money', Decimal('7000000000'), 'USD')]
    >>> [(v.kind, v.value) for v in extract_values("24 лютого 2022 року", "uk")]
    [('date', (2022, 2, 24))]
    """
    return list(_extract_cached(text, normalize_lang(lang)))


@lru_cache(maxsize=8192)
def _extract_cached(text: str, lang: str) -> tuple[Value, ...]:
    """Memoised: the pipeline reads the same sentence several times (localization of source and
    target, the re-parse of every rewrite, the QA value check), and ``Value`` is immutable."""
    t = ascii_digits(text)
    has_digit = bool(_DIGIT.search(t))
    if not has_digit and not _word_candidates(lang).search(t):
        return ()  # most sentences: no digit and no month, weekday or number word
    return tuple(_extract(text, t, lang, has_digit))


#: The patterns of ``_patterns`` that can match text without a digit (every other one needs one).
_WORD_PATTERNS = ("bare_month", "weekday", "weekday_adj", "number_word", "ordinal_word", "standalone", "roman")


@lru_cache(maxsize=None)
def _word_candidates(lang: str) -> re.Pattern:
    """One pattern that matches a text exactly when one of the digit-free patterns does.

    It is the alternation of those patterns themselves (group names dropped, each keeping its
    flags), so a text that has no digit and no match here has no value, and ``extract_values``
    can skip all the pattern matching for it (most sentences)."""
    p = _patterns(lang)
    parts = [("(?i:" if p[name].flags & re.IGNORECASE else "(?-i:") + _factored(p[name].pattern, lang) + ")"
             for name in _WORD_PATTERNS if p[name] is not None]
    return re.compile("|".join(parts))


@lru_cache(maxsize=None)
def _month_gate(lang: str) -> re.Pattern:
    """``bare_month`` in a faster form: every date pattern with a month name contains it, so a text
    it does not match needs none of them."""
    return re.compile(_factored(_patterns(lang)["bare_month"].pattern, lang), re.IGNORECASE)


def _factored(pattern: str, lang: str) -> str:
    """``pattern`` without group names and with its long word lists (month, weekday, number
    words …) factored by common prefix: it matches where ``pattern`` matches, faster; only for
    testing whether a text matches at all."""
    v, en = vocab(lang), vocab("en")
    months = (v.re_month + "|" + en.re_month, [*v.month_of, *en.month_of]) if lang != "en" else \
        (v.re_month, v.month_of)
    lists = [months] + [(_alt(f), f) for f in (v.weekday_of, v.weekday_adjectives, v.number_words, v.ordinal_words)]
    body = re.sub(r"(?<!\\)\(\?P<\w+>", "(?:", pattern)
    for alternation, forms in lists:
        body = body.replace("(?:" + alternation + ")", "(?:" + _trie(forms) + ")")  # whole groups only
    return body


def _trie(forms) -> str:
    """A regex matching exactly the literal ``forms``, as a prefix tree ("ma(?:rch|y)" for march|may):
    it matches the same strings as ``_alt(forms)`` but tries far fewer alternatives per position."""
    root: dict = {}
    for form in {f for f in forms if f}:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}  # a form ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root) or r"(?!x)x"


def _extract(text: str, t: str, lang: str, has_digit: bool) -> list[Value]:
    """``extract_values`` on ``t`` (``text`` with ASCII digits); ``has_digit``: whether ``t`` has any.

    One scanner per value family, in priority order: a span taken by one is not read again."""
    sc = _Scan(text, t, lang, vocab(lang), _patterns(lang), bytearray(len(t)),
               has_month=_month_gate(lang).search(t) is not None)
    for m in _MASK.finditer(t):
        # keep masks from swallowing dates like 24.02.2022 (handled before masking of versions)
        if not _DMY_DOTTED.fullmatch(m.group()):
            _take(sc.taken, m.start(), m.end())
    for scan in (_DIGIT_SCANNERS if has_digit else ()) + _WORD_SCANNERS:
        scan(sc)
    sc.out.sort(key=lambda x: x.start)
    return sc.out


@dataclass
class _Scan:
    """What the scanners share: the text, its language's data, the spans already taken, the values."""

    text: str
    t: str
    lang: str
    v: Vocab
    p: dict
    taken: bytearray
    has_month: bool
    out: list = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.t)

    def span_text(self, s: int, e: int) -> str:
        return self.text[s:e]

    def add(self, val: Value) -> None:
        if val.kind == "date" and val.text.endswith(".") and val.end - val.start > 1:
            word = _FINAL_WORD_DOT.search(val.text)
            if word and len(word.group(1)) > 4:  # "жовтня." at a sentence end: the period is not ours
                val = Value(val.kind, val.value, val.start, val.end - 1, val.text[:-1], case=val.case,
                            ambiguous=val.ambiguous, alts=val.alts)
        self.out.append(val)
        _take(self.taken, val.start, val.end)


def _scan_dates(sc: _Scan) -> None:
    """Dates: ISO, numeric, day-month-year, month-day-year, month-year, Turkish year-month, years."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    has_month = sc.has_month
    for name in ("iso", "numeric", "dmy", "mdy", "my") if has_month else ("iso", "numeric"):
        for m in p[name].finditer(t):
            s, e = m.span()
            if not _free(taken, s, e):
                continue
            gd = m.groupdict()
            ambiguous = False
            alts: tuple = ()
            case = None
            if name == "iso":
                y, mo, d = int(gd["y"]), int(gd["m"]), int(gd["d"])
            elif name == "numeric":
                a, b = int(gd["a"]), int(gd["b"])
                y = int(gd["y"])
                if y < 100:
                    y += 2000 if y < 70 else 1900
                if gd["sep"] == "/" and lang == "en":
                    mo, d = a, b        # US order: the source locale decides
                else:
                    d, mo = a, b
                if gd["sep"] == "/" and a <= 12 and b <= 12 and a != b:
                    ambiguous = True
                    alts = ((y, d, mo),)
            else:
                mo, case = _month_num(v, gd["m"])
                if name == "mdy" and lang != "en":
                    case = "foreign"  # "May 14, 2016": English order in target text, an MT copy
                if mo is None:
                    continue
                mtext = gd["m"]
                if lang == "en" or case == "foreign":
                    if not mtext[0].isupper():
                        continue  # "may 10 people": English months are capitalised
                d = int(gd["d"]) if gd.get("d") else None
                y = int(gd["y"]) if gd.get("y") else None
            if not _valid_date(y, mo, d):
                continue
            if not _date_exists(y, mo, d):  # 30 February: flagged, never rewritten
                add(Value("date", None, s, e, span_text(s, e), note="no such date"))
                continue
            add(Value("date", (y, mo, d), s, e, span_text(s, e), ambiguous=ambiguous, alts=alts, case=case))

    if p["year_month"] is not None and has_month:  # «2018 yılının haziran ayında», «2017 Eylülünde»
        for m in p["year_month"].finditer(t):
            s, e = m.span()
            mo, case = _month_num(v, m.group("m"))
            if mo and _free(taken, s, e) and (m.group("m")[0].isupper() or _AY_AFTER.match(t, e)):
                add(Value("date", (int(m.group("y")), mo, None), s, e, span_text(s, e), case=case))
    for m in p["year"].finditer(t):
        s, e = m.span()
        if _free(taken, s, e):
            add(Value("date", (int(m.group("y")), None, None), s, e, span_text(s, e)))


def _scan_times(sc: _Scan) -> None:
    """Times: 12-hour with a.m./p.m., «о 11.15» after a time preposition, 24-hour."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    for m in p["time12"].finditer(t):
        s, e = m.span()
        if not _free(taken, s, e):
            continue
        h = int(m.group("h"))
        mi = int(m.group("mi") or 0)
        if not (1 <= h <= 12 and mi < 60):
            continue
        ap = m.group("ap").lower()
        pm = ap.startswith("p")
        h24 = (h % 12) + (12 if pm else 0)
        add(Value("time", h24 * 60 + mi, s, e, span_text(s, e)))
    if v.time_prepositions:  # «о 11.15», «в 11.15», «saat 12.00'de»
        for m in p["time_dot"].finditer(t):
            s, e = m.span("tm")
            h, mi = int(m.group("h")), int(m.group("mi"))
            if _free(taken, s, e) and h <= 24 and mi < 60:
                add(Value("time", h * 60 + mi, s, e, span_text(s, e)))
    for m in p["time24"].finditer(t):
        s, e = m.span()
        if not _free(taken, s, e):
            continue
        h, mi = int(m.group("h")), int(m.group("mi"))
        if h <= 24 and mi < 60:
            add(Value("time", h * 60 + mi, s, e, span_text(s, e)))


def _glued(sc: _Scan, s: int, e: int) -> tuple[str, str | None, Decimal | None, int] | None:
    """Letters glued to the digits at ``t[s:e]``: ``(kind, unit, magnitude, end)``, None for a code."""
    t, v, p, lang = sc.t, sc.v, sc.p, sc.lang
    kind, unit, mag, ne = "number", None, None, e
    g = p["glued"].match(t, e)
    if g and not t[e] in "'’-" or (g and lang == "tr" and t[e] in "'’"):
        word = g.group().lower().lstrip("'’-")
        en = vocab("en")
        if lang == "en" and (om := p["ordinal"].match(t, e)):
            kind, ne = "ordinal", om.end()
        elif lang == "en" and (dm := p["decade"].match(t, e)):
            unit, ne = "decade", dm.end()
        elif (mm := p["glued_mag"].match(t, e)) and t[e] not in "'’" and (
                mm.group("mag").lower() not in en.money_only_magnitudes
                or p["currency_before"].search(t[max(0, s - 5):s])):
            mag = en.magnitude_of[mm.group("mag").lower()]
            ne = mm.end()
        elif lang == "tr" and t[e] in "'’":
            ne = g.end()  # 1870'te: a Turkish case suffix
        elif word in en.glued_units:
            ne = g.end()
        elif word in v.unit_of or word in en.unit_of:
            unit = v.unit_of.get(word) or en.unit_of.get(word)
            ne = g.end()
        elif any(word == x.replace(".", "") for x in en.am + en.pm):
            return None
        elif lang == "tr" and word.islower() and len(word) <= 5:
            ne = g.end()  # «20li yaşlarda»: a suffix written without an apostrophe
        elif lang != "en" and not _LATIN.match(word):
            pass  # «300 000людей»: a missing space in Cyrillic text, still a number
        else:
            return None  # 5G, 3D, 4x4: a code, not a value
    return kind, unit, mag, ne


def _kind_after(sc: _Scan, kind: str, unit: str | None, ns: int, ne: int) -> tuple[str, str | None, int, int]:
    """What the words around a number make of it: percent, ordinal, age, duration (+ unit, span)."""
    t, v, p, lang, n = sc.t, sc.v, sc.p, sc.lang, sc.n
    # percent
    if kind == "number":
        pa = p["percent_after"].match(t, ne)
        pb = p["percent_before"].search(t[max(0, ns - 7):ns])
        if pa:
            kind, ne = "percent", pa.end()
        elif pb:
            kind = "percent"
            ns = ns - (len(t[max(0, ns - 7):ns]) - pb.start())
    # ordinals (uk/ru hyphen suffixes, tr "3. sırada")
    if kind == "number" and lang in ("uk", "ru"):
        am = p["age"].match(t, ne)
        om = p["ordinal"].match(t, ne)
        if am and t[ne] in "-‐":
            kind, ne = "age", am.end()
        elif om:
            kind, ne = "ordinal", om.end()
    if kind == "number":
        am = p["age"].match(t, ne)
        if am:
            kind, ne = "age", am.end()
        else:
            um = p["unit"].match(t, ne)
            if um:
                unit = v.unit_of.get(um.group("unit").lower(), unit)
                if unit in ("year", "month", "week", "day", "hour", "minute", "second"):
                    kind = "duration"
                ne = um.end() if kind == "duration" else ne
    if lang == "tr" and kind == "number" and ne < n - 2 and t[ne] == "." and t[ne + 1] == " " \
            and t[ne + 2].islower():
        kind, ne = "ordinal", ne + 1
    return kind, unit, ns, ne


def _scan_numbers(sc: _Scan) -> None:
    """Numbers with their context: glued suffixes, sign, magnitude, currency, percent, ordinal, unit."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    for m in p["number"].finditer(t):
        s, e = m.span()
        if not _free(taken, s, e):
            continue
        tok = m.group()
        digits = sum(c.isdigit() for c in tok)
        if digits > MAX_DIGITS:
            add(Value("number", None, s, e, span_text(s, e), note="overflow"))
            continue
        try:
            val, alts = parse_number(tok, lang)
        except (InvalidOperation, ValueError):
            continue
        has_group = bool(_GROUPED.search(tok)) and val == val.to_integral_value() \
            and len(tok) > 4
        currency = None
        ns = s
        # glued letters right after the digits: ordinal/decade/magnitude/am-pm or a code
        glued = _glued(sc, s, e)
        if glued is None:
            continue  # 5G, 3D, 4x4, "7pm": a code or a time, not a number
        kind, unit, mag, ne = glued
        # negative sign
        if s > 0 and t[s - 1] in "-−" and (s == 1 or not t[s - 2].isalnum()):
            ns = s - 1
            val = -val
            alts = tuple(-a for a in alts)
        # magnitude word after
        if mag is None:
            mm = p["magnitude"].match(t, ne)
            if mm:
                word = mm.group("mag").lower()
                mag = v.magnitude_of.get(word) or vocab("en").magnitude_of.get(word)
                if word in v.money_only_magnitudes:
                    mag = mag if p["currency_before"].search(t[max(0, ns - 5):ns]) else None
                if mag is not None:
                    ne = _drop_final_dot(t, mm.end(), word)
        if mag is not None:
            val = val * mag
            alts = tuple(a * mag for a in alts)
        # currency before / after
        cb = p["currency_before"].search(t[max(0, ns - 5):ns])
        if cb:
            sym = cb.group("sym")
            currency = (v.currency_symbols.get(sym) or vocab("en").currency_symbols.get(sym)) if sym else cb.group("code")
            ns = ns - (len(t[max(0, ns - 5):ns]) - cb.start())
            kind = "money"
        ca = p["currency_after"].match(t, ne)
        if ca and currency is None:
            w = ca.group("cur")
            wl = w.lower()
            cur = (v.currency_of.get(wl) or vocab("en").currency_of.get(wl) or v.currency_symbols.get(w) or
                   (w if w.upper() == w and w in _load_codes() else None))
            if cur is None and lang == "tr":
                cur = next((c for f, c in v.currency_of.items() if wl.startswith(f)), None)
            if cur:
                currency = cur
                kind = "money"
                ne = _drop_final_dot(t, ca.end(), w)
        kind, unit, ns, ne = _kind_after(sc, kind, unit, ns, ne)
        val, alts = _norm(val), tuple(_norm(a) for a in alts)
        note = _bad_number(tok, sc.text[s:e], t, s, e, lang)
        if note and note != SCRIPT_NOTE:
            add(Value(kind, None, ns, ne, span_text(ns, ne), currency=currency, note=note))
            continue
        copy = _copy_reading(tok, lang, symbol_before=bool(cb and cb.group("sym"))) if alts else None
        if copy is not None:
            val, alts, has_group = _norm(copy * (mag or 1)) * (-1 if val < 0 else 1), (), True
        add(Value(kind, val, ns, ne, span_text(ns, ne), currency=currency, unit=unit, alts=alts,
                  has_group=has_group, magnitude=mag, note=note, copy=copy is not None))


def _scan_odd_numbers(sc: _Scan) -> None:
    """Numbers no convention reads ("1.234,5" in English, "1,23,4"): flagged, never rewritten."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    for m in _ODD_NUMBER.finditer(t):
        if _free(taken, *m.span()):
            add(Value("number", None, *m.span(), span_text(*m.span()), note="mixed separators"))


def _scan_roman(sc: _Scan) -> None:
    """Roman-numeral centuries («XV веке», «X–XI вв.»)."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    if v.century_words:
        for m in p["roman"].finditer(t):
            g = "r" if m.group("r") else "r2"
            s, e = m.span(g)
            num = _roman(m.group(g))
            if num and _free(taken, s, e):
                add(Value("ordinal", Decimal(num), s, e, span_text(s, e)))


def _scan_number_words(sc: _Scan) -> None:
    """Spelled-out numbers before a percent word, a magnitude or a unit ("three per cent")."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    if v.number_words:
        for m in p["number_word"].finditer(t):
            s, e = m.span("w")
            if not _free(taken, s, m.end()):
                continue
            word = m.group("w").replace("İ", "i").replace("I", "ı" if lang == "tr" else "i").lower()
            if word not in v.number_words:
                continue
            val = Decimal(v.number_words[word])
            if lang == "tr" and val % 10 == 0 and not m.group("suf"):  # «otuz sekiz» = 38
                nxt = p["number_word"].match(t, e + 1) if e < n and t[e] in " \u00a0" else None
                if nxt:
                    w2 = nxt.group("w").lower()
                    if v.number_words.get(w2, 10) < 10:
                        val += v.number_words[w2]
                        m, e = nxt, nxt.end("w")
            kind, unit, currency, ne, mag = "number", None, None, e, None
            pb = p["percent_before"].search(t[max(0, s - 7):s])
            if pb and "%" not in pb.group():  # «yüzde yüz», «yüzde otuzu»
                s = s - (len(t[max(0, s - 7):s]) - pb.start())
                ne = m.end("suf")
                if _free(taken, s, ne):
                    add(Value("percent", _norm(val), s, ne, span_text(s, ne)))
                continue
            if m.group("suf"):
                continue
            mm = p["magnitude"].match(t, e)
            if mm and (v.magnitude_of.get(mm.group("mag").lower()) or vocab("en").magnitude_of.get(
                    mm.group("mag").lower())) and mm.group("mag").lower() not in v.money_only_magnitudes:
                word = mm.group("mag").lower()
                mag = v.magnitude_of.get(word) or vocab("en").magnitude_of.get(word)
                val, ne = val * mag, _drop_final_dot(t, mm.end(), word)
                ca = p["currency_after"].match(t, ne)
                cur = v.currency_of.get(ca.group("cur").lower()) if ca else None
                if cur:
                    kind, currency, ne = "money", cur, ca.end()
            elif p["percent_after"].match(t, e) and "%" not in p["percent_after"].match(t, e).group():
                kind, ne = "percent", p["percent_after"].match(t, e).end()
            else:
                um = p["unit"].match(t, e)
                if not um:
                    continue
                if p["age"].match(t, e):  # "four-year-old"
                    am = p["age"].match(t, e)
                    if _free(taken, s, am.end()):
                        add(Value("age", _norm(val), s, am.end(), span_text(s, am.end())))
                    continue
                unit = v.unit_of.get(um.group("unit").lower())
                kind = "duration" if unit in ("year", "month", "week", "day", "hour", "minute", "second") else "number"
                ne = um.end()
            if not _free(taken, s, ne):
                continue
            add(Value(kind, _norm(val), s, ne, span_text(s, ne), currency=currency, unit=unit, magnitude=mag))


def _scan_ordinal_words(sc: _Scan) -> None:
    """Spelled-out ordinals from the vocabulary."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    if p["ordinal_word"] is not None:
        for m in p["ordinal_word"].finditer(t):
            s, e = m.span()
            if _free(taken, s, e):
                add(Value("ordinal", Decimal(v.ordinal_words[m.group("w").lower()]), s, e, span_text(s, e)))


def _scan_standalone(sc: _Scan) -> None:
    """Standalone magnitudes ("a million people"), after spelled-out numbers («три миллиона»)."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    if p["standalone"] is not None:
        for m in p["standalone"].finditer(t):
            s, e = m.span()
            if not _free(taken, s, e):
                continue
            val = v.standalone_magnitudes[m.group().lower()]
            kind, currency = "number", None
            ca = p["currency_after"].match(t, e)
            if ca:
                cur = v.currency_of.get(ca.group("cur").lower())
                if cur:
                    kind, currency, e = "money", cur, ca.end()
            add(Value(kind, val, s, e, span_text(s, e), currency=currency, magnitude=val))


def _scan_weekdays(sc: _Scan) -> None:
    """Weekday names and weekday adjectives («суботній матч»)."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    for m in p["weekday"].finditer(t):
        s, e = m.span()
        if not _free(taken, s, e):
            continue
        w = m.group("w")
        if lang == "en" and (not w[0].isupper() or t[max(0, s - 4):s] == "The "):
            continue  # "The Sunday Times" is a name
        if w.lower() in v.ambiguous_weekdays and not (lang == "tr" and _GUN_AFTER.match(t, e)):
            continue
        nxt = _CAPITALISED_AFTER.match(t, e)
        if lang == "en" and nxt and nxt.group(1).lower() not in vocab("en").month_of:
            continue  # "Saturday Night Live", "Sunday Telegraph": a name
        add(Value("weekday", v.weekday_of[w.lower()], s, e, span_text(s, e)))
    if v.weekday_adjectives:
        for m in p["weekday_adj"].finditer(t):
            s, e = m.span()
            if _free(taken, s, e):
                add(Value("weekday", v.weekday_adjectives[m.group("stem").lower()], s, e, span_text(s, e)))


def _scan_bare_months(sc: _Scan) -> None:
    """A month name alone («у лютому», "in March"), where context makes it a date."""
    t, v, p, lang, n, taken, add, span_text = sc.t, sc.v, sc.p, sc.lang, sc.n, sc.taken, sc.add, sc.span_text
    has_month = sc.has_month
    for m in (p["bare_month"].finditer(t) if has_month else ()):
        s, e = m.span()
        if not _free(taken, s, e):
            continue
        form = m.group("m")
        mo, case = _month_num(v, form)
        if mo is None:
            continue
        low = form.lower()
        if lang == "en" or case == "foreign":
            if not form[0].isupper():
                continue
            if low in ("may", "march"):
                pp = p["month_prep"] or _patterns("en")["month_prep"]
                if not pp.search(t[max(0, s - 12):s]):
                    continue
            elif low.rstrip(".") in vocab("en").ambiguous_months:
                pp = p["month_prep"] or _patterns("en")["month_prep"]
                if low.rstrip(".") in ("mar", "jun", "jul", "apr") or not pp.search(t[max(0, s - 12):s]):
                    continue  # "until Oct." is October; a bare "Jun" is not
        elif low in v.ambiguous_months:
            prev = t[max(0, s - 8):s].split()
            after_prep = case in ("nom", "gen", "loc") and bool(prev) and prev[-1].lower() in v.month_case_after
            if not (lang == "tr" and _AY_AFTER.match(t, e)) and not after_prep:
                continue
        add(Value("date", (None, mo, None), s, e, span_text(s, e), case=case))


_DIGIT_SCANNERS = (_scan_dates, _scan_times, _scan_numbers, _scan_odd_numbers)
_WORD_SCANNERS = (_scan_roman, _scan_number_words, _scan_ordinal_words, _scan_standalone, _scan_weekdays,
                  _scan_bare_months)



def match_values(source: list[Value], target: list[Value]) -> tuple[list[tuple[Value, Value]], list[Value], list[Value]]:
    """Pair each source value with a target value that carries the same value (one-to-one).

    The source is read once, in its own convention (its ``alts`` are ignored); a target value may
    have several readings (its own convention, an English copy), and it pairs with a source value
    only when one of them *is* the source value (``agrees``). Ambiguity never helps a match: a
    source "$17,000" is 17000 and nothing else. First pass: same kind and primary reading; second
    pass: any agreeing reading (an ambiguous "1,000", a year inside a date, a partial date).
    Returns ``(pairs, unmatched_source, unmatched_target)``.
    """
    usable_t = [t for t in target if t.value is not None]
    used: set[int] = set()
    pairs: list[tuple[Value, Value]] = []
    pending = [s for s in source if s.value is not None]
    for strict in (True, False):
        nxt = []
        for s in pending:
            best = next((i for i, t in enumerate(usable_t) if i not in used and (
                (t.kind == s.kind and t.value == s.value) if strict else agrees(s, t))), None)
            if best is None:
                nxt.append(s)
            else:
                used.add(best)
                pairs.append((s, usable_t[best]))
        pending = nxt
    pairs.sort(key=lambda st: st[1].start)
    return pairs, pending, [t for i, t in enumerate(usable_t) if i not in used]


_FAMILY = {"number": "q", "percent": "q", "money": "q", "ordinal": "q", "duration": "q", "age": "q",
           "date": "d", "time": "t", "weekday": "w"}


_HOUR_KINDS = ("number", "duration", "ordinal")


def readings(v: Value) -> tuple:
    """Every value a target rendering can be read as: its own convention first, then the others."""
    return (v.value, *v.alts) if v.value is not None else ()


def agrees(s: Value, t: Value) -> bool:
    """Whether target value ``t`` can be a rendering of source value ``s`` (read in its convention).

    Quantities: ``s.value`` is one of ``t``'s readings. Dates: no part (year, month, day) differs
    and the target shows at least one; a year-only date and the number 2022 agree. Times: the same
    minute of the day (a round hour may appear as its number). Weekdays: the same day."""
    fs, ft = _FAMILY.get(s.kind), _FAMILY.get(t.kind)
    if fs == ft == "q":  # translators convert imperial units: 10 inches may be «25 см»
        return s.value in readings(t) or bool(
            s.unit and s.kind == "number" and set(readings(t)) & _converted(s.value, s.unit))
    if fs == ft == "d":
        return any(_date_agrees(s.value, r) for r in readings(t))
    if fs == "d" and ft == "q":
        return s.value[0] is not None and s.value[1:] == (None, None) and Decimal(s.value[0]) in readings(t) \
            and t.kind == "number"
    if fs == "q" and ft == "d":
        return t.value[1:] == (None, None) and s.kind == "number" and s.value == t.value[0]
    if fs == ft == "t":
        return s.value == t.value
    if fs == "t" and t.kind in _HOUR_KINDS:  # «о 19 годині», «в 6-й» for 7 p.m., 6 a.m.
        return s.value % 60 == 0 and Decimal(s.value // 60) in readings(t)
    if s.kind in _HOUR_KINDS and ft == "t":  # "12.00" read as a number in English, «12:00» in the target
        return t.value % 60 == 0 and s.value == t.value // 60
    return fs == ft == "w" and s.value == t.value


def _date_agrees(s: tuple, t: tuple) -> bool:
    shown = [(a, b) for a, b in zip(s, t) if b is not None]
    return bool(shown) and all(a == b for a, b in shown)
