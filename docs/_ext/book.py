"""Local Sphinx extension of the book.

It does what no configuration value does on its own:

* serves MathJax from the site itself (the copy bundled in the
  ``sphinx-mathjax-offline`` wheel), so math renders with no network;
* keeps MyST-NB's executed notebooks out of the site: an edition is built
  into ``_build/html/<edition>``, and MyST-NB would otherwise write its
  ``jupyter_execute`` folder beside it, inside the published tree;
* offers every executed chapter as a notebook download (``.ipynb``) in the
  theme's download menu, and as plain links that open it in Colab or
  Binder (links only: the page loads nothing from those services);
* writes one API reference page per ``mathdl`` module, so a new module gets
  its page without anyone editing an index;
* generates Chapter 11's workbook (``mathdl.spreadsheet``), the same workbook
  recalculated by LibreOffice, and pictures of two of its sheets, into
  ``neural-networks/_generated`` (git-ignored): the chapter offers the
  workbook for download and shows the pictures;
* links the book's PDF from every page's download menu, and in the PDF
  gathers each chapter's solutions at the chapter's end;
* gives the install page the configured repository's clone command.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import pkgutil
import posixpath
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import nbformat
import notebook_i18n
import site_layout
from catalogs import HAN
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

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


def _move_executed_notebooks(app: Sphinx) -> None:
    """Write MyST-NB's executed notebooks to ``book_execute_dir``.

    MyST-NB puts them in ``<outdir>/../jupyter_execute``, which is inside the
    site when ``outdir`` is ``_build/html/<edition>``.
    """
    config = getattr(app.env, "mystnb_config", None)
    if config is None or not app.config.book_execute_dir:
        return
    app.env.mystnb_config = config.copy(output_folder=app.config.book_execute_dir)


#: A glue role or directive that pastes from another page: ``{glue...}`path.md::``.
_PASTE_FROM = re.compile(r"\{glue(?::\w+)?\}`([^`:]+\.(?:md|ipynb))::")


def _pasting_pages_are_outdated(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the pages that paste glued numbers from a page that changed.

    Sphinx re-reads only the pages that changed, so a page pasting a number
    from another page (``{glue:text}`../other.md::key```) would keep showing
    the old number after the other page was re-executed.
    """
    renewed = added | changed
    if not renewed:
        return []
    outdated = []
    for docname in env.found_docs - renewed:
        source = Path(env.doc2path(docname))
        if source.suffix != ".md" or not source.is_file():
            continue
        for target in _PASTE_FROM.findall(source.read_text(encoding="utf-8")):
            if target.startswith("/"):
                other = target[1:]
            else:
                base = posixpath.dirname(docname)
                other = posixpath.normpath(posixpath.join(base, target))
                if other not in {f"{d}.md" for d in renewed}:
                    other = target  # a path from the source folder
            if other.rsplit(".", 1)[0] in renewed:
                outdated.append(docname)
                break
    return outdated


def _public_bases(
    app: Sphinx, name: str, obj: Any, options: Any, bases: list[type]
) -> None:
    """Show a class's public bases: a result record's private NamedTuple base
    (``_RocCurve`` for ``RocCurve``) is an implementation detail."""
    bases[:] = [
        public
        for base in bases
        for public in ([base] if not base.__name__.startswith("_") else base.__bases__)
    ]


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
    """Write Chapter 11's workbook files before the pages are read."""
    generate_workbook(Path(app.srcdir))


