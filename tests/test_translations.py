"""The Chinese edition's catalogs: complete, faithful and in the house style.

Every page of the book (the API reference aside: it is the docstrings) has a
catalog under ``docs/locale/zh_CN/LC_MESSAGES``; every message in it is
translated and none is fuzzy, so a change to the English text cannot land
without its translation (``nox -s translations`` marks what changed). Each
translation keeps the formulas, roles and their targets, inline code and
links of its English message, and follows the house style of Chinese text.
The checks themselves live in ``docs/_ext/catalogs.py``, which translators run
too; the tests below also show that they catch what they are meant to catch.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import catalogs  # noqa: E402

PAGES = sorted(
    page.relative_to(DOCS).with_suffix("").as_posix()
    for page in DOCS.rglob("*.md")
    if "_build" not in page.parts and "generated" not in page.parts
)
CATALOGS = {catalogs.page_of(po): po for po in catalogs.catalogs()}


def test_every_page_has_a_catalog_and_every_catalog_a_page():
    assert sorted(CATALOGS) == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_catalog_is_complete(page):
    catalog = polib.pofile(str(CATALOGS[page]))
    untranslated = [e.msgid for e in catalog if not e.obsolete and not e.msgstr]
    fuzzy = [e.msgid for e in catalog if not e.obsolete and e.msgid and e.fuzzy]
    assert not untranslated, (
        f"{len(untranslated)} untranslated, first: {untranslated[0]!r}"
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy, first: {fuzzy[0]!r}"
    assert not [e for e in catalog if e.obsolete], (
        "obsolete entries: nox -s translations"
    )


@pytest.mark.parametrize("page", PAGES)
def test_translations_keep_math_roles_code_and_style(page):
    problems = [
        f"{entry.msgid[:60]!r}: {problem}"
        for entry in polib.pofile(str(CATALOGS[page]))
        if entry.msgstr and not entry.obsolete
        for problem in catalogs.entry_problems(entry)
    ]
    assert not problems, "\n".join(problems)


# -- The checks catch what they should ---------------------------------------------


def _problems(msgid: str, msgstr: str) -> list[str]:
    return catalogs.entry_problems(polib.POEntry(msgid=msgid, msgstr=msgstr))


def test_a_faithful_translation_passes():
    assert not _problems(
        r"The mean of $x_i$ is $\bar x$ ({ref}`Chapter 4 <sec-stats>`, `np.mean`).",
        r"$x_i$ 的均值是 $\bar x$（{ref}`第 4 章 <sec-stats>`，`np.mean`）。",
    )


@pytest.mark.parametrize(
    ("msgstr", "kind"),
    [
        (r"$x_i$ 的均值是 $\barx$（{ref}`第 4 章 <sec-stats>`，`np.mean`）。", "math"),
        (r"$x_i$ 的均值是 $\bar x$（{ref}`第 4 章 <sec-prob>`，`np.mean`）。", "role"),
        (r"$x_i$ 的均值是 $\bar x$（{ref}`第 4 章 <sec-stats>`，`mean`）。", "code"),
        (r"$x_i$ 的均值是（{ref}`第 4 章 <sec-stats>`，`np.mean`）。", "math"),
    ],
)
def test_a_changed_formula_role_or_code_is_named(msgstr, kind):
    msgid = r"The mean of $x_i$ is $\bar x$ ({ref}`Chapter 4 <sec-stats>`, `np.mean`)."
    assert any(p.startswith(f"{kind} differs") for p in _problems(msgid, msgstr))


def test_a_dropped_backslash_is_caught():
    # QuantEcon's Chinese lectures lost a backslash of a formula this way.
    assert _problems(r"Here $\lambda x$ holds.", r"此处 $lambda x$ 成立。")


def test_a_changed_link_target_is_caught():
    assert _problems(
        "See [the docs](https://numpy.org/).", "见[文档](https://numpy.org/doc/)。"
    )


@pytest.mark.parametrize(
    "msgstr",
    [
        "用NumPy计算。",  # no space between Chinese and Latin letters
        "共有36种结果。",  # nor digits
        "计算$x$的值。",  # nor formulas
        "这是一个例子,它很短。",  # ASCII comma in Chinese text
        "**伯努利（Bernoulli）**试验。",  # bold that Markdown cannot close
        "这是最后一句.",  # ASCII full stop
    ],
)
def test_house_style_problems_are_caught(msgstr):
    assert catalogs.style_problems(msgstr)


@pytest.mark.parametrize(
    "msgstr",
    [
        "用 NumPy 计算，共有 36 种结果。",
        "计算 $x$ 的值：",
        "**伯努利试验**（Bernoulli trial）是最简单的随机试验。",
        "NumPy",  # a name stays a name
    ],
)
def test_house_style_accepts_good_text(msgstr):
    assert not catalogs.style_problems(msgstr)


def test_glossary_terms_are_read_from_the_glossary():
    terms = catalogs.glossary()
    assert terms["gradient descent"] == ["梯度下降"]
    assert terms["backpropagation"] == ["反向传播"]


def test_words_inside_a_formula_are_translated_but_its_symbols_kept():
    msgid = r"$$P(A) = 1 \quad \text{for all } A$$"
    assert not _problems(msgid, r"$$P(A) = 1 \quad \text{对所有 } A$$")
    assert _problems(msgid, r"$$P(B) = 1 \quad \text{对所有 } B$$")


def test_a_display_formula_keeps_its_symbols():
    # A math block reaches the catalog without its $$.
    msgid = r"H = -\sum_x p(x) \log_2 p(x) \quad \text{ bits}."
    assert not _problems(msgid, r"H = -\sum_x p(x) \log_2 p(x) \quad \text{ 比特}.")
    assert _problems(msgid, r"H = -\sum_x p(x) \log p(x) \quad \text{ 比特}.")
