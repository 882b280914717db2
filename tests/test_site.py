"""Site tests: headless Chromium over the built book.

These tests read the site in ``docs/_build/html`` (build it first with
``nox -s docs``): a root page that sends readers to their edition and one
folder per edition (``en/`` and ``zh/``). They serve it on 127.0.0.1 under the same path
as the public site (``/math-for-deep-learning/``, from ``[project.urls]``),
answer a missing address with the site's ``404.html`` as GitHub Pages does,
and load every page in Debian's Chromium through Playwright. They check
what a reader would notice: requests to other hosts, console errors,
untypeset math, broken images, the copy button and search, and what a host
needs: the root page, the 404 page, the sitemap and the social-card tags.
For the Chinese edition they also check the edition switch, the page
language, Chinese search, the translated notebooks, and that no paragraph
of a Chinese page is left in English.

Chromium is found at ``$MATHDL_CHROMIUM``, else ``chromium`` on the PATH.
Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import catalogs  # noqa: E402
import site_layout  # noqa: E402  (the one place that says where the book lives)

HTML = ROOT / "docs" / "_build" / "html"
EDITION = site_layout.EDITIONS["en"][0]
ZH = site_layout.EDITIONS["zh_CN"][0]
_SITE_URL = site_layout.site_url()
SITE_PATH = site_layout.site_path()  # the path the site is published under

# Console errors that are known and harmless, matched by their text. Anything
# else logged as an error fails the page.
ALLOWED_CONSOLE_ERRORS = (
    # sphinx-book-theme / pydata-sphinx-theme on a first visit with no stored
    # theme mode; it then falls back to "auto".
    "Got invalid theme mode",
)

# Raw TeX delimiters that MathJax removes when it typesets a formula. A lone
# "$" in prose is a formula that Markdown broke (a line starting with "+ "
# inside it turns the rest into a list item).
RAW_TEX = re.compile(r"\$|\\\(|\\\)|\\\[|\\\]|\\begin\{")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-quic",
]


def _pages() -> list[str]:
    if not (HTML / "index.html").is_file():
        return []
    skip = {"_static", "_sources", "_images"}
    return sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.html")
        if not skip & set(p.relative_to(HTML).parts)
    )


PAGES = _pages()


@pytest.fixture(scope="session")
def site() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.fail(
            f"the built book is missing ({HTML / 'index.html'}): "
            "run `nox -s docs` (or plain `nox`) before the site tests"
        )
    return HTML


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site under SITE_PATH, with GitHub Pages' 404 behaviour."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        path = unquote(urlparse(self.path).path)
        if path.startswith(SITE_PATH):
            self.path = "/" + self.path[len(SITE_PATH) :]
            local = Path(self.translate_path(self.path))
            if local.is_file() or (local / "index.html").is_file():
                return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(_PagesHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH.rstrip('/')}"
    server.shutdown()
    server.server_close()


def _chromium() -> str:
    path = os.environ.get("MATHDL_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Chromium is needed for the site tests and was not found. "
            "Install Debian's package: `sudo apt-get install chromium` "
            "(or set MATHDL_CHROMIUM to a Chromium binary)."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="install the test extra: pip install '.[test]'"
    )
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class PageVisit:
    """Open one page, recording what goes wrong.

    Requests are observed, not intercepted, so the browser cache works
    across pages (Playwright turns the cache off when routing). A request
    to another host is recorded; on an offline machine it fails anyway.
    """

    def __init__(self, context, base_url: str, path: str) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("response", self._response)
        self.page.goto(f"{base_url}/{path}", wait_until="load")

    def _request(self, request) -> None:
        url = request.url
        local = urlparse(url).hostname == "127.0.0.1"
        if not (local or url.startswith(("data:", "blob:"))):
            self.external.append(url)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message) -> None:
        if message.type == "error" and not any(
            allowed in message.text for allowed in ALLOWED_CONSOLE_ERRORS
        ):
            self.errors.append(f"console error: {message.text}")

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="session")
def context(browser):
    # One context for all pages, with clipboard access for the copy-button
    # tests; pages share its cache, as a reader's tabs do.
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture
def visit(context, base_url):
    opened: list[PageVisit] = []

    def _visit(path: str) -> PageVisit:
        page_visit = PageVisit(context, base_url, path)
        opened.append(page_visit)
        return page_visit

    yield _visit
    for page_visit in opened:
        page_visit.close()


def _wait_for_math(page) -> int:
    """Wait until MathJax has typeset the page; return the number of formulas."""
    count = page.locator("span.math, div.math").count()
    if count:
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
            timeout=20_000,
        )
        page.evaluate("() => MathJax.startup.promise")
    return count


def _prose_text(page) -> str:
    """The page's visible text without code, where TeX may legitimately appear."""
    return page.evaluate(
        """() => {
            const main = document.querySelector('main') || document.body;
            const copy = main.cloneNode(true);
            copy.querySelectorAll('pre, code, script, style').forEach(e => e.remove());
            return copy.innerText;
        }"""
    )


