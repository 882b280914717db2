"""Checks of the book's PDF, as a reader of the printed book would make them.

The PDFs are built by ``nox -s pdf`` (plain ``nox`` builds them before the
tests) into ``docs/_build/latex/en`` and ``docs/_build/latex/zh``; both are
held to the same checks, and the Chinese one is also checked to be Chinese.
Their text is read with ``pdftotext`` and their fonts and images with
``pdffonts`` and ``pdfimages`` (Debian's poppler-utils). Like the site
tests, these fail, not skip, when the PDF or the tools are missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@dataclass(frozen=True)
class Edition:
    folder: str
    pdf_name: str
    title: str
    language: str

    @property
    def pdf(self) -> Path:
        return DOCS / "_build" / "latex" / self.folder / self.pdf_name

    @property
    def html(self) -> Path:
        return DOCS / "_build" / "html" / self.folder


EN = Edition("en", "math-for-deep-learning.pdf", "Math for Deep Learning", "en")
ZH = Edition("zh", "math-for-deep-learning-zh.pdf", "面向深度学习的数学", "zh_CN")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: sudo apt-get install poppler-utils")
    return path


@pytest.fixture(scope="module", params=[EN, ZH], ids=["en", "zh"])
def edition(request) -> Edition:
    return request.param


@pytest.fixture(scope="module")
def pdf(edition: Edition) -> Path:
    if not edition.pdf.is_file():
        pytest.fail(
            f"the PDF is missing ({edition.pdf}): run `nox -s pdf` (or plain `nox`)"
        )
    return edition.pdf


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    result = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def _chapter_titles(edition: Edition) -> list[str]:
    """The title of every page in the book's table of contents, in ``edition``."""
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
            title = heading.group(1).strip()
            if edition.language != "en":
                po = DOCS / "locale" / edition.language / "LC_MESSAGES" / f"{doc}.po"
                title = polib.pofile(str(po)).find(title).msgstr
            titles.append(title)
    return titles


def test_pdf_is_a_whole_book(edition: Edition, pdf: Path) -> None:
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages > 300, f"only {pages} pages"
    assert re.search(rf"^Title:\s+{edition.title}", info, re.M), info


def test_every_chapter_is_in_the_pdf(edition: Edition, text: str) -> None:
    titles = _chapter_titles(edition)
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


def _code_of_the_tex(pdf: Path) -> str:
    """The text of every code block and listing of the LaTeX source, squeezed."""
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
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


def test_no_unresolved_references_or_raw_latex(pdf: Path, text: str) -> None:
    assert "??" not in text, "an unresolved reference prints as ??"
    # TeX in the text is a formula LaTeX did not typeset, unless it is code:
    # listings of mathdl show docstrings with TeX in them.
    code = _code_of_the_tex(pdf)
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


def test_every_figure_of_the_book_is_in_the_pdf(edition: Edition, pdf: Path) -> None:
    if not edition.html.is_dir():
        pytest.fail(f"the HTML book is missing ({edition.html}): run `nox -s docs`")
    figures = sum(
        len(re.findall(r"<figure\b", page.read_text(encoding="utf-8")))
        for page in edition.html.rglob("*.html")
        if "_static" not in page.parts
    )
    listing = subprocess.run(
        [_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    images = [line for line in listing if line.split()[2] == "image"]
    assert figures > 50
    assert len(images) >= figures, f"{len(images)} images for {figures} figures"


def test_the_chinese_pdf_reads_in_chinese() -> None:
    if not ZH.pdf.is_file():
        pytest.fail(f"the PDF is missing ({ZH.pdf}): run `nox -s pdf`")
    text = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(ZH.pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    flat = re.sub(r"\s+", " ", text)
    # sphinx-proof's block names and the exercises in Chinese, not English.
    for chinese in ("定义 2.1", "定理", "练习", "解答"):
        assert chinese in flat, chinese
    for english in ("Definition 2.1", "Theorem 3.1", "Solutions"):
        assert english not in flat, english
    # Mostly Chinese: far more Han characters than English words.
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert han > 100_000, han
