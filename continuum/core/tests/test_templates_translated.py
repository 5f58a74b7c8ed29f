"""Every text a person reads goes through Django's translation functions, so that Spanish can
follow without rework (DESIGN §6). This walks every template of the project and lists, as
`file:line: text`, each human-readable literal that does not:

- text between tags that has letters, outside `{% translate %}` and `{% blocktranslate %}`
  (template tags, variables, whitespace, punctuation, digits and entities alone are no text;
  the contents of `<script>`, `<style>` and `<code>` (code samples) are not language);
- the attributes people read or hear: aria-label (and its kin), title, placeholder, alt,
  data-label (USWDS stacked tables show it as the cell's label on a narrow screen), the value
  of a submit/reset/button input, and the content of `<meta name="description">`;
- literal words handed to the `default`, `default_if_none` and `yesno` filters (write
  `|default:_("Not given")`).

Django's own template lexer splits a template into text and tag tokens; the text, with every
tag and variable replaced by a marker, then goes through `html.parser`, so that a tag inside an
attribute or between two words is seen for what it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[3]

# Texts that are not language, so no translation can change them. Keep this short.
NOT_LANGUAGE = {
    "Continuum",  # the product's name, alone (the title's " | Continuum", the header's logo)
}

# Stand-ins for template tokens in the skeleton given to the HTML parser. Spaces around them
# keep a tag between attributes (`<li{% if x %} class="y"{% endif %}>`) from gluing onto a name.
TRANSLATED = " \ue000 "  # {% translate %} or a whole {% blocktranslate %} block
OTHER = " \ue001 "  # any other tag or variable
VARIABLE_ELEMENT = "tpl-element"
MARKERS = re.compile("[\ue000\ue001]")
LETTER = re.compile(r"[^\W\d_]")

READ_ATTRIBUTES = {
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "aria-placeholder",
    "title",
    "placeholder",
    "alt",
    "data-label",
}
SHOWN_INPUT_TYPES = {"submit", "reset", "button"}
NOT_LANGUAGE_ELEMENTS = {"script", "style", "code"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
TRANSLATE_TAGS = {"translate", "trans"}
BLOCK_TRANSLATE_TAGS = {"blocktranslate", "blocktrans"}
END_BLOCK_TRANSLATE_TAGS = {"endblocktranslate", "endblocktrans"}
FILTER_LITERAL = re.compile(
    r"""\|\s*(?:default|default_if_none|yesno)\s*:\s*(?:"([^"]*)"|'([^']*)')"""
)
# A lowercase word or a path, such as `default:"h2"`, is a value for the code, not for people.
CODE_WORD = re.compile(r"^[a-z0-9_./-]+$")


def project_templates() -> list[Path]:
    """Every .html template: each app's templates/ folder and the root templates/."""
    folders = [*sorted((ROOT / "continuum").glob("**/templates")), ROOT / "templates"]
    return sorted(
        {path for folder in folders if folder.is_dir() for path in folder.rglob("*.html")}
    )


def is_language(text: str) -> bool:
    text = " ".join(MARKERS.sub(" ", text).split())
    if not LETTER.search(text):
        return False
    core = re.sub(r"^[\W_]+|[\W_]+$", "", text)
    return core not in NOT_LANGUAGE


def shown(text: str) -> str:
    return " ".join(MARKERS.sub(" ", text).replace("  ", " ").split())


