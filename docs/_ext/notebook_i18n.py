"""Translate the Markdown cells of a page's notebook with the page's catalog.

The notebook a reader downloads from the Chinese edition must read in
Chinese, like the page. Its code cells and outputs are the executed ones;
its Markdown cells are the page's MyST source, which this module translates
block by block: headings, paragraphs, list items, table cells and directive
titles are looked up in the page's catalog (the same messages Sphinx
translates the page with), while formulas, code, labels and directive
options stay as they are. A block whose text the catalog lacks is reported,
so that the build can fail rather than ship an English paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Lookup = Callable[[str], "str | None"]

_FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})(\{[\w:-]+\})?\s*(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_LABEL = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
#: Directives whose body is not Markdown prose.
_VERBATIM = {"{code-cell}", "{literalinclude}", "{toctree}", "{bibliography}",
             "{clone-command}", "{math}", ""}  # fmt: skip
#: Directives whose argument is a title a reader reads.
_TITLED = {"{prf:definition}", "{prf:theorem}", "{prf:proof}", "{prf:lemma}",
           "{admonition}", "{exercise}", "{grid-item-card}"}  # fmt: skip


def _join(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def translate_markdown(source: str, lookup: Lookup) -> tuple[str, list[str]]:
    """Translate MyST Markdown ``source``; return it and the texts not found."""
    lines = source.split("\n")
    out: list[str] = []
    missing: list[str] = []

    def tr(text: str) -> str:
        if not text.strip():
            return text
        found = lookup(text)
        if found is None:
            missing.append(text)
            return text
        return found

    fences: list[tuple[str, bool]] = []  # open fences: (marker, verbatim)
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        verbatim = bool(fences) and fences[-1][1]
        if fence and fences and fence.group(2) == fences[-1][0] and not fence.group(4):
            fences.pop()  # a closing fence
            out.append(line)
            i += 1
            continue
        if verbatim:
            out.append(line)
            i += 1
            continue
        if fence and (fence.group(3) or fence.group(2).startswith(":")):
            indent, marker, name, argument = fence.groups()
            name = name or ""
            fences.append((marker, name in _VERBATIM or name.startswith("{solution")))
            if argument and name in _TITLED:
                argument = tr(argument)
            out.append(f"{indent}{marker}{name} {argument}".rstrip())
            i += 1
            # options: ":key: value" lines or a "---" YAML block
            if i < len(lines) and lines[i].strip() == "---":
                out.append(lines[i])
                i += 1
                while i < len(lines) and lines[i].strip() != "---":
                    out.append(lines[i])
                    i += 1
                if i < len(lines):
                    out.append(lines[i])
                    i += 1
            while i < len(lines) and _OPTION.match(lines[i]):
                out.append(lines[i])
                i += 1
            continue
        if fence:  # a plain code fence: ``` or ```python
            fences.append((fence.group(2), True))
            out.append(line)
            i += 1
            continue
        if not line.strip() or _LABEL.match(line) or line.startswith("<!--"):
            out.append(line)
            i += 1
            continue
        if line.strip().startswith("$$"):  # display math, to its closing $$
            block = [line]
            i += 1
            if line.strip().count("$$") < 2:
                while i < len(lines) and "$$" not in lines[i]:
                    block.append(lines[i])
                    i += 1
                if i < len(lines):
                    block.append(lines[i])
                    i += 1
            out.extend(_display_math(block, lookup))
            continue
        heading = _HEADING.match(line)
        if heading:
            out.append(f"{heading.group(1)} {tr(heading.group(2).strip())}")
            i += 1
            continue
        if line.lstrip().startswith("|"):
            out.append(_table_row(line, tr))
            i += 1
            continue
        item = _ITEM.match(line)
        if item:
            indent, marker, first = item.groups()
            body = [first]
            i += 1
            while (
                i < len(lines)
                and lines[i].strip()
                and lines[i].startswith(indent + " ")
                and not _ITEM.match(lines[i])
                and not _FENCE.match(lines[i])
            ):
                body.append(lines[i])
                i += 1
            out.append(f"{indent}{marker} {tr(_join(body))}")
            continue
        paragraph = [line]
        i += 1
        while (
            i < len(lines)
            and lines[i].strip()
            and not _FENCE.match(lines[i])
            and not _HEADING.match(lines[i])
            and not _ITEM.match(lines[i])
            and not lines[i].strip().startswith("$$")
        ):
            paragraph.append(lines[i])
            i += 1
        indent = line[: len(line) - len(line.lstrip())]
        out.append(indent + tr(_join(paragraph)))
    return "\n".join(out), missing


def _display_math(block: list[str], lookup: Lookup) -> list[str]:
    """A display formula, with the words of its ``\\text{}`` translated."""
    if (
        len(block) < 3
        or block[0].strip() != "$$"
        or not block[-1].lstrip().startswith("$$")
    ):
        return block  # a one-line formula: kept as it is
    body = "\n".join(block[1:-1])
    translation = lookup(body.strip())
    return block if translation is None else [block[0], translation, block[-1]]


def _table_row(line: str, tr: Callable[[str], str]) -> str:
    if re.fullmatch(r"\s*\|[\s:|-]+\|\s*", line):
        return line  # the separator row
    cells = line.strip().strip("|").split("|")
    return "| " + " | ".join(tr(c.strip()) for c in cells) + " |"
