"""Generated source/draft pairs for the value invariant, and an independent reader of the target.

Used by ``tests/test_values_invariant.py`` and ``benchmarks/bench_values.py``. Nothing here calls
``l10n.localize``: drafts are written from templates by this module's own formatting, and the
post-edited output is read back by ``read_slot`` — a deliberately small, strict reader of the
target convention only (uk/ru: «17 000», «12,4 %», «24 лютого 2022 року», «19:30»; tr: «17.000»,
«%12,4», «24 Şubat 2022»). An English-format copy left in the output ("$17,000" in Russian) does
not read as the source value there, exactly as a Russian reader would not read it so.

Each ``Draft`` has a ``style``: ``copy`` (MT copied the English format: must be fixed),
``local`` (already localized: must stay correct) or ``changed`` (the value differs from the
source: must carry a critical flag).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal

LANGS = ("uk", "ru", "tr")
NBSP = "\u00a0"

# ---- the independent target vocabulary (not read from l10n's data files) -------------------------
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS_GEN = {
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
           "жовтня", "листопада", "грудня"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"],
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
           "Kasım", "Aralık"],
}
YEAR_WORD = {"uk": " року", "ru": " года", "tr": ""}
CURRENCY_STEMS = {  # how a reader recognises the currency word
    "uk": {"USD": "долар", "EUR": "євро", "GBP": "фунт"},
    "ru": {"USD": "доллар", "EUR": "евро", "GBP": "фунт"},
    "tr": {"USD": "dolar", "EUR": "avro|euro", "GBP": "sterlin"},
}
CURRENCY_WORD = {"uk": {"USD": "доларів", "EUR": "євро", "GBP": "фунтів стерлінгів"},
                 "ru": {"USD": "долларов", "EUR": "евро", "GBP": "фунтов стерлингов"},
                 "tr": {"USD": "dolar", "EUR": "avro", "GBP": "sterlin"}}
SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}
MAGNITUDE = {"uk": {6: "млн", 9: "млрд"}, "ru": {6: "млн", 9: "млрд"}, "tr": {6: "milyon", 9: "milyar"}}
EN_MAGNITUDE = {6: "million", 9: "billion"}

TEMPLATES = {  # (English, target) frames; {v} is the value
    "money": {"en": ["The fine was {v}.", "The project will cost {v}, officials said."],
              "uk": ["Штраф склав {v}.", "Проєкт коштуватиме {v}, заявили чиновники."],
              "ru": ["Штраф составил {v}.", "Проект будет стоить {v}, заявили чиновники."],
              "tr": ["Ceza {v} oldu.", "Yetkililere göre proje {v} tutacak."]},
    "number": {"en": ["About {v} people left the city.", "Police counted {v} protesters."],
               "uk": ["Близько {v} людей залишили місто.", "Поліція нарахувала {v} протестувальників."],
               "ru": ["Около {v} человек покинули город.", "Полиция насчитала {v} протестующих."],
               "tr": ["Yaklaşık {v} kişi şehri terk etti.", "Polis {v} protestocu saydı."]},
    "percent": {"en": ["Inflation reached {v} in May.", "Turnout was {v}."],
                "uk": ["Інфляція в травні сягнула {v}.", "Явка становила {v}."],
                "ru": ["Инфляция в мае достигла {v}.", "Явка составила {v}."],
                "tr": ["Mayısta enflasyon {v} oldu.", "Katılım {v} oldu."]},
    "date": {"en": ["The talks began on {v}.", "The law took effect on {v}."],
             "uk": ["Переговори почалися {v}.", "Закон набув чинності {v}."],
             "ru": ["Переговоры начались {v}.", "Закон вступил в силу {v}."],
             "tr": ["Görüşmeler {v} tarihinde başladı.", "Yasa {v} tarihinde yürürlüğe girdi."]},
    "time": {"en": ["The curfew starts at {v}.", "The meeting ended at {v}."],
             "uk": ["Комендантська година починається о {v}.", "Зустріч завершилася о {v}."],
             "ru": ["Комендантский час начинается в {v}.", "Встреча закончилась в {v}."],
             "tr": ["Sokağa çıkma yasağı saat {v} itibarıyla başlıyor.", "Toplantı saat {v} itibarıyla bitti."]},
    "range": {"en": ["Temperatures will be {v} degrees."],
              "uk": ["Температура становитиме {v} градусів."],
              "ru": ["Температура составит {v} градусов."],
              "tr": ["Sıcaklık {v} derece olacak."]},
}
KINDS = tuple(TEMPLATES)


@dataclass(frozen=True)
class Draft:
    lang: str
    kind: str
    style: str          # copy | local | changed
    source: str
    draft: str
    frame: str          # the target template, to find the value again in the output
    expected: tuple     # the source value, as read_slot returns it


# ---- formatting (this module's own) -----------------------------------------------------------

def en_number(d: Decimal) -> str:
    sign, digits, exp = d.as_tuple()
    whole = int(abs(d))
    frac = str(abs(d) - whole)[1:] if d != d.to_integral_value() else ""
    return f"{whole:,}" + frac


def local_number(d: Decimal, lang: str) -> str:
    whole = int(d)
    frac = str(d - whole)[2:] if d != d.to_integral_value() else ""
    sep = "." if lang == "tr" else NBSP
    grouped = f"{whole:,}".replace(",", sep) if whole >= 10000 or lang == "tr" else str(whole)
    return grouped + ("," + frac if frac else "")


def _mantissa(rng: random.Random) -> tuple[Decimal, int | None]:
    """An amount and, for millions/billions, the magnitude it is written with."""
    choice = rng.random()
    if choice < 0.4:
        return Decimal(rng.choice([rng.randint(2, 999) * 1000, rng.randint(1001, 999999)])), None
    if choice < 0.55:
        return Decimal(rng.randint(100, 99999)) / 100, None
    exp = rng.choice([6, 9])
    return Decimal(rng.choice([rng.randint(2, 900), rng.randint(11, 99) / Decimal(10)])), exp


def render(kind: str, value: tuple, lang: str, style: str) -> str:
    """``value`` written in English (``lang="en"``), as an MT copy, or localized."""
    copy = lang == "en" or style == "copy"
    if kind == "money":
        amount, exp, cur = value
        if lang == "en" or (style == "copy" and cur != "GBP"):
            mag = f" {EN_MAGNITUDE[exp]}" if exp and lang == "en" else (f" {MAGNITUDE[lang][exp]}" if exp else "")
            return f"{SYMBOL[cur]}{en_number(amount)}{mag}"
        num = en_number(amount) if copy else local_number(amount, lang)
        mag = f"{NBSP if lang != 'tr' else ' '}{MAGNITUDE[lang][exp]}" if exp else ""
        return f"{num}{mag} {CURRENCY_WORD[lang][cur]}"
    if kind == "number":
        return en_number(value[0]) if copy else local_number(value[0], lang)
    if kind == "percent":
        if copy:
            return f"{en_number(value[0])}%"
        n = local_number(value[0], lang)
        return f"%{n}" if lang == "tr" else f"{n}{NBSP}%"
    if kind == "date":
        y, m, d = value
        if copy:
            return f"{MONTHS_EN[m - 1]} {d}, {y}" if (lang != "en" or d % 2) else f"{d} {MONTHS_EN[m - 1]} {y}"
        return f"{d} {MONTHS_GEN[lang][m - 1]} {y}{YEAR_WORD[lang]}"
    if kind == "time":
        minutes = value[0]
        h, mi = divmod(minutes, 60)
        if copy:
            return f"{h % 12 or 12}:{mi:02d} {'p.m.' if h >= 12 else 'a.m.'}"
        return f"{h:02d}:{mi:02d}"
    if kind == "range":
        return f"{value[0]}–{value[1]}"
    raise ValueError(kind)


def random_value(kind: str, rng: random.Random) -> tuple:
    if kind == "money":
        amount, exp = _mantissa(rng)
        return amount, exp, rng.choice(["USD", "EUR", "GBP"])
    if kind == "number":
        return (Decimal(rng.choice([rng.randint(1001, 9999999), rng.randint(2, 999) * 1000, rng.randint(13, 999)])),)
    if kind == "percent":
        return (Decimal(rng.randint(1, 999)) / rng.choice([1, 10]),)
    if kind == "date":
        return rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    if kind == "time":
        return (rng.randint(0, 23) * 60 + rng.choice([0, 15, 30, 45]),)
    if kind == "range":
        lo = rng.randint(2, 30)
        return lo, lo + rng.randint(1, 9)
    raise ValueError(kind)


def changed_value(kind: str, value: tuple, rng: random.Random) -> tuple:
    """The same kind of value with one part changed, as MT errors change it."""
    if kind == "money":
        amount, exp, cur = value
        how = rng.choice(["scale", "digit", "magnitude", "currency"])
        if how == "magnitude" and exp:
            return amount, 9 if exp == 6 else 6, cur
        if how == "currency":
            return amount, exp, rng.choice([c for c in ("USD", "EUR", "GBP") if c != cur])
        if how == "scale" and amount >= 1000 and amount % 1000 == 0:
            return amount / 1000, exp, cur   # "$17,000" -> «17 доларів»
        if how == "scale":
            return amount * 10, exp, cur
        return amount + rng.choice([1, 2, 10]), exp, cur
    if kind in ("number", "percent"):
        return (value[0] + rng.choice([1, 3, 100]),)
    if kind == "date":
        y, m, d = value
        part = rng.randrange(3)
        return (y + 1, m, d) if part == 0 else (y, m % 12 + 1, d) if part == 1 else (y, m, d % 28 + 1)
    if kind == "time":
        return ((value[0] + rng.choice([60, 720, 30])) % 1440,)
    return value[0], value[1] + 1


def expected(kind: str, value: tuple) -> tuple:
    """What ``read_slot`` returns for ``value``: money as (amount in units, currency)."""
    if kind == "money":
        amount, exp, cur = value
        return (amount * (Decimal(10) ** exp if exp else 1)).normalize(), cur
    if kind == "range":
        return Decimal(value[0]), Decimal(value[1])
    if kind in ("number", "percent"):
        return (value[0].normalize(),)
    return value


def drafts(n_per_kind: int = 24, seed: int = 10) -> list[Draft]:
    """``n_per_kind`` values x 3 styles x every kind x uk/ru/tr (deterministic)."""
    rng = random.Random(seed)
    out = []
    for lang in LANGS:
        for kind in KINDS:
            for i in range(n_per_kind):
                value = random_value(kind, rng)
                j = i % len(TEMPLATES[kind]["en"])
                en_frame, frame = TEMPLATES[kind]["en"][j], TEMPLATES[kind][lang][j]
                src = en_frame.format(v=render(kind, value, "en", "copy"))
                for style in ("copy", "local", "changed"):
                    if kind == "range" and style == "copy":
                        continue  # "5–7" is written the same way everywhere
                    shown = changed_value(kind, value, rng) if style == "changed" else value
                    how = ("local" if i % 2 else "copy") if style == "changed" else style
                    text = frame.format(v=render(kind, shown, lang, how))
                    if style == "changed" and read_slot(text, frame, kind, lang) == expected(kind, value):
                        continue  # "€824.789" in Turkish: the change made it read as the source value
                    out.append(Draft(lang, kind, style, src, text, frame, expected(kind, value)))
    return out


# ---- the independent reader ---------------------------------------------------------------------

def _num_re(lang: str) -> str:
    group = r"\." if lang == "tr" else "[\u00a0\u202f ]"
    return r"(\d{1,3}(?:" + group + r"\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"


def _num(text: str, lang: str) -> Decimal:
    return Decimal(re.sub(r"[.\u00a0\u202f ]", "", text).replace(",", ".")).normalize()


def read_slot(output: str, frame: str, kind: str, lang: str) -> tuple | None:
    """The value a reader of ``lang`` finds where the template put it, or None if it does not read."""
    before, after = frame.split("{v}")
    suffix = r"(?:['’][a-zçğıöşü]+)?" if lang == "tr" else ""
    m = re.fullmatch(re.escape(before) + r"(.+?)" + suffix + re.escape(after), output)
    if not m:
        return None
    slot, num = m.group(1), _num_re(lang)
    if kind == "number":
        r = re.fullmatch(num, slot)
        return (_num(r.group(1), lang),) if r else None
    if kind == "percent":
        r = re.fullmatch("%" + num if lang == "tr" else num + "[\u00a0\u202f ]?%", slot)
        return (_num(r.group(1), lang),) if r else None
    if kind == "money":
        mags = "|".join(f"(?P<m{e}>{w})" for e, w in MAGNITUDE[lang].items())
        curs = "|".join(f"(?P<{c}>(?:{s})\\w*(?: \\w+)?)" for c, s in CURRENCY_STEMS[lang].items())
        r = re.fullmatch(num + f"(?:[\u00a0 ](?:{mags}))?" + f" (?:{curs})", slot)
        if not r:
            return None
        exp = next((e for e in MAGNITUDE[lang] if r.group(f"m{e}")), 0)
        cur = next(c for c in CURRENCY_STEMS[lang] if r.group(c))
        return (_num(r.group(1), lang) * Decimal(10) ** exp).normalize(), cur
    if kind == "date":
        months = "|".join(MONTHS_GEN[lang])
        r = re.fullmatch(r"(\d{1,2}) (" + months + r") (\d{4})" + re.escape(YEAR_WORD[lang]), slot)
        return (int(r.group(3)), MONTHS_GEN[lang].index(r.group(2)) + 1, int(r.group(1))) if r else None
    if kind == "time":
        r = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", slot)
        return (int(r.group(1)) * 60 + int(r.group(2)),) if r else None
    if kind == "range":
        r = re.fullmatch(r"(\d+)[–-](\d+)", slot)
        return (Decimal(r.group(1)), Decimal(r.group(2))) if r else None
    raise ValueError(kind)


@dataclass
class Tally:
    """The invariant's figures over a set of drafts."""

    total: int = 0
    silent: int = 0            # output reads as another value and no critical flag says so
    copy: int = 0
    copy_fixed: int = 0        # copy drafts whose output reads as the source value, no critical flag
    local: int = 0
    local_ok: int = 0
    changed: int = 0
    changed_flagged: int = 0
    failures: list = None

    def add(self, d: Draft, output: str, severities: list[str]) -> None:
        if self.failures is None:
            self.failures = []
        critical = "critical" in severities
        reads = read_slot(output, d.frame, d.kind, d.lang)
        ok = reads == d.expected
        self.total += 1
        if not ok and not critical:
            self.silent += 1
            self.failures.append(("silent", d, output))
        if d.style == "copy":
            self.copy += 1
            self.copy_fixed += ok and not critical
            if not (ok and not critical):
                self.failures.append(("not fixed", d, output))
        elif d.style == "local":
            self.local += 1
            self.local_ok += ok and not critical
        else:
            self.changed += 1
            self.changed_flagged += critical
            if not critical:
                self.failures.append(("changed, not flagged", d, output))

    def line(self) -> str:
        pct = lambda a, b: f"{a / b:.1%}" if b else "n/a"  # noqa: E731
        return (f"generated drafts {self.total}: silent value errors {self.silent}, copy-style fixed "
                f"{pct(self.copy_fixed, self.copy)} ({self.copy_fixed}/{self.copy}), changed values flagged "
                f"{pct(self.changed_flagged, self.changed)} ({self.changed_flagged}/{self.changed}), localized "
                f"kept {pct(self.local_ok, self.local)}")