def generate_workbook(srcdir: Path) -> None:
    """Write Chapter 11's workbook, its recalculated copy and its pictures.

    LibreOffice recalculates the workbook (the chapter checks its numbers
    against ``mathdl``) and exports two sheets to PDF, which ``pdftoppm``
    turns into PNG pictures. Nothing is redone while ``mathdl`` and this
    file are unchanged.
    """
    import libreoffice
    import openpyxl

    from mathdl import spreadsheet

    out = srcdir / WORKBOOK_DIR
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
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
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
    if app.config.language != "en":
        _translate_notebook(app, pagename, notebook)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _page_catalog(app: Sphinx, docname: str) -> dict[str, str] | None:
    """The translations of a page's messages (None: the page has no catalog)."""
    textdomain = docname_to_domain(docname, app.config.gettext_compact)
    dirs = [app.srcdir / directory for directory in app.config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, app.config.language, textdomain)
    return getattr(catalog, "_catalog", {}) if has_catalog else None


def _translate_notebook(app: Sphinx, pagename: str, notebook: Any) -> None:
    """Translate the Markdown cells of a page's notebook (code stays as run)."""
    messages = _page_catalog(app, pagename) or {}

    def lookup(text: str) -> str | None:
        # Sphinx extracts titles without their markup, and a proof's first
        # paragraph with sphinx-proof's "Proof. " before it.
        for key in (text, text.replace("`", ""), f"Proof. {text}"):
            if messages.get(key):
                return messages[key]
        title = messages.get(f"({text})")  # a definition's or theorem's title
        return title[1:-1] if title else None

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source, missing = notebook_i18n.translate_markdown(cell.source, lookup)
            for text in missing:
                logger.warning(
                    "notebook text not in the catalog: %.70r", text, location=pagename
                )


def _proof_names_in_latex(app: Sphinx) -> None:
    """Print sphinx-proof's block names in the edition's language in the PDF.

    sphinx-proof 0.4 translates "Definition", "Theorem", "Proof" on web pages
    but writes the English names in LaTeX. Its LaTeX handlers are wrapped to
    replace the name they wrote with its translation from sphinx-proof's own
    catalog.
    """
    if app.builder.name != "latex" or app.config.language == "en":
        return
    from sphinx_proof.nodes import _ as proof_translation

    handlers = app.registry.translation_handlers.get("latex", {})
    for name, (visit, depart) in list(handlers.items()):
        if getattr(
            depart, "__module__", ""
        ) == "sphinx_proof.nodes" and depart.__name__ in (
            "depart_enumerable_node",
            "depart_unenumerable_node",
        ):
            handlers[name] = (visit, _translated_depart(depart, proof_translation))


def _translated_depart(depart: Any, translate: Any) -> Any:
    from sphinx_proof.nodes import latex_admonition_start, list_rindex

    def translated(self: Any, node: nodes.Element) -> None:
        depart(self, node)
        english = node.attributes.get("realtype", "").title()
        # Where sphinx-proof put the name: two items after the block's start.
        index = list_rindex(self.body, latex_admonition_start) + 2
        text = self.body[index]
        if text == english or text.startswith(f"{english} "):
            self.body[index] = translate(english) + text[len(english) :]

    return translated


def _retrieve_glue_data(original: Any) -> Any:
    """Let glued numbers be pasted into translated text.

    Sphinx parses each translation as a small document of its own, which
    lacks the page's notebook, so MyST-NB finds no glue data there ("No key
    ... found in glue data for this document"). The page's glue data is
    already written next to its executed notebook; this reads it from there.
    """
    from myst_nb.core.variables import RetrievalError, VariableOutput

    def retrieve(document: nodes.document, key: str) -> Any:
        env = getattr(document.settings, "env", None)
        if "nb_renderer" in document or env is None:
            return original(document, key)
        glue = Path(env.mystnb_config.output_folder) / f"{env.docname}.glue.json"
        data = json.loads(glue.read_text("utf-8")) if glue.is_file() else {}
        if key not in data:
            raise RetrievalError(f"No key {key!r} found in glue data of {env.docname}")
        return VariableOutput(
            data=data[key]["data"],
            metadata=data[key].get("metadata", {}),
            nb_renderer=None,
            vtype="glue",
        )

    return retrieve