def skeleton(source: str) -> tuple[str, list[tuple[int, str]]]:
    """The template as HTML with each tag or variable replaced by a marker (line breaks kept,
    so the parser's line numbers are the template's), and the untranslated literals found in
    the tags themselves."""
    parts: list[str] = []
    found: list[tuple[int, str]] = []
    in_block_translate = False
    in_comment = False
    for token in Lexer(source).tokenize():
        contents = token.contents
        if token.token_type == TokenType.TEXT:
            hidden = in_block_translate or in_comment
            parts.append("\n" * contents.count("\n") if hidden else contents)
            continue
        if token.token_type == TokenType.COMMENT:
            parts.append(" ")
            continue
        words = contents.split()
        name = words[0] if words else ""
        if in_comment:
            in_comment = name != "endcomment"
            continue
        if in_block_translate:
            in_block_translate = name not in END_BLOCK_TRANSLATE_TAGS
            if not in_block_translate:
                parts.append(TRANSLATED)
            continue
        if token.token_type == TokenType.BLOCK and name == "comment":
            in_comment = True
            continue
        if token.token_type == TokenType.BLOCK and name in BLOCK_TRANSLATE_TAGS:
            in_block_translate = True
            continue
        if token.token_type == TokenType.BLOCK and name in TRANSLATE_TAGS:
            parts.append(TRANSLATED)
            continue
        for match in FILTER_LITERAL.finditer(contents):
            literal = match.group(1) if match.group(1) is not None else match.group(2)
            if is_language(literal) and not CODE_WORD.match(literal):
                found.append((token.lineno, f"{{{{ {contents} }}}}"))
        if token.token_type == TokenType.VAR and parts and parts[-1].endswith(("<", "</")):
            parts.append(VARIABLE_ELEMENT)  # <{{ h }} ...>: a tag whose name is a variable
        else:
            parts.append(OTHER)
    return "".join(parts), found


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping: list[list] = []  # [element, depth] of a <script>/<style>/<code> open

    def handle_starttag(self, tag, attrs):
        tag = tag.strip()
        if self.skipping and self.skipping[-1][0] == tag:
            self.skipping[-1][1] += 1
        elif tag in NOT_LANGUAGE_ELEMENTS:
            self.skipping.append([tag, 1])
        self._check_attributes(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check_attributes(tag.strip(), attrs)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1][0] == tag:
            self.skipping[-1][1] -= 1
            if not self.skipping[-1][1]:
                self.skipping.pop()

    def handle_data(self, data):
        if self.skipping or not is_language(data):
            return
        line = self.getpos()[0] + data[: LETTER.search(data).start()].count("\n")
        self.found.append((line, shown(data)))

    def _check_attributes(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        read = [name for name in values if name in READ_ATTRIBUTES]
        if tag == "input" and values.get("type", "").strip().lower() in SHOWN_INPUT_TYPES:
            read.append("value")
        if tag == "meta" and values.get("name", "").strip().lower() == "description":
            read.append("content")
        for name in read:
            if is_language(values.get(name, "")):
                self.found.append((self.getpos()[0], f'{name}="{shown(values[name])}"'))


def untranslated(source: str) -> list[tuple[int, str]]:
    html, found = skeleton(source)
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return sorted(found + finder.found)


def test_the_finder_sees_texts_attributes_and_filter_words_but_not_translated_ones():
    source = (
        '{% load i18n %}<h1>{% translate "Home" %}</h1>\n'
        '<p>{% blocktranslate trimmed %}Hello {{ name }},\n<a href="{{ u }}">see</a>'
        "{% endblocktranslate %}</p>\n"
        '<span>Reviewer</span> <button aria-label="Close {{ x }}">&times;</button>\n'
        '{{ when|default:"Not given" }} {{ level|default:"h2" }} {# Note #}<script>go()</script>\n'
        '<input type="submit" value="Assign"><img alt="{% translate "Map" %}"> {{ a }}: {{ b }}\n'
        '<li{% if x %} class="y"{% endif %}>{{ n }} matching request{{ n|pluralize }}</li>'
        '<{{ h }} id="a">{% translate "Hi" %}</{{ h }}>\n'
        "{% comment %}Draft text{% endcomment %}"
        "<title>{% block t %}{% endblock %} | Continuum</title>"
    )
    assert untranslated(source) == [
        (4, "Reviewer"),
        (4, 'aria-label="Close"'),
        (5, '{{ when|default:"Not given" }}'),
        (6, 'value="Assign"'),
        (7, "matching request"),
    ]


def test_every_template_text_people_read_is_translated():
    problems = []
    for path in project_templates():
        relative = path.relative_to(ROOT)
        for line, text in untranslated(path.read_text(encoding="utf-8")):
            problems.append(f"{relative}:{line}: {text}")
    assert not problems, (
        f"{len(problems)} texts people read do not go through {{% translate %}} or "
        "{% blocktranslate %}:\n" + "\n".join(problems)
    )
