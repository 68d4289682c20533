"""Render a value the way a newsroom in the target language writes it (CLDR via Babel + data tables).

Choices (documented in docs/localize.md, data in ``data/<lang>.yaml`` under ``render:``):

* numbers: CLDR grouping and decimal sign (uk/ru U+00A0 grouping, tr "1.000.000"), every digit
  kept; a 4-digit integer written without a separator stays as written (years, model numbers);
* percent: uk/ru «1,5 %» (no-break space), tr «%1,5», en "1.5%";
* money: magnitudes ≥ 1 million compact — «7 млрд доларів», «7 млрд долларов», «7 milyar dolar»,
  "$7 billion"; after an abbreviated magnitude uk/ru use the genitive plural (CLDR "many" form),
  otherwise the currency word agrees with the number by CLDR plural rules («2 долари», «5 доларів»);
* dates: uk/ru genitive month after a day and the year word («24 лютого 2022 року»), the month in
  the case the sentence already uses or its preposition demands when there is no day
  («у лютому 2022 року»); tr «24 Şubat 2022»; en "February 24, 2022";
* times: 24-hour «19:30» for uk/ru/tr, "7:30 p.m." for en.
"""

from __future__ import annotations

import re
from decimal import Decimal

from l10n.languages import LOCALES
from l10n.localize.values import Value
from l10n.localize.vocab import vocab

NBSP = "\u00a0"
_MAGNITUDES = {
    "uk": {12: "трлн", 9: "млрд", 6: "млн"},
    "ru": {12: "трлн", 9: "млрд", 6: "млн"},
}


def _locale(lang: str):
    from l10n.localize.formatting import get_locale
    return get_locale(LOCALES[lang])


def render_number(d: Decimal, lang: str, *, keep_plain: bool = False) -> str:
    """Every digit kept, CLDR separators. ``keep_plain`` leaves a bare 4-digit integer as is."""
    from babel.numbers import format_decimal

    if keep_plain and d == d.to_integral_value() and 1000 <= abs(d) <= 9999:
        return str(int(d))
    return format_decimal(d, locale=_locale(lang), decimal_quantization=False)