def _broken_images(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const images = Array.from(document.images);
            images.forEach(img => { img.loading = 'eager'; });
            const broken = [];
            await Promise.all(images.map(async img => {
                try { await img.decode(); } catch (e) { }
                if (!img.complete || img.naturalWidth === 0) broken.push(img.src);
            }));
            return broken;
        }"""
    )


def test_site_was_built():
    assert PAGES, f"no pages found under {HTML}: run `nox -s docs` first"
    assert {"index.html", "404.html", f"{EDITION}/index.html"} <= set(PAGES)


# The root page redirects at once; it has its own test below.
EDITION_PAGES = [page for page in PAGES if page != "index.html"]


@pytest.mark.parametrize("path", EDITION_PAGES or [f"{EDITION}/index.html"])
def test_page(visit, path):
    v = visit(path)
    n_math = _wait_for_math(v.page)
    typeset = v.page.locator("span.math mjx-container, div.math mjx-container").count()
    broken = _broken_images(v.page)
    raw = RAW_TEX.findall(_prose_text(v.page))

    assert v.external == [], f"{path} requested other hosts"
    assert v.errors == [], f"{path} logged errors"
    assert typeset == n_math, (
        f"{path}: {n_math - typeset} of {n_math} formulas untypeset"
    )
    assert raw == [], f"{path} shows raw TeX delimiters {raw}"
    assert broken == [], f"{path} has broken images"


def test_no_warnings_or_errors_in_cell_outputs(site):
    """Executed cells print no warnings: their cause is fixed, not hidden."""
    stderr = re.compile(r'class="output stderr|class="output traceback')
    offenders = [
        page
        for page in PAGES
        if stderr.search((site / page).read_text(encoding="utf-8"))
    ]
    assert offenders == [], "pages with stderr output (warnings) in a cell"


def test_chapter_figures_render(visit):
    v = visit(f"{EDITION}/foundations/setting-the-stage.html")
    figures = v.page.locator("figure img")
    assert figures.count() >= 3
    for i in range(figures.count()):
        image = figures.nth(i)
        assert image.get_attribute("alt"), "every figure needs alt text"
        assert image.evaluate("img => img.naturalWidth") > 100


def _copy_block(v: PageVisit, block) -> str:
    block.hover()
    block.locator("button.copybtn").click()
    return v.page.evaluate("() => navigator.clipboard.readText()")


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        (f"{EDITION}/how-to-use.html", "div.highlight-pycon"),
        (
            f"{EDITION}/api/generated/mathdl.datasets.html",
            "div.highlight-pycon, div.doctest",
        ),
    ],
)
def test_copy_button_strips_prompts_and_outputs(visit, base_url, path, selector):
    v = visit(path)
    block = v.page.locator(selector).first
    shown = block.inner_text()
    copied = _copy_block(v, block)
    assert ">>>" in shown, "the test needs a doctest block with prompts"
    lines = copied.splitlines()
    assert lines, "nothing was copied"
    assert not any(line.startswith((">>>", "...")) for line in lines), copied
    # Outputs are shown but not copied: every copied line came from a prompt.
    prompt_lines = [
        line[4:] for line in shown.splitlines() if line.startswith((">>> ", "... "))
    ]
    assert lines == [line for line in prompt_lines if line.strip()]
    # And the copied snippet runs as it is.
    result = subprocess.run(
        [sys.executable, "-c", "import numpy as np\n" + copied],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_outputs_have_no_copy_button(visit):
    v = visit(f"{EDITION}/foundations/setting-the-stage.html")
    v.page.wait_for_selector("button.copybtn", state="attached")
    assert v.page.locator("div.cell_input button.copybtn").count() > 5
    assert v.page.locator("div.cell_output button.copybtn").count() == 0


def test_search_finds_a_chapter_1_word(visit):
    v = visit(f"{EDITION}/search.html?q=broadcasting")
    results = v.page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("setting-the-stage" in href for href in hrefs), hrefs
    assert v.errors == []


def test_chapter_offers_executed_notebook(visit, site):
    v = visit(f"{EDITION}/foundations/setting-the-stage.html")
    link = v.page.locator("a[href$='_sources/foundations/setting-the-stage.ipynb']")
    assert link.count() == 1
    notebook = json.loads(
        (
            site / EDITION / "_sources" / "foundations" / "setting-the-stage.ipynb"
        ).read_text()
    )
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    # Executed: the outputs are in the notebook, figures included. (Cells
    # restored from the execution cache carry no execution counts.)
    outputs = [o for c in code_cells for o in c["outputs"]]
    assert sum(bool(c["outputs"]) for c in code_cells) >= len(code_cells) // 2
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3


def test_no_asset_from_another_host(site):
    """No script, stylesheet, font or image in the built site points off-site."""
    remote = re.compile(
        r"""<(?:script|img)[^>]+src=["'](?:https?:)?//"""
        r"""|<link[^>]+rel=["'](?:stylesheet|preload|icon|modulepreload)["'][^>]+"""
        r"""href=["'](?:https?:)?//"""
        r"""|<link[^>]+href=["'](?:https?:)?//[^"']+["'][^>]+rel=["']"""
        r"""(?:stylesheet|preload|icon|modulepreload)"""
        r"""|@import\s+(?:url\()?["']?(?:https?:)?//"""
        r"""|url\(\s*["']?(?:https?:)?//""",
        re.IGNORECASE,
    )
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css"} and path.is_file():
            for match in remote.finditer(
                path.read_text(encoding="utf-8", errors="ignore")
            ):
                offenders.append(f"{path.relative_to(site)}: {match.group(0)[:80]}")
    assert offenders == []


