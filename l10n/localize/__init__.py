"""Numbers, money, dates in translated text: find them, keep them, render them per locale.

* ``extract_values(text, lang)`` — values with offsets and normalised values (``values.py``);
* ``localize(source, target, src=, tgt=)`` — re-render each source value in the MT target in the
  target locale's style, never changing a value (``localize.py``);
* ``format_value(kind, value, locale, **options)`` — CLDR formatting for CMS templates
  (``formatting.py``).
"""

from l10n.localize.formatting import format_value
from l10n.localize.localize import localize
from l10n.localize.values import Value, extract_values, match_values

__all__ = ["Value", "extract_values", "format_value", "localize", "match_values"]