def _cents(d: Decimal, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(d, format="#,##0.00", locale=_locale(lang))


def render_percent(d: Decimal, lang: str) -> str:
    pattern = vocab(lang).render.get("percent", "{n}%")
    return pattern.replace("{n}", render_number(d, lang))


def _magnitude_words(lang: str) -> dict[int, str]:
    if lang in _MAGNITUDES:
        return _MAGNITUDES[lang]
    v = vocab(lang)
    words: dict[int, str] = {}
    for word, mag in v.magnitude_of.items():
        exp = len(str(int(mag))) - 1
        if exp >= 6 and exp not in words and len(word) > 3:
            words[exp] = word
    return words


def _split_magnitude(amount: Decimal, lang: str) -> tuple[Decimal, str] | None:
    """7000000000 -> (7, "млрд") when the mantissa stays short (at most 3 decimals)."""
    words = _magnitude_words(lang)
    for exp in sorted(words, reverse=True):
        scale = Decimal(10) ** exp
        if abs(amount) >= scale:
            mant = amount / scale
            if mant == mant.quantize(Decimal("0.001")):
                mant = mant.quantize(Decimal(1)) if mant == mant.to_integral_value() else mant.normalize()
                return mant, words[exp]
            return None
    return None


def _currency_word(code: str, number: Decimal, lang: str, *, after_magnitude: bool) -> str | None:
    forms = vocab(lang).render.get("currency_forms", {}).get(code)
    if not forms:
        return None
    if after_magnitude and "many" in forms:
        return forms["many"]
    category = _locale(lang).plural_form(number)
    return forms.get(category) or forms.get("other") or next(iter(forms.values()))


def render_money(amount: Decimal, code: str, lang: str) -> str | None:
    """Newsroom rendering of a money amount, or None when there is no rule for this currency."""
    from babel.numbers import get_currency_symbol

    split = _split_magnitude(amount, lang) if abs(amount) >= 1_000_000 else None
    compact_style = vocab(lang).render.get("compact", "short")
    if lang == "en":
        sym = get_currency_symbol(code, locale=_locale("en"))
        sep = " " if sym[-1:].isalpha() else ""
        if split:
            mant, word = split
            return f"{sym}{sep}{render_number(mant, 'en')} {word}"
        if amount != amount.to_integral_value() and -amount.as_tuple().exponent < 2:
            return f"{sym}{sep}{_cents(amount, 'en')}"
        return f"{sym}{sep}{render_number(amount, 'en')}"
    if split:
        mant, word = split
        cur = _currency_word(code, mant, lang, after_magnitude=True)
        if cur is None:
            return None
        gap = NBSP if compact_style == "short" else " "
        return f"{render_number(mant, lang)}{gap}{word} {cur}"
    cur = _currency_word(code, amount, lang, after_magnitude=False)
    if cur is None:
        return None
    if amount != amount.to_integral_value() and -amount.as_tuple().exponent < 2:
        return f"{_cents(amount, lang)} {cur}"  # cents: «2,50 долара», not «2,5 долара»
    return f"{render_number(amount, lang, keep_plain=True)} {cur}"


def render_time(minutes: int, lang: str) -> str:
    h, m = divmod(minutes, 60)
    if lang == "en":
        suffix = "a.m." if h < 12 else "p.m."
        h12 = h % 12 or 12
        return f"{h12}:{m:02d} {suffix}" if m else f"{h12} {suffix}"
    return f"{h:02d}:{m:02d}" if lang != "en" else ""


def render_date(value: tuple, lang: str, *, case: str | None = None) -> str | None:
    """Render (year, month, day) partials; ``case`` picks the month form when there is no day."""
    y, m, d = value
    if m is None:
        return None
    v = vocab(lang)
    forms = v.month_forms[m]
    r = v.render
    if lang == "en":
        name = forms["nom"].capitalize()
        if d and y:
            return f"{name} {d}, {y}"
        if d:
            return f"{name} {d}"
        return f"{name} {y}" if y else name
    if lang == "tr":
        name = forms["nom"]
        parts = [str(d)] if d else []
        parts.append(name)
        if y:
            parts.append(str(y))
        return " ".join(parts)
    if d:
        text = f"{d} {forms['gen']}"
        if y:
            text += f" {y} {r.get('year_word_gen', '')}".rstrip()
        return text
    name = forms.get(case or "nom") or forms["nom"]
    if y:
        return f"{name} {y} {r.get('year_word_gen', '')}".rstrip()
    return name


def render(src: Value, tgt: Value, lang: str, target_text: str) -> str | None:
    """The new text for ``tgt``'s span, or None to leave it alone."""
    if src.kind == "money" and tgt.kind == "money" and src.currency == tgt.currency:
        return render_money(src.value, src.currency, lang)  # the source value: never the target's
    if src.kind == "percent" and tgt.kind == "percent" and "%" in tgt.text:
        return render_percent(src.value, lang)
    if src.kind == "time" and tgt.kind == "time":
        return render_time(src.value, lang)
    if src.kind == "date" and tgt.kind == "date" and not src.ambiguous and tgt.value[1] is not None:
        return _render_date_in_context(src, tgt, lang, target_text)
    if src.kind in ("number", "duration") and tgt.kind == src.kind and tgt.value == src.value:
        return None  # numbers are re-rendered token-wise by localize()
    return None


def _render_date_in_context(src: Value, tgt: Value, lang: str, target_text: str) -> str | None:
    y, m, d = tgt.value
    # keep what the target already has; add the year only when the source had it and the target too
    if tgt.case in ("nom", "gen", "loc", "other") and lang in ("uk", "ru"):
        case = tgt.case if tgt.case != "other" else "nom"
    else:
        case = _case_from_context(target_text[:tgt.start], lang)
    needed = _case_from_context(target_text[:tgt.start], lang) if d is None else "gen"
    if lang in ("uk", "ru") and tgt.case != "foreign" and (d is None or tgt.case == "gen") \
            and (y is None or not tgt.text.rstrip()[-1:].isdigit()) and (needed == "nom" or tgt.case == needed):
        return None  # already idiomatic: month form fits, year word present
    if lang in ("uk", "ru") and d is None and needed != "nom":
        case = needed  # «в лютий 2022 року» -> «в лютому 2022 року»: the preposition decides
    if lang == "tr" and tgt.case != "foreign":
        return None  # Turkish month words carry suffixes (Şubat'ta); only foreign months are rewritten
    out = render_date((y, m, d), lang, case=case)
    suffix = re.search(r"['’][^\W\d_]+$", tgt.text) if lang == "tr" else None
    return out + suffix.group() if out and suffix else out


def _case_from_context(before: str, lang: str) -> str:
    words = before.rstrip().split()
    if not words:
        return "nom"
    prev = words[-1].lower().strip("«(\"'")
    return vocab(lang).month_case_after.get(prev, "nom")
