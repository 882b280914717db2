"""Local Sphinx extension of the book.

It does three things that no configuration value does on its own:

* serves MathJax from the site itself (the copy bundled in the
  ``sphinx-mathjax-offline`` wheel), so math renders with no network;
* offers every executed chapter as a notebook download (``.ipynb``) in the
  theme's download menu;
* writes one API reference page per ``mathdl`` module, so a new module gets
  its page without anyone editing an index;
* generates Chapter 11's workbook (``mathdl.spreadsheet``), the same workbook
  recalculated by LibreOffice, and pictures of two of its sheets, into
  ``neural-networks/_generated`` (git-ignored): the chapter offers the
  workbook for download and shows the pictures.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pkgutil
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

MATHJAX_ENTRY = "mathjax/tex-chtml.js"


def _mathjax_static_dir() -> Path:
    try:
        dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ExtensionError(
            "the book serves MathJax itself and needs the sphinx-mathjax-offline "
            "package: pip install 'mathdl[docs]'"
        ) from exc
    static = Path(str(dist.locate_file("sphinx-mathjax-offline/static")))
    if not (static / MATHJAX_ENTRY).is_file():
        raise ExtensionError(f"MathJax not found at {static / MATHJAX_ENTRY}")
    return static


def _configure_mathjax(app: Sphinx, config: Config) -> None:
    # Sphinx's default is a CDN address; the book must render offline.
    config.mathjax_path = MATHJAX_ENTRY
    config.html_static_path = [*config.html_static_path, str(_mathjax_static_dir())]


def _write_api_pages(app: Sphinx) -> None:
    """Write ``api/generated/<module>.rst`` for every ``mathdl`` module."""
    import mathdl

    out = Path(app.srcdir) / "api" / "generated"
    out.mkdir(parents=True, exist_ok=True)
    submodules = sorted(m.name for m in pkgutil.iter_modules(mathdl.__path__))
    # Private modules are not API; _validation is documented for contributors.
    # (Parameter, from _parameter, is documented as mathdl.nn.Parameter.)
    public = [n for n in submodules if not n.startswith("_") or n == "_validation"]
    names = ["mathdl", *(f"mathdl.{name}" for name in public)]
    wanted = set()
    for name in names:
        title = f"``{name}``"
        if name.rsplit(".", 1)[-1].startswith("_"):
            title += " (internal)"
        text = f"{title}\n{'=' * len(title)}\n\n.. automodule:: {name}\n"
        if name == "mathdl":
            text += "   :no-members:\n"
        path = out / f"{name}.rst"
        wanted.add(path.name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")  # only when changed
    for stale in out.glob("*.rst"):
        if stale.name not in wanted:
            stale.unlink()


#: Where the build writes Chapter 11's workbook and its pictures.
WORKBOOK_DIR = Path("neural-networks") / "_generated"
WORKBOOK = "tiny-network.xlsx"
#: The pictures: a file name and rows of (sheet, range) parts. Each part is
#: printed on its own page of a PDF export; a picture puts the parts of a row
#: side by side and the rows one under the other, so that it stays narrow
#: enough to read.
WORKBOOK_PICTURES = [
    ("tiny-network-step-table.png", [[("Step 1", "A1:J14")],
                                     [("Step 1", "A3:B14"), ("Step 1", "K3:O14")],
                                     [("Step 1", "A3:B14"), ("Step 1", "P3:T14")]]),
    ("tiny-network-step-blocks.png", [[("Step 1", "V3:AC19")]]),
    ("tiny-network-cost.png", [[("Cost", "A1:H2")], [("Cost", "A4:C12")],
                               [("Cost", "E4:N22")]]),
]  # fmt: skip


def _workbook_fingerprint() -> str:
    """A hash of everything the generated files depend on."""
    import libreoffice

    import mathdl

    digest = hashlib.sha256()
    sources = sorted(Path(mathdl.__file__).parent.rglob("*.py"))
    for path in [*sources, Path(__file__), Path(libreoffice.__file__)]:
        digest.update(path.read_bytes())
    digest.update(repr(WORKBOOK_PICTURES).encode())
    return digest.hexdigest()[:16]


def _generate_workbook(app: Sphinx) -> None:
    """Write Chapter 11's workbook, its recalculated copy and its pictures.

    LibreOffice recalculates the workbook (the chapter checks its numbers
    against ``mathdl``) and exports two sheets to PDF, which ``pdftoppm``
    turns into PNG pictures. Nothing is redone while ``mathdl`` and this
    file are unchanged.
    """
    import libreoffice
    import openpyxl

    from mathdl import spreadsheet

    out = Path(app.srcdir) / WORKBOOK_DIR
    stamp = out / "fingerprint.txt"
    fingerprint = _workbook_fingerprint()
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return
    if libreoffice.find_soffice() is None:
        raise ExtensionError(libreoffice.INSTALL_HINT)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ExtensionError(
            "pdftoppm is needed to draw the workbook of Chapter 11: "
            "sudo apt-get install poppler-utils"
        )
    logger.info("generating the workbook of Chapter 11 (LibreOffice)")
    out.mkdir(parents=True, exist_ok=True)
    workbook = spreadsheet.network_workbook(out / WORKBOOK)
    try:
        libreoffice.convert(workbook, out / "recalculated", "xlsx")
        with tempfile.TemporaryDirectory(prefix="mathdl-pictures-") as tmp:
            # One page per picture: the pages' sheets stay visible (in the
            # order of WORKBOOK_PICTURES), every other sheet is hidden.
            wb = openpyxl.load_workbook(workbook)
            areas: dict[str, list[str]] = {}  # each range once, in order
            for _, rows in WORKBOOK_PICTURES:
                for sheet, area in (part for row in rows for part in row):
                    if area not in areas.setdefault(sheet, []):
                        areas[sheet].append(area)
            for ws in wb.worksheets:
                if ws.title in areas:
                    ws.print_area = areas[ws.title]
                    # Every part at 100% on one A3 page: the parts line up.
                    ws.sheet_properties.pageSetUpPr.fitToPage = False
                    ws.page_setup.scale = 100
                    ws.page_setup.paperSize = ws.PAPERSIZE_A3
                else:
                    ws.sheet_state = "hidden"
            wb.active = wb.sheetnames.index(WORKBOOK_PICTURES[0][1][0][0][0])
            pictures = Path(tmp) / "pictures.xlsx"
            wb.save(pictures)
            pdf = libreoffice.convert(pictures, tmp, "pdf")
            subprocess.run(
                [pdftoppm, "-png", "-r", "150", str(pdf), str(Path(tmp) / "page")],
                check=True, capture_output=True,
            )  # fmt: skip
            # LibreOffice prints the sheets in workbook order, each sheet's
            # ranges from top to bottom, then left to right.
            parts = [
                (ws.title, area)
                for ws in wb.worksheets
                for area in sorted(areas.get(ws.title, []), key=_top_left)
            ]
            pages = dict(zip(parts, sorted(Path(tmp).glob("page-*.png")), strict=True))
            for name, rows in WORKBOOK_PICTURES:
                images = [_crop_row([pages[part] for part in row]) for row in rows]
                _stack(images).save(out / name)
    except RuntimeError as exc:
        raise ExtensionError(str(exc)) from exc
    stamp.write_text(fingerprint)


def _top_left(area: str) -> tuple[int, int]:
    from openpyxl.utils import range_boundaries

    min_col, min_row, _, _ = range_boundaries(area)
    return min_row, min_col


def _crop_row(sources: list[Path], margin: int = 24) -> list[Any]:
    """The printed areas of PDF pages, without the white page around them.

    The pages of a row keep a common top and bottom, so that their
    spreadsheet rows line up when the images are put side by side.
    """
    from PIL import Image, ImageOps

    images = []
    for source in sources:
        with Image.open(source) as page:
            images.append(page.convert("RGB"))
    boxes = [
        ImageOps.invert(image).getbbox() or (0, 0, *image.size) for image in images
    ]
    top = max(min(box[1] for box in boxes) - margin, 0)
    bottom = min(max(box[3] for box in boxes) + margin, images[0].height)
    return [
        image.crop(
            (max(box[0] - margin, 0), top, min(box[2] + margin, image.width), bottom)
        )
        for image, box in zip(images, boxes, strict=True)
    ]


def _stack(rows: list[list[Any]]) -> Any:
    """One image: each row's images side by side, the rows top to bottom."""
    from PIL import Image

    width = max(sum(image.width for image in row) for row in rows)
    height = sum(max(image.height for image in row) for row in rows)
    canvas = Image.new("RGB", (width, height), "white")
    y = 0
    for row in rows:
        x = 0
        for image in row:
            canvas.paste(image, (x, y))
            x += image.width
        y += max(image.height for image in row)
    return canvas


def _offer_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Copy the executed notebook of ``pagename`` next to the page sources.

    MyST-NB writes every executed page to ``_build/jupyter_execute``; the
    book theme shows a ``.ipynb`` download when ``ipynb_source`` is set.
    """
    if doctree is None:
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    notebook = nbformat.read(executed, as_version=4)
    if not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"):
        # When a page's outputs come from the execution cache, MyST-NB 1.4
        # writes the notebook without them: merge them back from the cache.
        from jupyter_cache import get_cache

        try:
            cache = get_cache(app.config.nb_execution_cache_path)
            _, notebook = cache.merge_match_into_notebook(notebook)
        except KeyError:
            logger.warning(f"no executed outputs found for {pagename}.ipynb")
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _configure_mathjax)
    app.connect("builder-inited", _write_api_pages)
    app.connect("builder-inited", _generate_workbook)
    # Before the theme's header buttons (priority 501) read ipynb_source.
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
