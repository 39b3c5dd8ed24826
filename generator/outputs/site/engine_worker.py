"""One build engine process that builds staged projects one after another, so that importing
the engine and its theme is paid once per worker rather than once per release.

Run by the engine's own interpreter as a script (`python engine_worker.py mkdocs`): it imports
nothing of evidence-site, which need not be installed there. It reads one JSON request per line
on stdin, {"argv": [...], "cwd": ..., "env": {...}}, runs the engine's command line in this
process as `python -m <engine> <argv>` would, and answers one JSON line on stdout,
{"returncode": N, "stdout": ..., "stderr": ...}. It ends at the end of its input.

The theme's templates are compiled once: the engine makes a new Jinja environment per build,
which would compile every template again (about a seventh of a release's build). Jinja checks
each kept template against its source before it uses it. Likewise the static files of an
installed theme are listed once: the engine walks and filters every file of the theme's folders
in each build (Material holds some 14,500, most of them icons it does not copy), a tenth of
a release's build. And where every page of a build got a new Markdown converter (a twentieth
of a release's engine time), a page whose extensions are all Python-Markdown's own, which
keep no state between documents or clear it on reset(), gets the worker's one converter for
those settings, reset: Python-Markdown's documented way to convert many documents. Pages
that say `markdown: gfm` in their front matter (evidence-site's generated pages, written in
what cmark-gfm and Python-Markdown read alike) are rendered by cmark-gfm, where installed,
a third of a release's build in Python-Markdown.
"""
from __future__ import annotations

import contextlib
import gc
import html
import importlib
import io
import json
import logging
import os
import re
import sys
import traceback
import types
from typing import Any


def main() -> int:
    cli = importlib.import_module(f"{sys.argv[1]}.__main__").cli
    _keep_compiled_templates(sys.argv[1])
    _keep_theme_listing(sys.argv[1])
    _keep_markdown_converters(sys.argv[1])
    _render_gfm_pages(sys.argv[1])
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        replies.write(json.dumps(run(cli, request)) + "\n")
        replies.flush()
        gc.collect()
    return 0


def run(cli, request: dict) -> dict:
    out, err = io.StringIO(), io.StringIO()
    before = dict(os.environ)
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            returncode = _invoke(cli, request["argv"])
    finally:
        os.environ.clear()
        os.environ.update(before)
    return {"returncode": returncode, "stdout": out.getvalue(), "stderr": err.getvalue()}


def _invoke(cli, argv: list[str]) -> int:
    try:
        cli.main(argv, prog_name=sys.argv[1], standalone_mode=True)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:          # what `python -m` would print before exiting with 1
        traceback.print_exc()
        return 1
    return 0


def _keep_compiled_templates(engine: str) -> None:
    try:
        import jinja2
        theme = importlib.import_module(f"{engine}.theme").Theme
        make_env = theme.get_env
    except (ImportError, AttributeError):       # another engine's layout: compile each time
        return

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.kept: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.kept:
                bucket.bytecode_from_string(self.kept[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.kept[bucket.key] = bucket.bytecode_to_string()

    by_extensions: dict[tuple[str, ...], Compiled] = {}

    def get_env(self):
        env = make_env(self)
        env.bytecode_cache = by_extensions.setdefault(tuple(sorted(env.extensions)), Compiled())
        return env
    theme.get_env = get_env


def _keep_theme_listing(engine: str) -> None:
    """The theme's static files, found once per set of theme folders when every folder is
    part of this installation (a project's own `custom_dir` is walked in each build)."""
    try:
        files = importlib.import_module(f"{engine}.structure.files")
        files_class, file_class = files.Files, files.File
        add_files = files_class.add_files_from_theme
    except (ImportError, AttributeError):
        return
    installed = os.path.realpath(sys.prefix) + os.sep
    found: dict[tuple, list[tuple[str, str]]] = {}

    def add_files_from_theme(self, env, config) -> None:
        dirs = tuple(os.path.realpath(d) for d in config.theme.dirs)
        if not all(d.startswith(installed) for d in dirs):
            return add_files(self, env, config)
        key = (dirs, tuple(config.theme.static_templates))
        if key not in found:
            probe = files_class([])
            add_files(probe, env, config)
            found[key] = [(f.src_path, f.src_dir) for f in probe]
        for path, folder in found[key]:
            if self.get_file_from_path(path) is None:      # a docs file of that name wins
                self.append(file_class(path, folder, config.site_dir, config.use_directory_urls))
    files_class.add_files_from_theme = add_files_from_theme


# Python-Markdown's own extensions whose state lives only in one conversion or is cleared by
# Markdown.reset(); a page using any other extension gets a new converter, as the engine does.
_RESETTABLE = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty",
    "tables", "toc", "wikilinks"})


