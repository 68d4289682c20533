"""Glossary enforcement that understands grammar (uk, ru, tr).

``load_glossary(*paths)`` reads YAML/TBX/CSV glossaries (``load_glossary_text`` and
``load_glossary_texts`` the same from text); ``Glossary.find(text, lang)`` locates terms
in a source text; ``postedit(source, target, src=, tgt=, glossary=)`` makes MT output use the
glossary term, inflected (uk/ru) or with re-harmonised suffixes (tr), and flags what it cannot fix.
"""

from l10n.glossary.enforce import postedit
from l10n.glossary.load import (default_glossary_path, load_glossary, load_glossary_text, load_glossary_texts,
                               parse_csv, parse_tbx, to_csv, to_tbx, to_yaml)
from l10n.glossary.model import Glossary, LangTerm, Term, TermMatch

__all__ = ["Glossary", "LangTerm", "Term", "TermMatch", "default_glossary_path",
           "load_glossary", "load_glossary_text", "load_glossary_texts", "parse_csv", "parse_tbx", "postedit", "to_csv", "to_tbx", "to_yaml"]
