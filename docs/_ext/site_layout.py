"""Where the book lives and how its site is laid out: one place for both.

The public addresses come from ``[project.urls]`` in ``pyproject.toml``
(``Homepage`` is the site, ``Repository`` the source); a fork overrides them
with the environment variables ``MATHDL_SITE_URL`` and
``MATHDL_REPOSITORY_URL``. The site has one folder per edition and a small
root: a page that sends readers to their edition, the 404 page GitHub Pages
serves for any missing address, a sitemap index and ``.nojekyll``.

``docs/conf.py``, ``noxfile.py`` and the site tests all read this module.
"""

from __future__ import annotations

import html
import os
import shutil
import tomllib
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]

#: Editions of the book: Sphinx language -> (folder of the site, name shown).
EDITIONS = {"en": ("en", "English"), "zh_CN": ("zh", "中文")}


def _urls() -> dict[str, str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["project"]["urls"]


def site_url() -> str:
    """The public address of the site, ending in a slash."""
    return os.environ.get("MATHDL_SITE_URL", _urls()["Homepage"]).rstrip("/") + "/"


def site_path() -> str:
    """The path part of :func:`site_url`, with a slash at both ends."""
    return ("/" + urlparse(site_url()).path.strip("/") + "/").replace("//", "/")


def repository_url() -> str:
    """The address of the source repository, without a trailing slash."""
    return os.environ.get("MATHDL_REPOSITORY_URL", _urls()["Repository"]).rstrip("/")


_REDIRECT = """\
(function () {
  var editions = %s;
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (editions[code]) { location.replace(editions[code]); return; }
  }
  location.replace(editions["%s"]);
})();"""


def write_root(html_dir: Path, built: list[str]) -> None:
    """Write the site's root files for the editions in ``built`` (languages)."""
    folders = [EDITIONS[language] for language in built]
    links = "\n".join(
        f'    <li><a href="{folder}/index.html" hreflang="{folder}">'
        f"{html.escape(name)}</a></li>"
        for folder, name in folders
    )
    codes = ", ".join(f'"{folder}": "{folder}/index.html"' for folder, _ in folders)
    script = _REDIRECT % ("{" + codes + "}", folders[0][0])
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Math for Deep Learning</title>
  <link rel="canonical" href="{site_url()}">
  <script>
{script}
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto;
           padding: 0 1rem; line-height: 1.5; }}
  </style>
</head>
<body>
  <h1>Math for Deep Learning</h1>
  <p>Choose an edition:</p>
  <ul>
{links}
  </ul>
</body>
</html>
"""
    (html_dir / "index.html").write_text(page, encoding="utf-8")
    # GitHub Pages answers every missing address with the root 404.html. The
    # first edition's 404 page links by absolute paths, so it works here too.
    shutil.copyfile(html_dir / folders[0][0] / "404.html", html_dir / "404.html")
    sitemaps = "\n".join(
        f"  <sitemap><loc>{site_url()}{folder}/sitemap.xml</loc></sitemap>"
        for folder, _ in folders
    )
    (html_dir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{sitemaps}\n</sitemapindex>\n",
        encoding="utf-8",
    )
    (html_dir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {site_url()}sitemap.xml\n", encoding="utf-8"
    )
    # Without it GitHub Pages runs Jekyll, which drops the _static folders.
    (html_dir / ".nojekyll").write_text("", encoding="utf-8")
