"""Reading and writing glossary files: YAML (native), TBX (ISO 30042) and CSV.

Every problem is reported as a one-line ``GlossaryError`` naming the file, the line and the entry,
because glossaries are edited by hand by editors, not programmers.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from l10n.errors import GlossaryError
from l10n.fileio import read_utf8
from l10n.glossary import surnames
from l10n.glossary.model import GENDERS, TYPES, Glossary, LangTerm, Term
from l10n.languages import SUPPORTED
from l10n.limits import check_unicode, echo
from l10n.text import fold

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")  # \Z: "$" would accept "abc\n"
_ENTRY_KEYS = {"id", "type", "dnt", "note", "gender", *SUPPORTED}
_LANG_KEYS = {"term", "variants", "accept", "gender", "pronounce", "note", "surname"}


def default_glossary_path() -> Path:
    """The shipped ``ukraine-news.yaml``: the checkout's ``glossaries/`` copy when run from a
    checkout (so editors edit the visible file), else the copy packaged inside ``l10n``."""
    repo_copy = Path(__file__).resolve().parents[2] / "glossaries" / "ukraine-news.yaml"
    if repo_copy.is_file():
        return repo_copy
    return Path(__file__).resolve().parent / "data" / "ukraine-news.yaml"


def load_glossary(*paths: str | Path) -> Glossary:
    """Load and validate one or more glossary files (``.yaml``/``.yml``, ``.tbx``, ``.csv``).

    Entries from several files are merged; the same id twice, or one source term claimed by two
    entries, is an error.
    """
    return load_glossary_texts(*((read_utf8(Path(p), error=GlossaryError), format_of(Path(p)), str(Path(p)))
                                 for p in paths))


def load_glossary_text(text: str, fmt: str = "yaml", name: str = "<glossary>") -> Glossary:
    """A glossary from its text (``fmt``: yaml, csv or tbx), validated like ``load_glossary``;
    errors name ``name`` (e.g. the id a client stored it under) instead of a file."""
    return load_glossary_texts((text, fmt, name))


def load_glossary_texts(*items: tuple[str, str, str]) -> Glossary:
    """Several glossaries given as ``(text, fmt, name)``, merged and validated as one, as
    ``load_glossary`` merges several files: for stores that hold glossary text (a database row), so
    that nothing has to be written to a temporary file to be read back."""
    terms: list[Term] = []
    names: list[str] = []
    for text, fmt, name in items:
        if fmt not in _PARSERS:
            raise GlossaryError(f"glossary format must be one of {', '.join(_PARSERS)}, got {fmt!r}", where=name)
        terms += _PARSERS[fmt](text, name)
        names.append(name)
    validate(terms)
    return Glossary(terms, sources=names)


def format_of(path: Path) -> str:
    """The glossary format a file name implies: tbx (``.tbx``, ``.xml``), csv, else yaml."""
    suffix = path.suffix.lower()
    return "tbx" if suffix in (".tbx", ".xml") else "csv" if suffix == ".csv" else "yaml"


# -- YAML -----------------------------------------------------------------------------------

def parse_yaml(text: str, name: str = "<glossary>") -> list[Term]:
    entries, required = _yaml_entries(text, name)
    out = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise GlossaryError(f"entry {i} is not a mapping", where=name)
        out.append(_entry_from_dict(entry, f"{name}:{entry.get('__line__', '?')}", required))
    return out


def _line_loader(base: type) -> type:
    """A subclass of the YAML loader ``base`` that records each mapping's line as ``__line__`` and
    refuses aliases (``*name``): nine nested aliases of nine items are 9**9 values to every later
    walk over the data ("billion laughs"), from a 300-byte file."""
    import yaml

    class _Loader(base):
        def construct_object(self, node, deep=False):
            if node in self.constructed_objects:  # the second use of a node is an alias
                raise yaml.constructor.ConstructorError(
                    None, None, "aliases (*name) are not supported in a glossary; repeat the value",
                    node.start_mark)
            return super().construct_object(node, deep)

    def _mapping(loader, node, deep=False):
        mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    return _Loader


def _yaml_entries(text: str, name: str) -> tuple[list, tuple[str, ...]]:
    import yaml

    try:
        # libyaml's parser when PyYAML has it (the shipped glossary loads several times faster);
        # a file it rejects is parsed again in Python, whose error messages we report
        fast = getattr(yaml, "CSafeLoader", None)
        try:
            data = yaml.load(text, Loader=_line_loader(fast or yaml.SafeLoader))  # noqa: S506 - safe loader
        except yaml.YAMLError:
            if fast is None:
                raise
            data = yaml.load(text, Loader=_line_loader(yaml.SafeLoader))  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise GlossaryError(f"malformed YAML: {problem}", where=f"{name}{line}") from None
    except RecursionError:  # PyYAML composes nested nodes recursively
        raise GlossaryError("malformed YAML: nested too deeply", where=name) from None
    except ValueError as exc:  # e.g. a 5,000-digit integer
        raise GlossaryError(f"malformed YAML: {echo(str(exc))}", where=name) from None
    check_unicode(data, name, error=GlossaryError)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryError("expected a mapping with a 'terms:' list", where=name)
    langs = data.get("languages")
    if langs is not None and (not isinstance(langs, list) or any(lc not in SUPPORTED for lc in langs)):
        raise GlossaryError(f"'languages' must be a list of {', '.join(SUPPORTED)}", where=name)
    required = tuple(langs) if langs else SUPPORTED
    return data["terms"], required


def _entry_from_dict(entry: dict[str, Any], where: str, required: tuple[str, ...]) -> Term:
    tid = entry.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise GlossaryError(f"missing or bad 'id' ({tid!r}): use letters, digits, - _ .", where=where)
    loc = f"{where}: entry {tid}"
    unknown = sorted(k for k in entry if k not in _ENTRY_KEYS and k != "__line__")
    if unknown:
        raise GlossaryError(f"unknown field {unknown[0]!r} (fields: id, type, dnt, note, gender, "
                            f"{', '.join(SUPPORTED)})", where=loc)
    typ = entry.get("type", "other")
    if typ not in TYPES:
        raise GlossaryError(f"bad type {typ!r} (choose from {', '.join(TYPES)})", where=loc)
    dnt = entry.get("dnt", False)
    if not isinstance(dnt, bool):
        raise GlossaryError("'dnt' must be true or false", where=loc)
    gender = entry.get("gender")
    if gender is not None and gender not in GENDERS:
        raise GlossaryError(f"bad gender {gender!r} (m, f or n)", where=loc)
    langs: dict[str, LangTerm] = {}
    for lang in SUPPORTED:
        if lang in entry:
            langs[lang] = _lang_from(entry[lang], f"{loc}: {lang}")
    if typ != "person" and any(lt.surname for lt in langs.values()):
        lang = next(code for code, lt in langs.items() if lt.surname)
        raise GlossaryError(f"'surname' is only for persons (type is {typ!r})", where=f"{loc}: {lang}: surname")
    need = ("en",) if dnt else required
    for lang in need:
        if lang not in langs:
            raise GlossaryError(f"missing language {lang!r}", where=loc)
    return Term(tid, typ, langs, dnt=dnt, note=_opt_str(entry.get("note"), loc, "note"),
                gender=gender, where=where)


def _opt_str(value: Any, loc: str, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise GlossaryError(f"{field!r} must be text", where=loc)
    return str(value)


def _lang_from(value: Any, loc: str) -> LangTerm:
    if isinstance(value, str):
        value = {"term": value}
    if not isinstance(value, dict):
        raise GlossaryError("expected a term or {term: ..., variants: [...]}", where=loc)
    unknown = sorted(k for k in value if k not in _LANG_KEYS and k != "__line__")
    if unknown:
        raise GlossaryError(f"unknown field {unknown[0]!r}", where=loc)
    term = value.get("term")
    if not isinstance(term, str) or not term.strip():
        raise GlossaryError("empty term", where=loc)
    lists = {}
    for key in ("variants", "accept"):
        items = value.get(key) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or any(not isinstance(v, str) or not v.strip() for v in items):
            raise GlossaryError(f"{key!r} must be a list of non-empty strings", where=loc)
        lists[key] = tuple(" ".join(v.split()) for v in items)
    both = {fold(v) for v in lists["variants"]} & {fold(a) for a in (term, *lists["accept"])}
    if both:
        raise GlossaryError(f"conflicting entries: {sorted(both)[0]!r} is both required/accepted and a "
                            f"variant to replace", where=loc)
    gender = value.get("gender")
    if gender is not None and gender not in GENDERS:
        raise GlossaryError(f"bad gender {gender!r} (m, f or n)", where=loc)
    surname = value.get("surname")
    if surname is not None and (not isinstance(surname, str) or not surname.strip()):
        raise GlossaryError("'surname' must be a non-empty text (the surname as this language writes it)",
                            where=f"{loc}: surname")
    return LangTerm(" ".join(term.split()), lists["variants"], gender,
                    _opt_str(value.get("pronounce"), loc, "pronounce"), _opt_str(value.get("note"), loc, "note"),
                    lists["accept"], " ".join(surname.split()) if surname else None)


def validate(terms: list[Term]) -> None:
    """Reject duplicate ids and source forms claimed by two different entries (conflicts)."""
    errors = _cross_check(terms)
    if errors:
        raise errors[0]


def _cross_check(terms: list[Term]) -> list[GlossaryError]:
    errors: list[GlossaryError] = []
    seen: dict[str, Term] = {}
    for t in terms:
        if t.id in seen:
            errors.append(GlossaryError(f"duplicate id (first defined at {seen[t.id].where})",
                                        where=f"{t.where}: entry {t.id}"))
            continue
        seen[t.id] = t
    for lang in SUPPORTED:
        owner: dict[str, Term] = {}
        for t in terms:
            lt = t.langs.get(lang)
            if lt is None:
                continue
            for s in {fold(x) for x in lt.surfaces()}:
                other = owner.get(s)
                if other is not None and other.id != t.id:
                    errors.append(GlossaryError(f"conflicting entries: {lang} {s!r} is also entry "
                                                f"{other.id} ({other.where})", where=f"{t.where}: entry {t.id}"))
                    continue
                owner[s] = t
    return errors


def check_files(*paths: str | Path) -> tuple[list[Term], list[str]]:
    """Validate glossary files, collecting every problem (one line each) instead of stopping at
    the first, for ``l10n glossary check``."""
    problems: list[str] = []
    terms: list[Term] = []
    for p in paths:
        path = Path(p)
        try:
            raw = read_utf8(path, error=GlossaryError)
        except GlossaryError as err:
            problems.append(str(err))
            continue
        suffix = path.suffix.lower()
        if suffix in (".tbx", ".xml", ".csv"):
            try:
                terms += (parse_tbx if suffix != ".csv" else parse_csv)(raw, str(path))
            except GlossaryError as err:
                problems.append(str(err))
            continue
        try:
            entries, required = _yaml_entries(raw, str(path))
        except GlossaryError as err:
            problems.append(str(err))
            continue
        for i, entry in enumerate(entries, 1):
            try:
                if not isinstance(entry, dict):
                    raise GlossaryError(f"entry {i} is not a mapping", where=str(path))
                terms.append(_entry_from_dict(entry, f"{path}:{entry.get('__line__', '?')}", required))
            except GlossaryError as err:
                problems.append(str(err))
    problems += [str(e) for e in _cross_check(terms)]
    return terms, problems


def check_warnings(terms: list[Term]) -> list[str]:
    """Problems that do not make a glossary invalid, one line each: a surname two person entries
    imply (it is then never matched on its own; give one a ``surname:`` or an explicit entry)."""
    where = {t.id: t.where for t in terms}
    shared: dict[tuple[str, ...], list[str]] = {}
    for lang, surname, ids in surnames.collisions(terms):
        shared.setdefault(tuple(ids), []).append(f"{lang} {surname!r}")
    return [f"{where[ids[0]]}: entry {ids[0]}: warning: surname {', '.join(names)} also implied by "
            + ", ".join(f"entry {i} ({where[i]})" for i in ids[1:]) + "; surname-only mentions are not matched"
            for ids, names in shared.items()]


# -- YAML writing -------------------------------------------------------------------------

def to_yaml(glossary: Glossary | list[Term]) -> str:
    import yaml
    out = []
    for t in glossary:
        d: dict[str, Any] = {"id": t.id, "type": t.type}
        if t.dnt:
            d["dnt"] = True
        if t.gender:
            d["gender"] = t.gender
        if t.note:
            d["note"] = t.note
        for lang, lt in t.langs.items():
            ld: dict[str, Any] = {"term": lt.term}
            if lt.variants:
                ld["variants"] = list(lt.variants)
            if lt.accept:
                ld["accept"] = list(lt.accept)
            for k in ("gender", "pronounce", "note", "surname"):
                if getattr(lt, k):
                    ld[k] = getattr(lt, k)
            d[lang] = ld
        out.append(d)
    return yaml.safe_dump({"terms": out}, allow_unicode=True, sort_keys=False, width=110)


# -- TBX (ISO 30042) ----------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def to_tbx(glossary: Glossary | list[Term]) -> str:
    """TBX-Basic (2008 ``martif``) — the dialect most CAT tools and TMSs import."""
    from xml.sax.saxutils import escape, quoteattr
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<martif type="TBX-Basic" xml:lang="en">',
             '  <martifHeader><fileDesc><sourceDesc><p>l10n glossary export</p></sourceDesc>'
             '</fileDesc></martifHeader>',
             '  <text><body>']
    for t in glossary:
        lines.append(f"    <termEntry id={quoteattr(t.id)}>")
        lines.append(f'      <descrip type="subjectField">{escape(t.type)}</descrip>')
        if t.note:
            lines.append(f'      <note>{escape(t.note)}</note>')
        if t.dnt:
            lines.append('      <admin type="doNotTranslate">true</admin>')
        if t.gender:
            lines.append(f'      <admin type="entryGender">{t.gender}</admin>')
        for lang, lt in t.langs.items():
            lines.append(f"      <langSet xml:lang={quoteattr(lang)}>")
            for i, s in enumerate(lt.surfaces()):
                status = ("preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts"
                          if s in lt.accept else "deprecatedTerm-admn-sts")
                lines.append("        <tig>")
                lines.append(f"          <term>{escape(s)}</term>")
                lines.append(f'          <termNote type="administrativeStatus">{status}</termNote>')
                if i == 0 and lt.gender:
                    g = {"m": "masculine", "f": "feminine", "n": "neuter"}[lt.gender]
                    lines.append(f'          <termNote type="grammaticalGender">{g}</termNote>')
                if i == 0 and lt.pronounce:
                    lines.append(f'          <termNote type="pronunciation">{escape(lt.pronounce)}</termNote>')
                if i == 0 and lt.surname:
                    lines.append(f'          <termNote type="surname">{escape(lt.surname)}</termNote>')
                lines.append("        </tig>")
            if lt.note:
                lines.append(f'        <note>{escape(lt.note)}</note>')
            lines.append("      </langSet>")
        lines.append("    </termEntry>")
    lines += ["  </body></text>", "</martif>", ""]
    return "\n".join(lines)


def parse_tbx(text: str, name: str = "<tbx>") -> list[Term]:
    """Read TBX-Basic (``martif``/``termEntry``/``tig``) and TBX 2019 (``tbx``/``conceptEntry``/
    ``termSec``). The first term of a langSet (or the one marked preferred) is the glossary term;
    the others become variants."""
    check_unicode(text, name, error=GlossaryError)
    import xml.etree.ElementTree as ET
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise GlossaryError(f"malformed TBX: {exc}", where=f"{name}:{exc.position[0]}") from None
    local = lambda el: el.tag.rsplit("}", 1)[-1]  # noqa: E731
    if local(root) not in ("martif", "tbx"):
        raise GlossaryError(f"not a TBX file (root element <{local(root)}>)", where=name)
    terms = []
    n = 0
    for entry in root.iter():
        if local(entry) not in ("termEntry", "conceptEntry"):
            continue
        n += 1
        d: dict[str, Any] = {"id": entry.get("id") or f"entry-{n}", "type": "other"}
        for child in entry:
            tag, typ = local(child), child.get("type")
            val = (child.text or "").strip()
            if tag == "descrip" and typ == "subjectField" and val in TYPES:
                d["type"] = val
            elif tag == "note" and val:
                d["note"] = val
            elif tag == "admin" and typ == "doNotTranslate":
                d["dnt"] = val.lower() in ("true", "yes", "1")
            elif tag == "admin" and typ == "entryGender" and val:
                d["gender"] = val
            elif tag == "langSet":
                lang = (child.get(_XML_LANG) or child.get("lang") or "").split("-")[0].lower()
                if lang not in SUPPORTED:
                    continue
                forms: list[tuple[int, str]] = []
                ld: dict[str, Any] = {}
                for sec in child:
                    if local(sec) == "note" and (sec.text or "").strip():
                        ld["note"] = sec.text.strip()
                    if local(sec) not in ("tig", "ntig", "termSec"):
                        continue
                    term_el = next((e for e in sec.iter() if local(e) == "term"), None)
                    if term_el is None:
                        continue
                    rank = 2  # 0 preferred, 1 admitted (accept), 2 deprecated/other (variant)
                    for note in sec.iter():
                        if local(note) != "termNote":
                            continue
                        nt, nv = note.get("type"), (note.text or "").strip()
                        if nt == "administrativeStatus" and nv.startswith("preferred"):
                            rank = 0
                        elif nt == "administrativeStatus" and nv.startswith("admitted"):
                            rank = 1
                        elif nt == "grammaticalGender":
                            ld["gender"] = {"masculine": "m", "feminine": "f", "neuter": "n"}.get(nv, nv)
                        elif nt == "pronunciation":
                            ld["pronounce"] = nv
                        elif nt == "surname" and nv:
                            ld["surname"] = nv
                    forms.append((rank, (term_el.text or "").strip()))
                if not forms:
                    continue
                forms.sort(key=lambda f: f[0] if f[0] == 0 else 1)  # stable: keeps file order otherwise
                ld["term"] = forms[0][1]
                ld["accept"] = [f for r, f in forms[1:] if r == 1]
                ld["variants"] = [f for r, f in forms[1:] if r != 1]
                d[lang] = ld
        terms.append(_entry_from_dict(d, f"{name}: termEntry {n}", ("en",)))
    return terms


# -- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = ["id", "type", "dnt", "gender", "note",
               *[c for lang in SUPPORTED for c in (lang, f"{lang}_variants", f"{lang}_accept", f"{lang}_surname")]]


def to_csv(glossary: Glossary | list[Term]) -> str:
    """One row per entry; variants joined with ``|``."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for t in glossary:
        row = {"id": t.id, "type": t.type, "dnt": "true" if t.dnt else "", "gender": t.gender or "",
               "note": t.note or ""}
        for lang, lt in t.langs.items():
            row[lang] = lt.term
            row[f"{lang}_variants"] = "|".join(lt.variants)
            row[f"{lang}_accept"] = "|".join(lt.accept)
            row[f"{lang}_surname"] = lt.surname or ""
        w.writerow(row)
    return buf.getvalue()


