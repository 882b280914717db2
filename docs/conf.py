"""Sphinx configuration of the book *Math for Deep Learning*."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT))

import site_layout

import mathdl

# -- Project -----------------------------------------------------------------
project = "Math for Deep Learning"
author = "The Math for Deep Learning authors"
copyright = "2026, The Math for Deep Learning authors"
version = release = mathdl.__version__
language = "en"

# -- Where the book lives -------------------------------------------------------
# One place: [project.urls] in pyproject.toml, read by docs/_ext/site_layout.py
# (a fork sets MATHDL_SITE_URL and MATHDL_REPOSITORY_URL instead of editing
# files). Each edition is built into its own folder of the site; the values
# that depend on the edition are set by _edition() below, because
# ``-D language=zh_CN`` is applied after this file has run.
book_repository_url = site_layout.repository_url()
book_edition = site_layout.EDITIONS[language][0]
html_baseurl = f"{site_layout.site_url()}{book_edition}/"  # canonical, sitemap, OG
book_execute_dir = str(DOCS / "_build" / "jupyter_execute" / book_edition)

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_proof",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinxcontrib.bibtex",
    "sphinx_multitoc_numbering",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinxext.opengraph",
    "book",  # docs/_ext/book.py: offline MathJax, notebook downloads, API pages
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md"]
root_doc = "index"
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}

# -- Numbering and cross-references -------------------------------------------
numfig = True
math_numfig = True
numfig_secnum_depth = 1
math_eqref_format = "({number})"

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = [
    "amsmath",
    "colon_fence",
    "deflist",
    "dollarmath",
    "substitution",
]
myst_dmath_double_inline = True
myst_heading_anchors = 3

# -- Notebook execution ------------------------------------------------------
# Outputs are cached per notebook by jupyter-cache, which hashes only the
# notebook's code. A change to mathdl must re-execute every page, so the cache
# lives in a folder named after a fingerprint of mathdl's source. Because
# ``nb_execution_cache_path`` is an "env" config value, a new fingerprint also
# makes Sphinx re-read every page.


def _mathdl_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "mathdl").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_CACHE_ROOT = DOCS / "_build" / ".jupyter_cache"
_FINGERPRINT = _mathdl_fingerprint()
if _CACHE_ROOT.is_dir():  # drop caches of earlier versions of mathdl
    for old in _CACHE_ROOT.iterdir():
        if old.name != _FINGERPRINT:
            shutil.rmtree(old, ignore_errors=True)

nb_execution_mode = "cache"
nb_execution_cache_path = str(_CACHE_ROOT / _FINGERPRINT)
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget JavaScript from a CDN
nb_render_image_options = {"width": "100%"}
# The gettext builder keeps figures, so that their alt text is extracted.
nb_mime_priority_overrides = [("gettext", "image/png", 10)]

# -- API reference -------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # types are in the numpydoc docstrings
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_custom_sections = [("Attributes", "params_style")]
# Plain-text parameter types: "array_like, shape (n,)" is prose, not a link.
napoleon_use_param = False

# -- Bibliography --------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- Copy button ---------------------------------------------------------------
# Copied snippets must run as they are: strip doctest and shell prompts, keep
# continuation lines, and leave out outputs (lines without a prompt).
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
copybutton_copy_empty_lines = False
# Cell outputs (div.output) get no button; code cells and doctests do.
copybutton_selector = "div:not(.output) > div.highlight pre"

# -- Exercises ----------------------------------------------------------------
hide_solutions = False

# -- Hosting: sitemap, 404 page, social cards -----------------------------------
sitemap_url_scheme = "{link}"  # html_baseurl already names the edition
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# GitHub Pages answers a missing address with the site's /404.html; its links
# are absolute paths so that they work at any depth.
notfound_urls_prefix = urlparse(html_baseurl).path
ogp_site_url = html_baseurl
ogp_image = "_static/social-card.png"  # shipped with the site
ogp_social_cards = {"enable": False}  # no card rendering at build time
ogp_enable_meta_description = True

# -- HTML -----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
# html_title, like the site name and image text of Open Graph, is the
# edition's title: see EDITION_TEXT at the end.
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["book.css"]
templates_path = ["_templates"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "repository_url": book_repository_url,
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_edit_page_button": True,
    "use_issues_button": True,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "pygments_light_style": "tango",
    "pygments_dark_style": "monokai",
    # A link to the same page in the other edition, before the theme's buttons.
    "article_header_end": ["edition-switch.html", "article-header-buttons.html"],
}

# -- PDF (nox -s pdf) -------------------------------------------------------------
# XeLaTeX, so that the same setup serves the Chinese edition (xeCJK).
latex_engine = "xelatex"
# The PDF's name (book_pdf, in every page's download menu) and
# latex_documents depend on the edition: see _edition() at the end.
# The book class has \frontmatter, \mainmatter, \part and \appendix, which
# docs/_ext/book.py uses to mirror the parts of the table of contents.
latex_docclass = {"manual": "book"}
latex_show_urls = "no"
latex_show_pagerefs = False
latex_elements = {
    # Math keeps TeX's own fonts: with fontspec's math setup, \mathbf of a
    # capital Greek letter (\mathbf{\Lambda}) looks for it in FreeSerif Bold
    # and prints nothing.
    "passoptionstopackages": r"\PassOptionsToPackage{no-math}{fontspec}",
    "papersize": "a4paper",
    "extraclassoptions": "openany,oneside",
    "pointsize": "10pt",
    # Figures stay where their code cell is (and may sit inside exercise boxes).
    "figure_align": "H",
    # Long code and output lines wrap instead of running off the page.
    "sphinxsetup": "verbatimwrapslines=true, verbatimforcewraps=true, "
    "verbatimmaxoverfull=0, verbatimmaxunderfull=0",
    # Sphinx wraps every display formula in amsmath's split, which allows one
    # alignment column; MathJax, and so the HTML book, accepts several
    # (`a &= b && \text{(note)}`). aligned allows them too, so the PDF
    # typesets the same sources.
    #
    # xeCJK typesets Chinese with Debian's Noto CJK fonts (fonts-noto-cjk):
    # the Chinese edition, and the few Chinese words of the English edition
    # (the title of a cited translation). Emphasis is set in Kai, as Chinese
    # books do, from TeX Live's Fandol fonts.
    "preamble": r"""
