"""Check the book's printed outputs against the last recorded build.

The executed outputs are a reader's regression baseline too: after an
upgrade of NumPy or scikit-learn, a number a chapter prints may change. This
re-executes every page (in a fresh kernel, like the build) and compares the
text each code cell prints with ``docs/outputs.json``, a record of per-line
hashes of every cell's text output. It reports the page, the cell and the
first differing line.

    python docs/_ext/outputs.py check     # re-execute every page, compare
    python docs/_ext/outputs.py update    # re-execute and record, on purpose
    python docs/_ext/outputs.py check probability/probability.md   # some pages

(``nox -s check-outputs`` and ``nox -s check-outputs -- --update``.)

What is not compared, and why: figures (their PNG bytes depend on the
Matplotlib and FreeType builds; the build's own tests check that they load),
and the output of cells tagged ``output-varies`` (timings, library versions).
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1]
RECORD = DOCS / "outputs.json"
VARIES = "output-varies"


def _pages() -> list[Path]:
    return sorted(
        page
        for page in DOCS.rglob("*.md")
        if "_build" not in page.parts and "{code-cell}" in page.read_text("utf-8")
    )


def text_outputs(notebook: dict) -> list[dict]:
    """The text each code cell printed: ``{"source": first line, "text": ...}``."""
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        text = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text.append("".join(output.get("text", "")))
            elif output.get("output_type") in {"execute_result", "display_data"}:
                data = output.get("data", {})
                if "text/plain" in data and not any(
                    k.startswith("image/") for k in data
                ):
                    text.append("".join(data["text/plain"]))
        first = next((s for s in "".join(cell["source"]).splitlines() if s.strip()), "")
        cells.append(
            {
                "source": first[:80],
                "text": None if VARIES in tags else "".join(text),
            }
        )
    return cells


def _hash(line: str) -> str:
    return hashlib.sha256(line.rstrip().encode()).hexdigest()[:12]


def record_of(cells: list[dict]) -> list[list[str] | None]:
    """Per cell, the hashes of its output lines (None: not compared)."""
    return [
        None
        if cell["text"] is None
        else [_hash(line) for line in cell["text"].splitlines()]
        for cell in cells
    ]


@dataclass
class Difference:
    page: str
    cell: int  # 1-based, counting code cells
    source: str
    line: int  # 1-based
    now: str

    def __str__(self) -> str:
        return (
            f"{self.page}, code cell {self.cell} ({self.source!r}), output line "
            f"{self.line} now reads: {self.now!r}"
        )


def compare(page: str, cells: list[dict], recorded: list) -> list[Difference]:
    """Where the outputs differ from the record: the first line of each cell."""
    if len(recorded) != len(cells):
        return [
            Difference(
                page, 0, "", 0, f"{len(cells)} code cells, recorded {len(recorded)}"
            )
        ]
    found = []
    for i, (cell, hashes) in enumerate(zip(cells, recorded, strict=True), start=1):
        if cell["text"] is None or hashes is None:
            continue
        lines = cell["text"].splitlines()
        for k in range(max(len(lines), len(hashes))):
            mine = _hash(lines[k]) if k < len(lines) else None
            theirs = hashes[k] if k < len(hashes) else None
            if mine != theirs:
                now = lines[k] if k < len(lines) else "(no line: the output is shorter)"
                found.append(Difference(page, i, cell["source"], k + 1, now))
                break
    return found


def execute(page: Path) -> dict:
    """Execute a MyST page as MyST-NB does, in the page's folder."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook
    from nbclient import NotebookClient

    notebook = read_myst_markdown_notebook(page.read_text("utf-8"), path=page)
    notebook = nbformat.from_dict(notebook)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(page.parent)}},
    ).execute()
    return notebook


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"check", "update"}:
        print(__doc__)
        return 2
    pages = _pages()
    if argv[1:]:
        wanted = {DOCS / name for name in argv[1:]}
        unknown = wanted - set(pages)
        if unknown:
            print(f"not a page with code: {', '.join(sorted(map(str, unknown)))}")
            return 2
        pages = [page for page in pages if page in wanted]
    # Chapter 11 reads the workbook files the build generates (docs/_ext/book.py).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from book import generate_workbook

    generate_workbook(DOCS)
    record = json.loads(RECORD.read_text("utf-8")) if RECORD.is_file() else {}
    new_record, differences = {}, []
    for page in pages:
        name = page.relative_to(DOCS).as_posix()
        print(f"executing {name}", flush=True)
        cells = text_outputs(execute(page))
        new_record[name] = record_of(cells)
        if argv[0] == "check":
            if name not in record:
                differences.append(Difference(name, 0, "", 0, "page not in the record"))
            else:
                differences += compare(name, cells, record[name])
    skipped = sum(cells is None for page in new_record.values() for cells in page)
    print(f"not compared: figures, and {skipped} cells tagged {VARIES!r}")
    if argv[0] == "update":
        # The pages not named keep their record (and a page that lost its
        # code cells loses its record only in an update of every page).
        merged = new_record if not argv[1:] else {**record, **new_record}
        RECORD.write_text(json.dumps(merged, indent=0, sort_keys=True) + "\n", "utf-8")
        print(f"recorded the outputs of {len(new_record)} pages in {RECORD}")
        return 0
    for difference in differences:
        print(f"DIFFERENT: {difference}")
    if differences:
        print(
            f"{len(differences)} outputs differ from {RECORD.name}. If the change is "
            "intended, record it: nox -s check-outputs -- --update"
        )
        return 1
    print(f"every output of {len(new_record)} pages matches {RECORD.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
