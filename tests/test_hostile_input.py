"""Hostile structured input: deep nesting, huge numbers, lone surrogates, odd line ends.

Each is one ``L10nError`` naming the input (never a RecursionError/ValueError traceback) or,
where the input is legitimate (CR-only CSV), a correct read.
"""

from __future__ import annotations

import json

import pytest

from l10n.errors import GlossaryError, InputError
from l10n.formats import read_document
from l10n.glossary.load import parse_csv, parse_yaml
from l10n.limits import echo, load_json


@pytest.mark.parametrize("text,message", [
    ('{"body": ' + "[" * 100000 + "]" * 100000 + "}", "nested deeper"),
    ('{"id": ' + "9" * 5000 + ', "body": "Hello."}', "unreadable JSON"),
    ('{"id": "a", "body": "Hello \\ud800 world."}', "lone surrogate"),
    ('{"id": "a", "title": "\\udfff", "body": "Hello."}', "lone surrogate"),
    ('{"body": "x",', "malformed JSON"),
])
def test_hostile_json_article_is_one_input_error(text, message):
    with pytest.raises(InputError) as err:
        read_document(text, fmt="json", path="a.json")
    assert message in str(err.value) and str(err.value).startswith("a.json")
    assert len(str(err.value)) < 300


def test_surrogate_error_names_the_field():
    with pytest.raises(InputError, match=r"a.json: title: lone surrogate U\+D800"):
        load_json('{"title": "x\\ud800"}', "a.json")


def test_legitimate_json_still_loads():
    assert load_json(json.dumps({"a": [[[1]]], "b": "😀 \u00e9"}), "x") == {"a": [[[1]]], "b": "😀 \u00e9"}


@pytest.mark.parametrize("text", [
    "terms:\n  - " + "[" * 5000 + "]" * 5000,
    "terms: " + "{a: " * 5000 + "1" + "}" * 5000,
    "terms:\n  - id: a\n    en: " + "9" * 5000 + "\n    uk: x\n",
    'terms:\n  - id: a\n    en: "Kyiv \\ud800"\n    uk: Київ\n',
    # "billion laughs": 9 levels of 9 aliases, 9**9 values for every walk over the data
    "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}" + f", *{chr(97 + i)}" * 8 + "]\n" for i in range(8))
    + "terms: *i\n",
])
def test_hostile_yaml_glossary_is_one_glossary_error(text):
    with pytest.raises(GlossaryError) as err:
        parse_yaml(text, "g.yaml")
    assert str(err.value).startswith("g.yaml") and len(str(err.value)) < 300


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n"])
def test_csv_glossary_reads_any_line_ends(eol):
    text = eol.join(["id,en,uk", "kyiv,Kyiv,Київ", "lviv,Lviv,Львів", ""])
    terms = parse_csv(text, "g.csv")
    assert [(t.id, t.langs["uk"].term) for t in terms] == [("kyiv", "Київ"), ("lviv", "Львів")]


def test_echo_truncates_long_values():
    assert len(echo("x" * 5000)) < 120
