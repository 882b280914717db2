"""Checks of the book's PDF, as a reader of the printed book would make them.

The PDF is built by ``nox -s pdf`` (plain ``nox`` builds it before the tests)
into ``docs/_build/latex/en``. Its text is read with ``pdftotext`` and its
fonts and images with ``pdffonts`` and ``pdfimages`` (Debian's
poppler-utils). Like the site tests, these fail, not skip, when the PDF or
the tools are missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PDF = DOCS / "_build" / "latex" / "en" / "math-for-deep-learning.pdf"
HTML = DOCS / "_build" / "html" / "en"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: sudo apt-get install poppler-utils")
    return path


@pytest.fixture(scope="module")
def pdf() -> Path:
    if not PDF.is_file():
        pytest.fail(f"the PDF is missing ({PDF}): run `nox -s pdf` (or plain `nox`)")
    return PDF


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    result = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def _chapter_titles() -> list[str]:
    """The title of every page in the book's table of contents."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    toctrees = re.findall(r"```\{toctree\}\n(.*?)```", index, flags=re.DOTALL)
    docs = [
        line.strip()
        for block in toctrees
        for line in block.splitlines()
        if line.strip() and not line.startswith(":")
    ]
    titles = []
    for doc in docs:
        page = DOCS / f"{doc}.md"
        if page.is_file():
            heading = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M)
            titles.append(heading.group(1).strip())
    return titles


def test_pdf_is_a_whole_book(pdf: Path) -> None:
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages > 300, f"only {pages} pages"
    assert re.search(r"^Title:\s+Math for Deep Learning", info, re.M), info


def test_every_chapter_is_in_the_pdf(text: str) -> None:
    titles = _chapter_titles()
    assert len(titles) >= 12, titles
    flat = re.sub(r"\s+", " ", text)
    missing = [title for title in titles if title not in flat]
    assert missing == [], f"chapters missing from the PDF: {missing}"


_PYG_ESCAPES = {
    "Zbs": "\\", "Zob": "{", "Zcb": "}", "Zus": "_", "Zdl": "$", "Zca": "^",
    "Zam": "&", "Zsh": "#", "Zpc": "%", "Zti": "~", "Zlt": "<", "Zgt": ">",
    "Zsq": "'", "Zdq": '"', "Zhy": "-", "Zat": "@", "Zlb": "[", "Zrb": "]",
}  # fmt: skip


def _squeeze(text: str) -> str:
    return re.sub(r"[\s{}]", "", text)


def _code_of_the_tex() -> str:
    """The text of every code block and listing of the LaTeX source, squeezed."""
    tex = PDF.with_suffix(".tex").read_text(encoding="utf-8")
    blocks = re.findall(
        r"\\begin\{sphinxVerbatim\}.*?\n(.*?)\\end\{sphinxVerbatim\}", tex, re.S
    )
    inline = re.findall(r"\\sphinxupquote\{(.*?)\}\}", tex)
    inline = [
        s.replace("\\textdollar{}", "$").replace("\\textbackslash{}", "\\")
        for s in inline
    ]
    code = "\n".join(blocks + inline)
    code = re.sub(r"\\PYG(Z[a-z]{2})\{\}", lambda m: _PYG_ESCAPES.get(m[1], ""), code)
    code = re.sub(r"\\PYG\{[^}]*\}", "", code)
    return _squeeze(code)


def _raw_parts(line: str, raw: re.Pattern) -> list[str]:
    """The words of ``line`` that hold raw TeX (a listing may share its line)."""
    return [word for word in line.split() if raw.search(word)]


def test_no_unresolved_references_or_raw_latex(text: str) -> None:
    assert "??" not in text, "an unresolved reference prints as ??"
    # TeX in the text is a formula LaTeX did not typeset, unless it is code:
    # listings of mathdl show docstrings with TeX in them.
    code = _code_of_the_tex()
    raw = re.compile(r"\\(?:begin|end|frac|mathbf|sum|label|ref)\b|\$")
    untypeset = [
        line.strip()
        for line in text.splitlines()
        if raw.search(line)
        and not all(_squeeze(part) in code for part in _raw_parts(line, raw))
    ]
    assert untypeset == [], f"raw LaTeX in the text: {untypeset[:5]}"


def test_every_font_is_embedded(pdf: Path) -> None:
    lines = subprocess.run(
        [_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines, "pdffonts listed no fonts"
    # Columns: name type encoding emb sub uni object-ID; "emb" is yes or no.
    not_embedded = [line for line in lines if line.split()[-5] != "yes"]
    assert not_embedded == []


def test_every_figure_of_the_book_is_in_the_pdf(pdf: Path) -> None:
    if not HTML.is_dir():
        pytest.fail(f"the HTML book is missing ({HTML}): run `nox -s docs`")
    figures = sum(
        len(re.findall(r"<figure\b", page.read_text(encoding="utf-8")))
        for page in HTML.rglob("*.html")
        if "_static" not in page.parts
    )
    listing = subprocess.run(
        [_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    images = [line for line in listing if line.split()[2] == "image"]
    assert figures > 50
    assert len(images) >= figures, f"{len(images)} images for {figures} figures"