def test_root_page_sends_readers_to_their_edition(site, context, base_url):
    root = (site / "index.html").read_text(encoding="utf-8")
    # Without JavaScript: a plain list of links to the editions.
    assert f'href="{EDITION}/index.html"' in root
    # With JavaScript: the browser's language picks the edition.
    page = context.new_page()
    try:
        page.goto(f"{base_url}/", wait_until="load")
        page.wait_for_url(f"**/{EDITION}/index.html", timeout=10_000)
    finally:
        page.close()


def test_404_page_works_at_any_depth(visit, base_url):
    v = visit(f"{EDITION}/no/such/chapter/page.html")
    # The missing page itself answers 404 (Chromium also logs that once on
    # the console); everything the 404 page loads works.
    not_found = [e for e in v.errors if "status of 404" in e]
    assert len(not_found) == 1, v.errors
    assert [e for e in v.errors if "/no/such/" not in e and e not in not_found] == []
    assert v.page.get_by_role("heading", name="Page not found").count() == 1
    stylesheets = v.page.evaluate("() => document.styleSheets.length")
    assert stylesheets > 3, "the 404 page lost its styles"
    home = v.page.locator("a.navbar-brand, a[href$='/index.html']").first
    target = home.evaluate("a => a.href")
    assert target.startswith(f"{base_url}/{EDITION}/"), target
    response = v.page.request.get(target)
    assert response.status == 200, target