def _paste_glue_in_translations() -> None:
    from myst_nb.ext.glue import directives, roles

    roles.retrieve_glue_data = _retrieve_glue_data(roles.retrieve_glue_data)
    directives.retrieve_glue_data = _retrieve_glue_data(directives.retrieve_glue_data)


class TranslateDisplayMath(SphinxTransform):
    """Translate the words of display formulas (``\\text{for all }``) in place.

    Sphinx translates a math block like a literal block: it parses the
    translation as a document, and a formula comes out as the text "::".
    A display formula whose translation differs only in its words (the
    catalog checks make sure of that) is translated here instead, before
    Sphinx's ``Locale`` transform, by replacing its text.
    """

    default_priority = 19  # Locale is 20

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == "en":
            return
        messages = _page_catalog(self.app, self.env.docname) or {}
        for node in self.document.findall(nodes.math_block):
            source = node.rawsource or node.astext()
            translation = messages.get(source)
            if translation and translation != source:
                node.rawsource = translation
                node.children = []
                node += nodes.Text(translation)


class AdoptTranslatedNodes(SphinxTransform):
    """Make the nodes of translated text part of the page's document.

    Sphinx parses each translation as a small document of its own and moves
    its nodes into the page; they keep a reference to that small document,
    so the pickled page carried a hundred copies of its settings and
    transformer: 7 MB instead of 0.3 MB, and a third of the build's time
    went into reading them back (numbered references load their target's
    page).
    """

    default_priority = 22  # after Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == "en":
            return
        for node in self.document.findall():
            if node.document is not None and node.document is not self.document:
                node.document = self.document


class UntranslatedText(SphinxTransform):
    """In a translated edition, warn about every message the catalogs lack.

    Sphinx leaves a message without a translation in English, silently; the
    build runs with ``-W``, so this makes a change to the English text that
    reached no catalog (``nox -s translations``) fail the translated build.
    Runs right after Sphinx's ``Locale`` transform and looks each remaining
    message up in the page's catalog. The API reference (the docstrings)
    stays English.
    """

    default_priority = 21  # Locale is 20

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == "en" or self.env.docname.startswith(
            "api/generated/"
        ):
            return
        messages = _page_catalog(self.app, self.env.docname)
        if messages is None:
            logger.warning(
                "no %s catalog for this page: run nox -s translations",
                self.config.language,
                location=self.env.docname,
            )
            return
        translations = set(messages.values())
        for node, message in extract_messages(self.document):
            if (
                messages.get(message)  # translated (toctree captions: later)
                or message in translations  # already translated
                or HAN.search(message)  # written by an extension in Chinese
                or _in_front_matter(node)
            ):
                continue
            logger.warning(
                "untranslated (run nox -s translations, then translate): %.70r",
                message,
                location=node,
            )


def _in_front_matter(node: nodes.Node) -> bool:
    """Is ``node`` part of the page's front matter (a field list, later docinfo)?"""
    while node.parent is not None:
        if isinstance(node, nodes.field_list) and node.parent.index(node) == 0:
            return isinstance(node.parent, nodes.document)
        node = node.parent
    return False


def _chinese_search(app: Sphinx) -> None:
    """Make the Chinese edition's search page work.

    Sphinx 9's Chinese search (jieba for Chinese words, an English stemmer
    for Latin ones) ends its JavaScript with ``window.Stemmer =
    ChineseStemmer``, a name it never defines, so the search page stops with
    a ReferenceError. Register the same search with the JavaScript naming
    the stemmer it ships.
    """
    from sphinx.search import _MINIFIED_JS_PATH
    from sphinx.search.zh import SearchChinese

    if not SearchChinese.js_stemmer_rawcode:
        return
    stemmer = (_MINIFIED_JS_PATH / SearchChinese.js_stemmer_rawcode).read_text("utf-8")
    name = re.match(r"var (\w+)=", stemmer)
    if name is None or name.group(1) == f"{SearchChinese.language_name}Stemmer":
        return  # a Sphinx that has it right

    class ChineseSearch(SearchChinese):
        js_stemmer_rawcode = None
        js_stemmer_code = "\n".join(
            (
                (_MINIFIED_JS_PATH / "base-stemmer.js").read_text("utf-8"),
                stemmer,
                f"window.Stemmer = {name.group(1)};",
            )
        )

    app.add_search_language(ChineseSearch)


