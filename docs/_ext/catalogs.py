"""The Chinese edition's gettext catalogs: status, checks, and a plain-text form.

The Chinese edition is built from the English pages and one catalog per page,
``docs/locale/zh_CN/LC_MESSAGES/<page>.po`` (``nox -s translations`` updates
them after English text changes). This module reports and checks them:

    python docs/_ext/catalogs.py status            # per page: messages to do
    python docs/_ext/catalogs.py check [po ...]    # what a translation broke
    python docs/_ext/catalogs.py terms [po ...]    # glossary terms to read again

and gives translators a form of a catalog without ``.po`` escaping, in which
a formula reads exactly as in the page:

    python docs/_ext/catalogs.py export page.po page.txt   # what is to do
    python docs/_ext/catalogs.py import page.txt page.po   # write it back

Each message of the text form is a block::

    ==== 12
    The English message, as in the page.
    ----
    Its translation (empty: still to do).

``check`` enforces what a translation must keep (tests/test_translations.py
runs it on every catalog): the same math fragments, the same roles with the
same targets, the same inline code and link targets; and the house style of
Chinese text: full-width punctuation, a space between Chinese and Latin
letters, digits, formulas or code, emphasis that Markdown can parse.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib

DOCS = Path(__file__).resolve().parents[1]
LOCALE = DOCS / "locale"
LANGUAGE = "zh_CN"
CATALOGS = LOCALE / LANGUAGE / "LC_MESSAGES"

# -- What must pass through unchanged --------------------------------------------
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?\$")
_ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
_CODE = re.compile(r"(?<![`}])`([^`]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _role_target(content: str) -> str:
    """``text <target>`` names its target explicitly; otherwise it is all target."""
    match = re.search(r"<([^<>]+)>\s*$", content)
    return match.group(1) if match else content


#: Words inside a formula, ``\text{for all }``: prose, which is translated.
_MATH_WORDS = re.compile(r"(\\(?:text|textrm|mbox)\{)[^{}$]*(\})")


def _formula(math: str) -> str:
    """A formula with the words of its ``\text{...}`` left out."""
    return _MATH_WORDS.sub(r"\1…\2", math)


def invariants(text: str) -> dict[str, Counter]:
    """The parts of a message a translation must keep, each as a multiset.

    Formulas are compared symbol for symbol, except the words inside
    ``\text{...}`` (``\text{for all }``, ``\text{(forward difference)}``),
    which are prose in the reader's language.
    """
    display = _DISPLAY_MATH.findall(text)
    rest = _DISPLAY_MATH.sub(" ", text)
    roles = [(role, _role_target(body)) for role, body in _ROLE.findall(rest)]
    rest = _ROLE.sub(" ", rest)
    inline = _INLINE_MATH.findall(rest)
    rest = _INLINE_MATH.sub(" ", rest)
    return {
        "math": Counter(_formula(m) for m in display + inline),
        "role": Counter(f"{{{role}}}`{target}`" for role, target in roles),
        "code": Counter(_CODE.findall(rest)),
        "link": Counter(_LINK.findall(rest)),
    }


def _strip_markup(text: str) -> str:
    """The text a reader reads, with math, roles and code replaced by a marker."""
    text = _DISPLAY_MATH.sub("\x00", text)
    text = _ROLE.sub("\x00", text)
    text = _INLINE_MATH.sub("\x00", text)
    return _CODE.sub("\x00", text)


# -- House style of Chinese text -----------------------------------------------------
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A Chinese character (the CJK Unified Ideographs and their extension A).
HAN = re.compile(f"[{_CJK}]")
# Chinese next to a Latin letter, a digit, a formula or code (marked \x00).
_NO_SPACE = re.compile(f"[{_CJK}][A-Za-z0-9\x00]|[A-Za-z0-9\x00][{_CJK}]")
# ASCII punctuation that belongs to a Chinese sentence.
_ASCII_PUNCT = re.compile(f"[{_CJK}][,.;:?!)]|[(][{_CJK}]|[{_CJK}] [,.;:?!)]")


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S"))


def _emphasis_problems(text: str) -> Iterator[str]:
    """Emphasis delimiters that CommonMark will not read as intended.

    Chinese has no spaces around words, so ``**伯努利（Bernoulli）**试验``
    does not close the bold: a closing run after punctuation must be
    followed by a space or punctuation. Opening and closing runs alternate.
    """
    for run in ("**", "*"):
        pattern = re.compile(
            r"(?<!\*)\*\*(?!\*)" if run == "**" else r"(?<!\*)\*(?!\*)"
        )
        for index, match in enumerate(pattern.finditer(text)):
            before = text[match.start() - 1] if match.start() else " "
            after = text[match.end()] if match.end() < len(text) else " "
            if index % 2 == 0:  # opens: left-flanking
                ok = not after.isspace() and (
                    not _is_punct(after) or before.isspace() or _is_punct(before)
                )
            else:  # closes: right-flanking
                ok = not before.isspace() and (
                    not _is_punct(before) or after.isspace() or _is_punct(after)
                )
            if not ok:
                where = text[max(0, match.start() - 8) : match.end() + 8]
                side = "opening" if index % 2 == 0 else "closing"
                yield f"Markdown cannot read this {side} {run}: …{where}…"


def style_problems(translation: str) -> list[str]:
    """Where a Chinese message breaks the house style (empty when it keeps it)."""
    if not HAN.search(translation):
        return []
    problems = []
    plain = _strip_markup(translation)
    for match in _NO_SPACE.finditer(plain):
        shown = match.group().replace("\x00", "<math/code>")
        problems.append(f"no space between Chinese and Latin text: {shown!r}")
    for match in _ASCII_PUNCT.finditer(plain):
        problems.append(f"ASCII punctuation in Chinese text: {match.group()!r}")
    if re.search(r"[.:;,]\s*$", plain) and HAN.search(plain[-30:]):
        problems.append("ends with ASCII punctuation; use 。：；")
    problems.extend(_emphasis_problems(plain))
    return problems


def is_formula(message: str) -> bool:
    """Is ``message`` a display formula (a math block reaches the catalog bare)?"""
    return "$" not in message and bool(re.search(r"\\[A-Za-z]+", message))


def entry_problems(entry: polib.POEntry) -> list[str]:
    """What is wrong with one translated entry: a changed invariant or style."""
    if is_formula(entry.msgid):
        # Only the words in its \text{} may change; they are short phrases.
        if _formula(entry.msgid) != _formula(entry.msgstr):
            return [f"math differs: {_formula(entry.msgstr)!r}"]
        return []
    source, target = invariants(entry.msgid), invariants(entry.msgstr)
    problems = []
    for kind in source:
        missing = source[kind] - target[kind]
        extra = target[kind] - source[kind]
        if missing or extra:
            problems.append(
                f"{kind} differs: missing {sorted(missing)}, added {sorted(extra)}"
            )
    return problems + style_problems(entry.msgstr)


GLOSSARY = DOCS / "appendix" / "glossary.md"


def glossary() -> dict[str, list[str]]:
    """English term -> the Chinese terms the glossary gives for it."""
    terms: dict[str, list[str]] = {}
    for line in GLOSSARY.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and HAN.search(cells[1]) and cells[0] != "English":
            chinese = [
                re.split(r"[（(]", t)[0].strip()
                for t in re.split(r"[；;、/]", cells[1])
            ]
            terms.setdefault(cells[0].lower(), []).extend(t for t in chinese if t)
    return terms


def term_report(paths: list[Path]) -> int:
    """Glossary terms of an English message whose Chinese term its translation lacks.

    A report to read, not a rule: a term can be used in another sense
    ("the bias of an estimator" is 偏差, not the layer's 偏置).
    """
    terms = glossary()
    found = 0
    for po in paths or catalogs():
        for entry in polib.pofile(str(po)):
            if entry.obsolete or not entry.msgstr:
                continue
            source = _strip_markup(entry.msgid).lower()
            for english, chinese in terms.items():
                if len(english) < 3 or english.upper() == english:
                    continue
                if re.search(rf"\b{re.escape(english)}(s|es)?\b", source) and not any(
                    t in entry.msgstr for t in chinese
                ):
                    found += 1
                    wanted = "/".join(chinese)
                    print(f"{po.name}: {english!r} -> {wanted}: {entry.msgid[:60]!r}")
    print(f"{found} place(s) to read")
    return 0


def catalogs() -> list[Path]:
    return sorted(CATALOGS.rglob("*.po"))


def page_of(po: Path) -> str:
    return po.relative_to(CATALOGS).with_suffix("").as_posix()


def to_do(catalog: polib.POFile) -> tuple[int, int]:
    """How many messages are untranslated and how many fuzzy (the header aside)."""
    untranslated = sum(1 for e in catalog if not e.obsolete and not e.msgstr)
    fuzzy = sum(1 for e in catalog if not e.obsolete and e.msgid and e.fuzzy)
    return untranslated, fuzzy


def status() -> int:
    total = [0, 0, 0]
    print(f"{'page':45} {'messages':>9} {'untranslated':>13} {'fuzzy':>6}")
    for po in catalogs():
        catalog = polib.pofile(str(po))
        untranslated, fuzzy = to_do(catalog)
        messages = sum(1 for e in catalog if not e.obsolete)
        print(f"{page_of(po):45} {messages:9} {untranslated:13} {fuzzy:6}")
        for i, n in enumerate((messages, untranslated, fuzzy)):
            total[i] += n
    print(f"{'all pages':45} {total[0]:9} {total[1]:13} {total[2]:6}")
    return 0 if total[1] == total[2] == 0 else 1


def check(paths: list[Path]) -> int:
    failures = 0
    for po in paths or catalogs():
        for entry in polib.pofile(str(po)):
            if entry.obsolete or not entry.msgstr:
                continue
            for problem in entry_problems(entry):
                failures += 1
                print(f"{po}: {entry.msgid[:70]!r}\n    {problem}")
    print(f"{failures} problem(s)")
    return 1 if failures else 0


_BLOCK = re.compile(r"^==== (\d+)\n(.*?)\n----\n(.*?)(?=\n==== \d+\n|\Z)", re.S | re.M)


def _load(po: Path) -> Any:
    # Read and written as sphinx-intl does (babel), so that an import changes
    # only the messages it translates, not the layout of the file.
    from sphinx_intl.catalog import load_po

    return load_po(str(po))


def _dump(po: Path, catalog: Any) -> None:
    from sphinx_intl.catalog import dump_po

    dump_po(str(po), catalog, width=76, ignore_obsolete=True)


def export(po: Path, txt: Path, everything: bool = False) -> int:
    """Write the messages still to do (all with ``everything``) as text blocks."""
    blocks = []
    for index, message in enumerate(_load(po)):
        if not message.id or (message.string and not message.fuzzy and not everything):
            continue
        blocks.append(f"==== {index}\n{message.id}\n----\n{message.string}")
    txt.write_text("\n".join(blocks) + "\n", "utf-8")
    print(f"{len(blocks)} message(s) written to {txt}")
    return 0


def import_(txt: Path, po: Path) -> int:
    """Fill a catalog from text blocks; a changed English message is an error."""
    catalog = _load(po)
    messages = list(catalog)
    written = 0
    for match in _BLOCK.finditer(txt.read_text("utf-8")):
        index, source, translation = int(match[1]), match[2], match[3].rstrip("\n")
        message = messages[index]
        if message.id != source:
            print(f"block {index}: its English text is not the catalog's; not imported")
            return 1
        if translation.strip():
            message.string = translation
            message.flags.discard("fuzzy")
            message.previous_id = ()
            written += 1
    _dump(po, catalog)
    print(f"{written} translation(s) written to {po}")
    return 0


def main(argv: list[str]) -> int:
    command, *args = argv or ["status"]
    paths = [Path(a) for a in args]
    if command == "status":
        return status()
    if command == "check":
        return check(paths)
    if command == "terms":
        return term_report(paths)
    if command == "export" and len(paths) == 2:
        return export(*paths)
    if command == "export-all" and len(paths) == 2:
        return export(*paths, everything=True)
    if command == "import" and len(paths) == 2:
        return import_(*paths)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