\renewenvironment{split}{\aligned[c]}{\endaligned}
\usepackage{newunicodechar}
\newunicodechar{°}{\ensuremath{^\circ}}
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}[
  ItalicFont=FandolKai-Regular, ItalicFeatures={Extension=.otf}]
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
""",
    # No index: the table of contents, the PDF bookmarks and search do its job.
    "makeindex": "",
    "printindex": "",
}
latex_use_xindy = False
latex_domain_indices = False

# -- Translations (nox -s translations) -------------------------------------------
locale_dirs = ["locale/"]
gettext_compact = False  # one catalog per page
gettext_location = False  # no line numbers: catalogs change only when text does
gettext_uuid = False

# -- Editions ----------------------------------------------------------------------
# What differs between the English and the Chinese edition besides the text of
# the pages (which comes from the catalogs).
EDITION_TEXT = {
    "en": {
        "title": "Math for Deep Learning",
        "pdf": "math-for-deep-learning.pdf",
        "image_alt": "Math for Deep Learning: the mathematics of deep learning, "
        "with code",
    },
    "zh_CN": {
        "title": "面向深度学习的数学",
        "pdf": "math-for-deep-learning-zh.pdf",
        "image_alt": "面向深度学习的数学：用代码讲清深度学习背后的数学",
    },
}


# Chinese headings: 第 2 章 概率 (also in the page headers, which Sphinx
# builds from \@chapapp and \@chappos), 第二部分 概率、统计与信息 and 附录 A.
ZH_HEADINGS = r"""
\makeatletter
\def\@chapapp{第}
\def\@chappos{章\quad}  % xeCJK drops a plain space between Chinese characters
\g@addto@macro\appendix{\gdef\@chappos{}}
\renewcommand{\@makechapterhead}[1]{%
  \vspace*{20\p@}{\parindent\z@\raggedright\normalfont
  \ifnum\c@secnumdepth>\m@ne\if@mainmatter
    {\Large\bfseries\@chapapp\ \thechapter\ \@chappos}\par\nobreak\vskip 12\p@
  \fi\fi
  {\huge\bfseries #1}\par\nobreak\vskip 30\p@}}
\AtBeginDocument{% after babel has set its (English) names
  \renewcommand{\partname}{}\renewcommand{\appendixname}{附录}}
\renewcommand{\thepart}{第\ifcase\value{part}\or 一\or 二\or 三\or 四\or 五\or
  六\or 七\or 八\or 九\fi 部分}
\makeatother
"""


def _edition(app, config) -> None:
    """Set what depends on the edition (``language``, possibly from ``-D``)."""
    folder = site_layout.EDITIONS[config.language][0]
    text = EDITION_TEXT[config.language]
    config.book_edition = folder
    config.html_baseurl = f"{site_layout.site_url()}{folder}/"
    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = urlparse(config.html_baseurl).path
    config.book_execute_dir = str(DOCS / "_build" / "jupyter_execute" / folder)
    config.html_title = config.ogp_site_name = config.project = text["title"]
    config.ogp_image_alt = text["image_alt"]
    config.book_pdf = text["pdf"]
    if config.language == "zh_CN":  # MyST-NB's toggle of hidden code cells
        config.nb_code_prompt_show = "显示代码"
        config.nb_code_prompt_hide = "隐藏代码"
    if config.language == "zh_CN":
        config.latex_elements["fncychap"] = ""  # the plain heading, redefined:
        config.latex_elements["preamble"] += ZH_HEADINGS
    if config.language == "en":
        # Curly quotes and apostrophes are Western punctuation here: xeCJK
        # would set them from the CJK font with CJK spacing ("book’ s").
        config.latex_elements["preamble"] += (
            '\\xeCJKDeclareCharClass{Default}{"2018, "2019, "201C, "201D}\n'
        )
    config.latex_documents = [
        (root_doc, text["pdf"].replace(".pdf", ".tex"), text["title"], author, "manual")
    ]


def setup(app) -> None:
    app.connect("config-inited", _edition, priority=100)