#: The few words that book.py itself writes into pages, per edition (the
#: pages' own text comes from the catalogs, the theme's from the theme).
_UI_TEXT = {
    "zh_CN": {
        "Open this chapter's notebook online": "在线打开本章的 Jupyter 记事本",
        "Open in {name} (online)": "在 {name} 中打开（在线服务）",
        ".pdf (book)": ".pdf（全书）",
        "Download the whole book as a PDF": "下载全书的 PDF",
        "Solutions": "解答",
        "This page in English": "本页的英文版",
        "This page in Chinese": "本页的中文版",
    },
}


def _ui(app: Sphinx, text: str) -> str:
    """``text`` in the language of the edition being built."""
    return _UI_TEXT.get(app.config.language, {}).get(text, text)


def _editions(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give each page links to its twin in the other editions.

    ``book_editions`` feeds the header's edition switch
    (``_templates/edition-switch.html``); the same links go into the head as
    ``<link rel="alternate" hreflang>`` for search engines. Every edition has
    every page, so the twin always exists.
    """
    # From docs/_build/html/<folder>/<pagename>.html up to the site's root.
    to_root = "../" * (pagename.count("/") + 1)
    editions, alternates = [], []
    for language, (folder, name) in site_layout.EDITIONS.items():
        lang = language.replace("_", "-")
        url = f"{to_root}{folder}/{pagename}{app.builder.out_suffix}"
        english = "English" if language == "en" else "Chinese"
        editions.append(
            {
                "url": url,
                "lang": lang,
                "name": name,
                "title": _ui(app, f"This page in {english}"),
                "current": language == app.config.language,
            }
        )
        alternates.append(f'<link rel="alternate" hreflang="{lang}" href="{url}">')
    context["book_editions"] = editions
    context["metatags"] = context.get("metatags", "") + "\n".join(alternates)


def _launch_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add a "launch" menu with links that open the page's notebook online.

    The notebooks live on the repository's ``notebooks`` branch, which the
    deploy workflow fills from the built site (``nox -s notebooks``). The
    menu holds plain links: nothing is loaded from Colab or Binder until a
    reader clicks.
    """
    if "ipynb_source" not in context or "header_buttons" not in context:
        return
    repository = urlparse(app.config.book_repository_url)
    if repository.netloc != "github.com":
        return  # Colab and Binder open notebooks from GitHub only
    slug = repository.path.strip("/").removesuffix(".git")
    notebook = f"{app.config.book_edition}/{pagename}.ipynb"
    branch = app.config.book_notebooks_branch
    links = [
        (
            "Colab",
            "logo_colab.png",
            f"https://colab.research.google.com/github/{slug}/blob/{branch}/{notebook}",
        ),
        (
            "Binder",
            "logo_binder.svg",
            f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=lab/tree/{notebook}",
        ),
    ]
    context["header_buttons"].append(
        {
            "type": "group",
            "tooltip": _ui(app, "Open this chapter's notebook online"),
            "icon": "fas fa-rocket",
            "label": "launch-buttons",
            "buttons": [
                {
                    "type": "link",
                    "text": name,
                    "tooltip": _ui(app, "Open in {name} (online)").format(name=name),
                    "icon": f"_static/images/{icon}",
                    "url": url,
                }
                for name, icon, url in links
            ],
        }
    )


def _pdf_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the book's PDF (``book_pdf``, built by ``nox -s pdf``) to the
    theme's download menu on every page."""
    if not app.config.book_pdf or "header_buttons" not in context:
        return
    for group in context["header_buttons"]:
        if group.get("label") == "download-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](app.config.book_pdf, 1),
                    "text": _ui(app, ".pdf (book)"),
                    "tooltip": _ui(app, "Download the whole book as a PDF"),
                    "icon": "fas fa-file-pdf",
                    "label": "download-book-pdf-button",
                }
            )


