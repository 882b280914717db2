"""Local Sphinx extension of the book.

It does three things that no configuration value does on its own:

* serves MathJax from the site itself (the copy bundled in the
  ``sphinx-mathjax-offline`` wheel), so math renders with no network;
* offers every executed chapter as a notebook download (``.ipynb``) in the
  theme's download menu;
* writes one API reference page per ``mathdl`` module, so a new module gets
  its page without anyone editing an index.
"""

from __future__ import annotations

import importlib.metadata
import pkgutil
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
    # Before the theme's header buttons (priority 501) read ipynb_source.
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
