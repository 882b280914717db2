"""The output check of docs/_ext/outputs.py finds a changed printed value.

``nox -s check-outputs`` re-executes every page, which takes minutes; these
tests check its comparison on small notebooks, so that a changed line is
reported with its page, cell and line, and what is not compared is skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import outputs


def _cell(source: str, *outputs_: dict, tags: tuple[str, ...] = ()) -> dict:
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)},
        "outputs": list(outputs_),
    }


def _stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def _notebook(value: str) -> dict:
    figure = {
        "output_type": "display_data",
        "data": {"image/png": "iVBOR...", "text/plain": "<Figure size 640x480>"},
    }
    return {
        "cells": [
            {"cell_type": "markdown", "source": "# A page"},
            _cell("x = 1\nprint(x)", _stream("1\n")),
            _cell("print(accuracy)", _stream(f"first line\naccuracy: {value}\n")),
            _cell("plt.plot(x)", figure),
            _cell("print(time())", _stream("0.123 s\n"), tags=("output-varies",)),
        ]
    }


def test_the_same_outputs_match() -> None:
    cells = outputs.text_outputs(_notebook("0.982"))
    recorded = outputs.record_of(cells)
    assert outputs.compare("page.md", cells, recorded) == []


def test_a_changed_value_names_page_cell_and_line() -> None:
    recorded = outputs.record_of(outputs.text_outputs(_notebook("0.982")))
    cells = outputs.text_outputs(_notebook("0.971"))
    [difference] = outputs.compare("foundations/setting-the-stage.md", cells, recorded)
    assert (difference.page, difference.cell, difference.line) == (
        "foundations/setting-the-stage.md",
        2,
        2,
    )
    assert difference.now == "accuracy: 0.971"
    assert "print(accuracy)" in str(difference)


def test_figures_and_varying_cells_are_not_compared() -> None:
    cells = outputs.text_outputs(_notebook("0.982"))
    assert cells[2]["text"] == ""  # the figure's text/plain is not compared
    assert cells[3]["text"] is None  # tagged output-varies
    changed = [dict(cell) for cell in cells]
    changed[3] = {"source": cells[3]["source"], "text": None}
    assert outputs.compare("p.md", changed, outputs.record_of(cells)) == []


def test_a_longer_or_shorter_output_is_a_difference() -> None:
    recorded = outputs.record_of(outputs.text_outputs(_notebook("0.982")))
    cells = outputs.text_outputs(_notebook("0.982\nextra"))
    [difference] = outputs.compare("p.md", cells, recorded)
    assert (difference.cell, difference.line, difference.now) == (2, 3, "extra")
