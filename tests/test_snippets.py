"""Every chapter's code runs in a plain Python interpreter.

Readers copy the book's code into ``python``, not into Jupyter. This test
joins the code cells of each chapter in page order, exactly as a reader who
pasted them one after another would, and runs the result with ``python`` in
a fresh process (no IPython, no kernel). Cells the page does not show as
code (tagged ``remove-cell`` or ``remove-input``, such as the ``glue`` cells
that put computed numbers into the prose) are left out, because a reader
cannot copy them.

Run one chapter with ``pytest tests/test_snippets.py -k linear-algebra``, or
print a chapter's script with ``python tests/test_snippets.py PAGE.md``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHAPTERS = sorted(
    page
    for page in DOCS.rglob("*.md")
    if "_build" not in page.parts and "{code-cell}" in page.read_text()
)

# Modules a plain Python install of ``mathdl[data]`` does not have. They are
# blocked even where the test environment happens to have them.
NOT_INSTALLED = ("IPython", "ipykernel", "myst_nb", "matplotlib_inline")
RUNNER = (
    "import runpy, sys; "
    f"sys.modules.update(dict.fromkeys({NOT_INSTALLED!r})); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)

# Tags of cells whose code the page does not show.
HIDDEN_TAGS = {"remove-cell", "remove-input"}
FENCE = re.compile(r"^(`{3,}|:{3,})\{code-cell\}")


def code_cells(text: str) -> list[tuple[set[str], str]]:
    """Return ``(tags, source)`` of each MyST code cell in ``text``, in order."""
    lines = text.splitlines()
    cells = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match.group(1)
        i += 1
        body = []
        while i < len(lines) and lines[i].rstrip() != fence:
            body.append(lines[i])
            i += 1
        i += 1
        tags: set[str] = set()
        if body and body[0].strip() == "---":  # YAML options block
            end = body.index("---", 1)
            options, body = body[1:end], body[end + 1 :]
            tags = _tags(options)
        else:  # short-form options, ":tags: [a, b]"
            options = []
            while body and body[0].startswith(":"):
                options.append(body.pop(0))
            tags = _tags(options)
        cells.append((tags, "\n".join(body)))
    return cells


def _tags(options: list[str]) -> set[str]:
    for k, line in enumerate(options):
        key = line.lstrip(":").split(":", 1)
        if key[0].strip() != "tags":
            continue
        value = key[1].strip()
        if value.startswith("["):
            return {t.strip(" '\"") for t in value.strip("[]").split(",") if t.strip()}
        # YAML block list: "tags:" followed by "- a" lines
        return {
            item.strip()[1:].strip(" '\"")
            for item in options[k + 1 :]
            if item.strip().startswith("- ")
        }
    return set()


def script(page: Path) -> str:
    """The code a reader sees on ``page``, joined in order."""
    cells = code_cells(page.read_text(encoding="utf-8"))
    return "\n\n".join(src for tags, src in cells if not tags & HIDDEN_TAGS) + "\n"


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_code_runs_in_plain_python(page: Path, tmp_path: Path) -> None:
    source = script(page)
    assert "myst_nb" not in source, f"{page.name} shows MyST-NB code to readers"
    path = tmp_path / f"{page.stem}.py"
    path.write_text(source, encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(path)],
        cwd=page.parent,  # relative paths resolve as in the build
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"the code of {page.relative_to(DOCS)} fails in plain Python:\n"
            + result.stderr[-3000:],
            pytrace=False,
        )


def test_extractor_sees_every_cell() -> None:
    text = (
        "```{code-cell} ipython3\nx = 1\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\n"
        "from myst_nb import glue\n```\n\n"
        "````{code-cell} ipython3\n---\nmystnb:\n  figure:\n    name: f\ntags:\n"
        "- remove-input\n---\nprint(x)\n````\n\n"
        "```{code-cell} ipython3\n---\ntags: [hide-output]\n---\ny = x\n```\n"
    )
    cells = code_cells(text)
    assert [src for _, src in cells] == [
        "x = 1",
        "from myst_nb import glue",
        "print(x)",
        "y = x",
    ]
    assert [tags for tags, _ in cells] == [
        set(),
        {"remove-cell"},
        {"remove-input"},
        {"hide-output"},
    ]


if __name__ == "__main__":
    sys.stdout.write(script(Path(sys.argv[1])))