def parse_csv(text: str, name: str = "<csv>") -> list[Term]:
    check_unicode(text, name, error=GlossaryError)
    # universal newlines: a CSV saved with CR-only line ends (old Mac Excel) reads like any other
    reader = csv.DictReader(io.StringIO(text, newline=None))
    terms = []
    try:
        if not reader.fieldnames or "id" not in reader.fieldnames or "en" not in reader.fieldnames:
            raise GlossaryError("CSV header must include at least 'id' and 'en' columns", where=f"{name}:1")
        for row in reader:
            line = reader.line_num
            if None in row:
                raise GlossaryError("more fields than the header has", where=f"{name}:{line}")
            d: dict[str, Any] = {"id": (row.get("id") or "").strip(), "type": (row.get("type") or "other").strip()}
            if (row.get("dnt") or "").strip().lower() in ("true", "yes", "1"):
                d["dnt"] = True
            for k in ("gender", "note"):
                if (row.get(k) or "").strip():
                    d[k] = row[k].strip()
            for lang in SUPPORTED:
                term = (row.get(lang) or "").strip()
                if term:
                    split = lambda col: [v.strip() for v in (row.get(col) or "").split("|") if v.strip()]  # noqa: E731
                    d[lang] = {"term": term, "variants": split(f"{lang}_variants"), "accept": split(f"{lang}_accept")}
                    if (row.get(f"{lang}_surname") or "").strip():
                        d[lang]["surname"] = row[f"{lang}_surname"].strip()
            terms.append(_entry_from_dict(d, f"{name}:{line}", ("en",)))
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV: {exc}", where=f"{name}:{reader.line_num}") from None
    return terms


_PARSERS = {"yaml": parse_yaml, "csv": parse_csv, "tbx": parse_tbx}
