"""The built site in headless Chromium, once per build engine: every page, our styles, version
switching, search, hostile evidence."""
from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.errors import BuildError
from generator.outputs.site.build import build_site
from generator.outputs.site.engines import ENGINES, engine_versions
from generator.outputs.site.versioning import page_dirs
from tests.helpers.site_fixtures import VERSIONS, make_reports

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# On CI `make test` installs both, so a missing one is a broken setup, not a reason to skip.
ON_CI = bool(os.environ.get("CI"))


def _skip_or_fail(reason: str) -> None:
    if ON_CI:
        pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright import sync_api
except ImportError:
    _skip_or_fail("the playwright package is not installed")
if not os.path.exists(CHROMIUM):
    _skip_or_fail("chromium is not installed")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


# How each engine's search is opened, where the query is typed, and what a result is
# (Zensical's dialog is its own, in a shadow root that locators pierce).
SEARCH = {"mkdocs": ("input.md-search__input", "input.md-search__input",
                     ".md-search-result__item a"),
          "properdocs": ("input.md-search__input", "input.md-search__input",
                         ".md-search-result__item a"),
          "zensical": (".md-search__button", "input[aria-label=Search]", "a[role=option]")}
MISSING_ORANGE = "rgb(230, 81, 0)"          # --ev-missing in assets/evidence-site.css


@pytest.fixture(scope="module", params=list(ENGINES))
def engine(request):
    try:
        engine_versions(ENGINES[request.param])
    except BuildError as error:
        if ON_CI:
            pytest.fail(f"{error} (CI must run the browser tests with every engine)")
        pytest.skip(str(error))
    return request.param


@pytest.fixture(scope="module")
def built(tmp_path_factory, engine):
    root = tmp_path_factory.mktemp(f"repo-{engine}")
    reports = make_reports(root)
    build_site(reports, root, root / "site", engine=engine)
    return root / "site", reports