def _keep_markdown_converters(engine: str) -> None:
    try:
        import markdown
        pages = importlib.import_module(f"{engine}.structure.pages")
    except ImportError:
        return
    if getattr(pages, "markdown", None) is not markdown:       # another layout: leave it
        return
    kept: dict[str, tuple[list, dict, Any]] = {}

    def converter(*, extensions, extension_configs):
        if not all(isinstance(e, str) and e.removeprefix("markdown.extensions.") in _RESETTABLE
                   for e in extensions):
            return markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        key = json.dumps([extensions, extension_configs], sort_keys=True, default=repr)
        found = kept.get(key)
        if found is None or found[:2] != (list(extensions), extension_configs):
            made = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
            kept[key] = found = (list(extensions), extension_configs, made)
            return made
        return found[2].reset()

    class Markdown(types.ModuleType):
        """The markdown package as the engine's page module sees it, but for Markdown()."""
        def __getattr__(self, name: str):
            return getattr(markdown, name)

    shim = Markdown("markdown")
    shim.Markdown = converter
    pages.markdown = shim


# --- pages written in GitHub Flavored Markdown ------------------------------------------
_GFM_EXTENSIONS = ("table",)     # what Python-Markdown with the `tables` extension reads too
_TOC_OPTIONS = frozenset({"permalink", "permalink_title", "permalink_class", "slugify",
                          "separator"})
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
# links to pages, which the engine resolves; any other link is left as it is written, as the
# engine leaves links in raw HTML (the pack's PDF, written after the build, would be "missing")
_PAGE_LINK = re.compile(r'(<a\s[^>]*?\bhref=")([^"#?:]*\.md(?:#[^"]*)?)"')
_ID = re.compile(r'\sid="([^"]*)"')
_HEADING_ID = re.compile(r"\s*\{:?[ \t]*#([^\s{}]+)[ \t]*\}$")    # attr_list's `{ #id }`
_ALIGN = re.compile(r'<(t[hd]) align="(left|center|right)">')


def _render_gfm_pages(engine: str) -> None:
    """A page whose front matter says `markdown: gfm` is converted by cmark-gfm, in C,
    instead of Python-Markdown: its headings get the ids and permanent links the `toc`
    extension would give, its links the engine's own resolution."""
    try:
        import cmarkgfm
        from cmarkgfm.cmark import Options
        from markdown.extensions import toc as markdown_toc
        pages = importlib.import_module(f"{engine}.structure.pages")
        get_toc = importlib.import_module(f"{engine}.structure.toc").get_toc
        resolver = pages._RelativePathTreeprocessor
        render = pages.Page.render
    except (ImportError, AttributeError):
        return

    def render_gfm(self, config, files) -> None:
        toc_options = (config["mdx_configs"] or {}).get("toc", {})
        if (self.meta or {}).get("markdown") != "gfm" or not set(toc_options) <= _TOC_OPTIONS:
            return render(self, config, files)
        text = cmarkgfm.markdown_to_html_with_extensions(
            self.markdown, options=Options.CMARK_OPT_UNSAFE, extensions=_GFM_EXTENSIONS)
        links = resolver(self.file, files, config)
        text = _PAGE_LINK.sub(lambda m: m.group(1) + _attribute(
            links.path_to_url(html.unescape(m.group(2)))) + '"', text)
        text = _ALIGN.sub(r'<\1 style="text-align: \2;">', text)     # as the engine's tables
        headings = _Headings(markdown_toc, toc_options)
        self.content = _HEADING.sub(headings.mark, text)
        self.toc = get_toc(markdown_toc.nest_toc_tokens(headings.tokens))
        self._title_from_render = headings.first_title
        self.present_anchor_ids = set(_ID.findall(self.content))
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = links.links_to_anchors
    pages.Page.render = render_gfm


class _Headings:
    def __init__(self, markdown_toc, options: dict) -> None:
        self.toc, self.options = markdown_toc, options
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}
        self.tokens: list[dict] = []
        self.first_title: str | None = None

    def mark(self, match: re.Match) -> str:
        level, inner = int(match.group(1)), match.group(2).strip()
        given = _HEADING_ID.search(inner)
        inner = inner[:given.start()] if given else inner
        name = self.toc.strip_tags(inner)
        if given:
            anchor = html.unescape(given.group(1))
            self.used.add(anchor)
        else:
            slugify = self.options.get("slugify", self.toc.slugify)
            anchor = self.toc.unique(slugify(html.unescape(name),
                                             self.options.get("separator", "-")),
                                     self.used, self.counters)
        if self.first_title is None and level == 1 and not self.tokens:
            self.first_title = html.unescape(name)
        self.tokens.append({"level": level, "id": anchor, "name": name, "html": inner,
                            "data-toc-label": ""})
        return f'<h{level} id="{anchor}">{inner}{self._permalink(anchor)}</h{level}>'

    def _permalink(self, anchor: str) -> str:
        text = self.options.get("permalink", False)
        if text in (False, None):
            return ""
        title = self.options.get("permalink_title", "Permanent link")
        title_part = f' title="{_attribute(title)}"' if title else ""
        return (f'<a class="{self.options.get("permalink_class", "headerlink")}" '
                f'href="#{anchor}"{title_part}>{"&para;" if text is True else text}</a>')


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


if __name__ == "__main__":
    sys.exit(main())