def test_sitemap_lists_every_page_with_absolute_urls(site):
    sitemap = (site / EDITION / "sitemap.xml").read_text(encoding="utf-8")
    urls = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    edition_url = f"{_SITE_URL.rstrip('/')}/{EDITION}/"
    assert all(url.startswith(edition_url) for url in urls), sorted(urls)[:3]
    expected = {
        edition_url + page[len(EDITION) + 1 :]
        for page in PAGES
        if page.startswith(f"{EDITION}/")
        and page.rsplit("/", 1)[-1] not in {"search.html", "genindex.html", "404.html"}
    }
    assert expected - urls == set(), sorted(expected - urls)[:5]
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{edition_url}sitemap.xml</loc>" in index


@pytest.mark.parametrize(
    "path", [f"{EDITION}/index.html", f"{EDITION}/foundations/setting-the-stage.html"]
)
def test_open_graph_and_canonical_url(site, path):
    html = (site / path).read_text(encoding="utf-8")
    meta = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', html))
    page_url = f"{_SITE_URL.rstrip('/')}/{path}"
    assert meta["og:title"] and meta.get("og:description")
    assert meta["og:url"] == page_url
    image = meta["og:image"]
    assert image.startswith(f"{_SITE_URL.rstrip('/')}/{EDITION}/_static/"), image
    assert (site / EDITION / image.split(f"/{EDITION}/", 1)[1]).is_file()
    assert f'<link rel="canonical" href="{page_url}"' in html


def test_chapter_has_launch_links_not_scripts(visit):
    v = visit(f"{EDITION}/foundations/setting-the-stage.html")
    hrefs = v.page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    notebook = f"{EDITION}/foundations/setting-the-stage.ipynb"
    colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/")]
    binder = [h for h in hrefs if h.startswith("https://mybinder.org/")]
    assert colab and colab[0].endswith(notebook), colab
    assert binder and binder[0].endswith(f"urlpath=lab/tree/{notebook}"), binder
    assert v.external == []  # links only: nothing is loaded from them


def test_install_page_names_the_configured_repository(site):
    html = (site / EDITION / "how-to-use.html").read_text(encoding="utf-8")
    repository = site_layout.repository_url()
    assert f"git clone {repository}.git" in re.sub(r"<[^>]+>", "", html)
    assert "repository-url" not in html


# -- The Chinese edition ---------------------------------------------------------------


def _zh_pages() -> list[str]:
    return [p[len(ZH) + 1 :] for p in PAGES if p.startswith(f"{ZH}/")]


def test_both_editions_have_the_same_pages():
    en = {p[len(EDITION) + 1 :] for p in PAGES if p.startswith(f"{EDITION}/")}
    assert set(_zh_pages()) == en


@pytest.mark.parametrize(
    ("page", "source", "target"),
    [
        ("index.html", EDITION, ZH),
        ("probability/probability.html", EDITION, ZH),
        ("neural-networks/backpropagation.html", ZH, EDITION),
        ("api/generated/mathdl.nn.html", ZH, EDITION),
    ],
)
def test_edition_switch_goes_to_the_twin_page(visit, base_url, page, source, target):
    v = visit(f"{source}/{page}")
    v.page.locator("a.btn-edition-switch").click()
    v.page.wait_for_url(f"{base_url}/{target}/{page}", timeout=10_000)
    lang = v.page.evaluate("() => document.documentElement.lang")
    assert lang == ("zh-CN" if target == ZH else "en")
    assert v.errors == []


def test_chinese_pages_say_they_are_chinese(site):
    for page in _zh_pages():
        html = (site / ZH / page).read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html, page
        assert 'hreflang="en"' in html, page