def _exercises_for_latex(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the PDF's exercises and solutions read as they do on the web.

    The LaTeX builder resolves the whole book as one tree in which each
    chapter is a ``start_of_file`` node. Two things are done to it:

    * each chapter's solutions move, in order, into a last section
      "Solutions": on a web page a solution hides behind a toggle, on paper
      it would sit right under its exercise;
    * each exercise gets the label ``docname:label`` that references to it
      use (sphinx-exercise 1.0 writes only ``exercise:label`` in LaTeX, so
      "Solution to Exercise 1.3" and "as in Exercise 1.3" would not link).
    """
    if app.builder.format != "latex":
        return
    from sphinx_exercise.nodes import (
        exercise_enumerable_node,
        exercise_node,
        solution_node,
    )

    def own(chapter_file: nodes.Node, classes: Any) -> list[nodes.Node]:
        """The nodes of the given classes in chapter_file, not in pages it includes.

        (Sphinx moves included pages' children under ``start_of_file`` without
        updating their ``parent``, so ownership cannot be read upwards.)
        """

        def wanted(node: nodes.Node) -> bool:
            return isinstance(node, classes)

        nested = {
            id(node)
            for inner in chapter_file.findall(addnodes.start_of_file)
            if inner is not chapter_file
            for node in inner.findall(wanted)
        }
        return [n for n in chapter_file.findall(wanted) if id(n) not in nested]

    moved = 0
    for chapter_file in list(doctree.findall(addnodes.start_of_file)):
        chapter_doc = chapter_file["docname"]
        for exercise in own(chapter_file, (exercise_node, exercise_enumerable_node)):
            if exercise.get("label"):
                target = f"{chapter_doc}:{exercise['label']}"
                label = rf"\phantomsection\label{{\detokenize{{{target}}}}}"
                exercise.parent.insert(
                    exercise.parent.index(exercise),
                    nodes.raw("", label, format="latex"),
                )
        solutions = own(chapter_file, solution_node)
        chapter = next(iter(chapter_file.findall(nodes.section)), None)
        if not solutions or chapter is None:
            continue
        section = nodes.section(ids=[f"solutions-{chapter_doc.replace('/', '-')}"])
        section += nodes.title("", _ui(app, "Solutions"))
        for solution in solutions:
            solution.parent.remove(solution)
            section += solution
        chapter += section
        moved += len(solutions)
    logger.info(f"[book] PDF: {moved} solutions moved to the ends of their chapters")


def _book_structure_for_latex(
    app: Sphinx, doctree: nodes.document, docname: str
) -> None:
    """Lay the PDF out as a book: front matter, parts, chapters, appendices.

    The LaTeX builder inlines the pages of the landing page's toctrees where
    the toctrees stand, inside the landing page's last section, so every
    chapter would become a section of it. This moves them to the top level
    and marks the book's divisions as the table of contents does: the front
    matter unnumbered, each numbered toctree a part (``\\part``), and the
    appendix after ``\\appendix``. Chapter numbers then match the web book's.
    """
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    pages = {
        sof["docname"]: sof
        for sof in doctree.findall(addnodes.start_of_file)
        if "docname" in sof
    }
    root = app.env.get_doctree(app.config.root_doc)
    layout: list[nodes.Node] = [nodes.raw("", r"\frontmatter", format="latex")]
    mainmatter = False
    for toctree in root.findall(addnodes.toctree):
        caption = toctree.get("caption") or ""
        if toctree.get("numbered"):
            if not mainmatter:
                layout.append(nodes.raw("", r"\mainmatter", format="latex"))
                mainmatter = True
            # "Part II. Probability" and "第二部分 概率": LaTeX numbers parts.
            numbered = r"^(Part [IVXLC]+\.|第[一二三四五六七八九]部分)\s*"
            title = re.sub(numbered, "", caption)
            layout.append(nodes.raw("", rf"\part{{{title}}}", format="latex"))
        elif mainmatter:
            layout.append(nodes.raw("", r"\appendix", format="latex"))
        for include in toctree["includefiles"]:
            page = pages.get(str(include))
            if page is not None:
                page.parent.remove(page)
                layout.append(page)
    # What is left is the landing page itself: it opens the front matter.
    # Sphinx has already gathered the citations at the end of the tree; they
    # stay at the end, after the appendix.
    from sphinx.builders.latex.nodes import thebibliography

    tail = [node for node in doctree.children if isinstance(node, thebibliography)]
    for node in tail:
        doctree.remove(node)
    doctree.insert(0, layout[0])
    doctree.extend(layout[1:] + tail)


def _note_written_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    app.book_pages_written.add(pagename)  # type: ignore[attr-defined]


def _complete_the_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Give sphinx-sitemap the pages this build did not write again.

    sphinx-sitemap lists the pages written in the current build only, so an
    incremental build would publish a sitemap of the few pages that changed.
    """
    if exception is not None or app.builder.format != "html":
        return
    if "sphinx_sitemap" not in app.extensions:
        return
    import sphinx_sitemap

    written = app.book_pages_written  # type: ignore[attr-defined]
    for docname in sorted(app.env.found_docs - written):
        sphinx_sitemap.add_html_link(app, docname, None, {}, None)


class CloneCommand(SphinxDirective):
    """``{clone-command}``: the shell commands that clone the book's source.

    The repository comes from ``book_repository_url``, so a fork that sets
    ``MATHDL_REPOSITORY_URL`` gets its own address on the install page. Lines
    in the directive's body are appended as further commands.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        url = self.config.book_repository_url
        folder = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        text = "\n".join([f"$ git clone {url}.git", f"$ cd {folder}", *self.content])
        block = nodes.literal_block(text, text, language="console")
        return [block]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("book_repository_url", "", "env", types=[str])
    app.add_config_value("book_edition", "en", "env", types=[str])
    app.add_config_value("book_execute_dir", "", "env", types=[str])
    app.add_config_value("book_notebooks_branch", "notebooks", "env", types=[str])
    app.add_config_value("book_pdf", "", "html", types=[str])
    app.add_directive("clone-command", CloneCommand)
    app.connect("config-inited", _configure_mathjax)
    # After MyST-NB's own builder-inited handler has set its output folder.
    app.connect("builder-inited", _move_executed_notebooks, priority=900)
    app.connect("builder-inited", _write_api_pages)
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("builder-inited", _generate_workbook)
    app.connect("builder-inited", _proof_names_in_latex)
    app.connect("env-get-outdated", _pasting_pages_are_outdated)
    # Before the theme's header buttons (priority 501) read ipynb_source.
    app.connect("html-page-context", _offer_notebook, priority=400)
    # After the theme's prep_header_buttons (500) has made the button list.
    app.connect("html-page-context", _launch_links, priority=502)
    app.connect("html-page-context", _pdf_download, priority=502)
    app.connect("html-page-context", _editions)
    _chinese_search(app)
    app.add_transform(UntranslatedText)
    app.add_transform(AdoptTranslatedNodes)
    app.add_transform(TranslateDisplayMath)
    _paste_glue_in_translations()
    app.book_pages_written = set()  # type: ignore[attr-defined]
    app.connect("html-page-context", _note_written_page)
    # Before sphinx-sitemap writes the sitemap (priority 500).
    app.connect("build-finished", _complete_the_sitemap, priority=400)
    app.connect("doctree-resolved", _exercises_for_latex)
    app.connect("doctree-resolved", _book_structure_for_latex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