@pytest.fixture(scope="module")
def base_url(built):
    handler = functools.partial(QuietHandler, directory=str(built[0]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        except Exception as error:      # a chromium that cannot start here
            _skip_or_fail(f"chromium does not start: {error}")
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(f"{m.text} {m.location}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_overview_shows_the_release_counts(page, base_url, built):
    _, reports = built
    for report in reports:
        page.goto(base_url + report.version + "/")
        shown = {el.get_attribute("data-status"): int(el.get_attribute("data-count"))
                 for el in page.query_selector_all(".ev-count")}
        assert shown.pop("all") == len(report.items)
        assert shown == report.counts
    assert page.errors == []


def test_version_selector_lists_every_release_and_keeps_the_page(page, base_url):
    page.goto(base_url + "v1.2.0/items/testing/smoke/")
    page.wait_for_selector(".md-version__current")
    links = page.locator(".md-version__link")
    links.first.wait_for(state="attached")
    names = [t.split()[0] for t in links.all_inner_texts()]
    assert names == ["v1.2.0", "v1.1.0", "v1.0.0"]
    page.hover(".md-version")            # the list opens on hover, as for a reader
    page.locator(".md-version__link", has_text="v1.0.0").click()
    page.wait_for_url("**/v1.0.0/items/testing/smoke/")
    assert page.locator("h1").inner_text().startswith("Smoke probe passes")
    assert page.errors == []


def test_latest_and_root_redirect_to_the_newest_release(page, base_url):
    page.goto(base_url + "latest/items/testing/smoke/")
    page.wait_for_url("**/v1.2.0/items/testing/smoke/")
    page.goto(base_url)
    page.wait_for_url("**/v1.2.0/")
    assert page.errors == []


def test_search_finds_an_item_and_opens_it(page, base_url, engine):
    opener, field, result = SEARCH[engine]
    page.goto(base_url + "v1.2.0/")
    page.locator(opener).click()
    sync_api.expect(page.locator(field)).to_be_focused()        # keys typed before that are lost
    page.keyboard.type("Smoke probe", delay=30)          # as typed, key by key
    sync_api.expect(page.locator(field)).to_have_value("Smoke probe")
    found = page.locator(f"{result}[href*='items/testing/smoke/']").first
    found.wait_for(timeout=15000)
    found.click()
    page.wait_for_url("**/v1.2.0/items/testing/smoke/**")
    assert page.locator("h1").inner_text().startswith("Smoke probe passes")
    assert page.errors == []


def test_a_closed_sidebar_group_opens_its_first_page(page, base_url, engine):
    page.goto(base_url + "v1.2.0/")
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.get_by_role("link", name="Monitoring").count() == 0     # pruned
    sidebar.get_by_role("link", name="Post-Deployment").first.click()
    page.wait_for_url("**/v1.2.0/sections/monitoring/")
    assert sidebar.get_by_role("link", name="Monitoring").first.is_visible()
    assert page.errors == []


def test_every_page_loads_with_our_styles(page, base_url, built):
    site, reports = built
    for version, report in zip(VERSIONS, reports):
        pages = page_dirs(site / version)
        fixed = 1 + 3 + 2                  # overview; sign-offs, waivers, all releases; guides
        assert len(pages) == fixed + len(report.sections) + len(report.items)
        for folder in pages:
            response = page.goto(f"{base_url}{version}/{folder}/" if folder
                                 else f"{base_url}{version}/")
            assert response.status == 200, folder
            assert page.locator("article > h1").count() == 1, folder
        assert page.errors == [], version
    page.goto(base_url + "v1.0.0/")
    badge = page.locator(".ev-status--missing").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == MISSING_ORANGE


def test_hostile_evidence_does_not_run(page, base_url):
    page.goto(base_url + "v1.2.0/items/security-configuration/tls/")
    page.wait_for_load_state("load")
    for link in page.locator(".evidence-markdown a").all():
        link.hover()
        link.click(modifiers=["Control"], no_wait_after=True)    # new tab if anything; never script
    page.locator(".evidence-markdown").first.click()
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".evidence-markdown script, .evidence-markdown iframe").count() == 0
    assert page.locator("figure.evidence-image img").evaluate("img => img.naturalWidth") == 8
    assert page.errors == []


def test_hostile_evidence_fetches_nothing_outside_the_site(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "v1.2.0/items/security-configuration/tls/")
    page.wait_for_load_state("networkidle")
    for element in page.locator(".evidence-markdown *").all():
        element.dispatch_event("mouseover")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(base_url + "v1.2.0/items/security-configuration/tls/")
    context.close()
    assert requested and [url for url in requested if not url.startswith(base_url)] == []


def test_root_pages_and_release_pages_load_without_errors(page, base_url):
    for path in ("releases/", "releases/matrix/", "releases/changes/v1.2.0/",
                 "releases/changes/v1.0.0/", "v1.2.0/releases/", "v1.1.0/waivers/",
                 "v1.2.0/signoffs/", "v1.0.0/sections/testing/"):
        page.goto(base_url + path)
        assert page.locator("h1").count() == 1, path
    page.goto(base_url + "releases/matrix/")
    cells = page.locator("td.ev-cell--failed")
    assert cells.count() == 2
    assert page.errors == []


def test_matrix_links_in_raw_html_reach_their_pages(page, base_url):
    """Relative links written as HTML, which engines resolve differently unless a page's
    source folder is its URL folder."""
    page.goto(base_url + "v1.2.0/releases/")
    page.locator("article a", has_text="Release matrix").click()   # a release to the root pages
    page.wait_for_url("**/releases/matrix/")
    row = page.locator("tr", has=page.locator(".ev-matrix__title", has_text="Smoke probe"))
    row.locator("td.ev-cell a").last.click()                  # the newest release's cell
    page.wait_for_url("**/v1.2.0/items/testing/smoke/")
    page.goto(base_url + "releases/matrix/")
    row.locator("td.ev-cell a").first.click()                 # the oldest release's cell
    page.wait_for_url("**/v1.0.0/items/testing/smoke/")
    assert page.locator("h1").inner_text().startswith("Smoke probe passes")
    page.goto(base_url + "releases/")
    page.locator("td a", has_text="v1.1.0").first.click()
    page.wait_for_url("**/v1.1.0/")
    assert page.errors == []


def test_charts_are_drawn_with_their_patterns(page, base_url):
    for path, key in (("v1.2.0/", "ev-chart-sections"), ("v1.2.0/", "ev-chart-timeline"),
                      ("releases/", "ev-chart-trend")):
        page.goto(base_url + path)
        chart = page.locator(f"figure#{key} svg[role=img]:visible")   # the wide drawing
        assert chart.count() == 1, (path, key)
        assert chart.evaluate("s => s.getBoundingClientRect().width") > 300
    page.goto(base_url + "v1.2.0/")
    patterned = page.locator("figure#ev-chart-sections rect[fill^='url(#ev-chart-sections-']")
    assert patterned.count() > 0
    assert page.errors == []


def test_section_tables_of_an_overview_have_equal_column_widths(page, base_url):
    page.goto(base_url + "v1.2.0/")
    widths = page.evaluate("""() => [...document.querySelectorAll('.md-typeset h3')]
        .map(h => h.nextElementSibling && (h.nextElementSibling.querySelector('table')
                                           || h.nextElementSibling))
        .filter(t => t && t.tagName === 'TABLE')
        .map(t => [...t.querySelectorAll('thead th')].map(th => Math.round(th.offsetWidth)))""")
    assert len(widths) >= 2
    assert all(w == widths[0] for w in widths)


@pytest.mark.parametrize("path", ["v1.2.0/signoffs/", "releases/"])
def test_signoff_and_release_tables_fit_a_phone(browser, base_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + path)
    table = page.locator("article table").first
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_a_stacked_release_names_each_value(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "releases/")
    releases = page.locator("article table").filter(has=page.locator("th", has_text="Ready"))
    ready = releases.locator("tr").nth(1).locator("td").nth(2)
    assert ready.evaluate("td => getComputedStyle(td, '::before').content") == '"Ready: "'
    context.close()


@pytest.mark.parametrize("width, shown", [(390, "phone"), (1280, "wide")])
def test_each_chart_shows_the_drawing_for_the_screen(browser, base_url, width, shown):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + "v1.2.0/")
    for figure in page.locator("figure.ev-chart").all():
        phone = figure.locator("svg.ev-chart__svg--phone")
        wide = figure.locator("svg.ev-chart__svg:not(.ev-chart__svg--phone)")
        assert (phone.is_visible(), wide.is_visible()) == (shown == "phone", shown == "wide")
    font = page.locator("figure.ev-chart svg:visible text").first.evaluate(
        "t => t.getBoundingClientRect().height")
    assert font >= 12                  # the section names: readable at either width
    context.close()