@pytest.mark.parametrize(
    ("word", "chapter"),
    [
        ("梯度", "calculus/differential-calculus"),
        ("梯度", "neural-networks/gradient-descent"),
        ("概率", "probability/probability"),
        ("反向传播", "neural-networks/backpropagation"),
    ],
)
def test_chinese_search_finds_the_chapter(visit, word, chapter):
    v = visit(f"{ZH}/search.html?q={word}")
    results = v.page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    # The chapter that teaches the word is among the first results.
    top = [href.split(".html")[0] for href in hrefs[:5]]
    assert any(href.endswith(chapter) for href in top), top
    assert v.errors == []


def _cells(notebook: dict, kind: str, field: str = "source") -> list:
    cells = [c for c in notebook["cells"] if c["cell_type"] == kind]
    if field == "source":  # a string, or a list of lines
        return ["".join(c["source"]) for c in cells]
    return [c[field] for c in cells]


def test_chinese_notebook_reads_in_chinese_with_the_same_code(site):
    page = "probability/probability.ipynb"
    zh = json.loads((site / ZH / "_sources" / page).read_text(encoding="utf-8"))
    en = json.loads((site / EDITION / "_sources" / page).read_text(encoding="utf-8"))
    assert _cells(zh, "code") == _cells(en, "code")
    assert _cells(zh, "code", "outputs") == _cells(en, "code", "outputs")
    markdown = "\n".join(_cells(zh, "markdown"))
    assert "# 概率" in markdown
    # Prose only: formulas, code, roles, labels and directive lines are not.
    prose = re.sub(
        r"\$\$.*?\$\$|\$[^$]*\$|\{[\w:]+\}`[^`]*`|`[^`]*`", " ", markdown, flags=re.S
    )
    prose = re.sub(r"^(\s*(:|```|\(|<!--).*)$", " ", prose, flags=re.M)
    assert _english_blocks(prose.split("\n\n")) == []


class _Blocks(html.parser.HTMLParser):
    """The text of each paragraph, list item, heading and caption of a page's
    article, leaving out code, math, cell outputs, tables and citations."""

    BLOCKS = frozenset(
        {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt"}
    )
    SKIP_TAGS = frozenset({"pre", "code", "script", "style", "table", "nav"})
    SKIP_CLASSES = frozenset(
        {"math", "cell_output", "citation", "bibliography", "headerlink"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.in_article = 0
        self.texts: list[list[str]] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = (
            (bool(self.stack) and self.stack[-1][1])
            or tag in self.SKIP_TAGS
            or bool(classes & self.SKIP_CLASSES)
        )
        self.stack.append((tag, skipped))
        if tag == "article":
            self.in_article += 1
        if tag in self.BLOCKS and self.in_article and not skipped:
            self.texts.append([])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if (
                open_tag in self.BLOCKS
                and self.in_article
                and not skipped
                and self.texts
            ):
                self.blocks.append(" ".join("".join(self.texts.pop()).split()))
            if open_tag == "article":
                self.in_article -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.texts and not (self.stack and self.stack[-1][1]):
            self.texts[-1].append(data)


def _english_blocks(blocks) -> list[str]:
    """Blocks with no Chinese and at least four English words."""
    return [
        block
        for block in blocks
        if not catalogs.HAN.search(block)
        and len(re.findall(r"[A-Za-z]{2,}", block)) >= 4
    ]


def _page_blocks(path: Path) -> list[str]:
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.blocks


def test_no_paragraph_of_a_chinese_page_is_left_in_english(site):
    # The API reference is the docstrings, which stay English; cited works
    # keep their titles (the bibliography).
    pages = [
        p
        for p in _zh_pages()
        if not p.startswith(("api/generated/", "_"))
        and p
        not in {
            "search.html",
            "genindex.html",
            "404.html",
            "appendix/bibliography.html",
        }
    ]
    english = {
        page: blocks
        for page in pages
        if (blocks := _english_blocks(_page_blocks(site / ZH / page)))
    }
    assert english == {}


def test_the_english_check_sees_english():
    blocks = _english_blocks(
        ["The mean of a sample is its sum over n.", "样本的均值。", "NumPy"]
    )
    assert blocks == ["The mean of a sample is its sum over n."]
