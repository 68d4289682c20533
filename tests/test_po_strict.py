"""PO import is as strict as GNU gettext: every case here is judged by the real ``msgfmt --check``
and ``read_po`` must agree with its verdict (rejecting with ``file:line``)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from l10n.errors import PoFormatError
from l10n.po import read_po

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n"Language: uk\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n{plural}\n')
PLURAL_OK = '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"'
CASES = {
    "valid": (PLURAL_OK, 'msgid "Hello."\nmsgstr "Привіт."\n'),
    "valid escapes": (PLURAL_OK, 'msgid "a\\tb\\n"\nmsgstr "x\\"y\\\\z\\101\\x41\\n"\n'),
    "valid plural": (PLURAL_OK, 'msgid "a file"\nmsgid_plural "files"\nmsgstr[0] "файл"\nmsgstr[1] "файли"\nmsgstr[2] "файлів"\n'),
    "valid same msgid other ctxt": (PLURAL_OK, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "b"\nmsgid "x"\nmsgstr "z"\n'),
    "bad escape q": (PLURAL_OK, 'msgid "Hello."\nmsgstr "Привіт\\q."\n'),
    "bad escape quote": (PLURAL_OK, 'msgid "Hello\\\'s"\nmsgstr "x"\n'),
    "duplicate msgctxt": (PLURAL_OK, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "z"\n'),
    "duplicate msgid": (PLURAL_OK, 'msgid "x"\nmsgstr "y"\n\nmsgid "x"\nmsgstr "z"\n'),
    "msgstr index without plural": (PLURAL_OK, 'msgid "x"\nmsgstr[9] "y"\n'),
    "plural with plain msgstr": (PLURAL_OK, 'msgid "x"\nmsgid_plural "xs"\nmsgstr "y"\n'),
    "nplurals not a number": ('"Plural-Forms: nplurals=abc; plural=0;\\n"', 'msgid "x"\nmsgstr "y"\n'),
    "msgid without msgstr": (PLURAL_OK, 'msgid "x"\n\nmsgid "y"\nmsgstr "z"\n'),
    # obsolete (#~) entries: msgfmt --check puts them in the same key space as live ones
    "valid obsolete": (PLURAL_OK, 'msgid "x"\nmsgstr "y"\n\n#~ msgid "old"\n#~ msgstr "старе"\n'),
    "valid obsolete with previous msgid": (PLURAL_OK, 'msgid "x"\nmsgstr "y"\n\n#~| msgid "older"\n'
                                                      '#~ msgid "old"\n#~ msgstr "старе"\n'),
    "valid obsolete same msgid other ctxt": (PLURAL_OK, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\n'
                                                        '#~ msgctxt "b"\n#~ msgid "x"\n#~ msgstr "z"\n'),
    "valid obsolete same msgid no ctxt": (PLURAL_OK, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\n'
                                                     '#~ msgid "x"\n#~ msgstr "z"\n'),
    "duplicate obsolete": (PLURAL_OK, 'msgid "x"\nmsgstr "y"\n\n#~ msgid "old"\n#~ msgstr "a"\n\n'
                                      '#~ msgid "old"\n#~ msgstr "b"\n'),
    "duplicate obsolete msgctxt": (PLURAL_OK, '#~ msgctxt "c"\n#~ msgid "old"\n#~ msgstr "a"\n\n'
                                              '#~ msgctxt "c"\n#~ msgid "old"\n#~ msgstr "b"\n'),
    "obsolete duplicating a live entry": (PLURAL_OK, 'msgid "x"\nmsgstr "y"\n\n#~ msgid "x"\n#~ msgstr "z"\n'),
    "live entry duplicating an obsolete one": (PLURAL_OK, '#~ msgid "x"\n#~ msgstr "z"\n\nmsgid "x"\nmsgstr "y"\n'),
    "obsolete duplicating a live msgctxt": (PLURAL_OK, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\n'
                                                       '#~ msgctxt "a"\n#~ msgid "x"\n#~ msgstr "z"\n'),
}


def _text(case: str) -> str:
    plural, body = CASES[case]
    return HEADER.format(plural=plural) + "\n" + body


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_read_po_agrees_with_msgfmt(case, tmp_path):
    path = tmp_path / "t.po"
    path.write_text(_text(case), encoding="utf-8")
    msgfmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    accepted_by_msgfmt = msgfmt.returncode == 0
    assert accepted_by_msgfmt == case.startswith("valid"), msgfmt.stderr  # the case list is right
    if accepted_by_msgfmt:
        read_po(path)
    else:
        with pytest.raises(PoFormatError) as err:
            read_po(path)
        assert str(err.value).startswith(f"{path}:")
