"""Fixtures of the browser tests: Chromium, the built sites and a watched page.

Every site is built once per session into a temporary folder and served on
127.0.0.1; one Chromium serves all tests of this folder, each test gets a
fresh context. Outside CI a missing Chromium (or axe-core) skips the tests that need
it, with the reason; with ``CI=true`` it fails them, so CI never passes by
testing nothing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_reader import Watch
from e2e_site import REPO, Build, BuildError, Site, SiteSpec, serve
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, sync_playwright

E2E = Path(__file__).resolve().parent
AXE_SCRIPT = E2E / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Containers often give /dev/shm only 64 MB, too little for Chromium's renderers.
    "--disable-dev-shm-usage",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


def in_ci() -> bool:
    """True when the tests run in CI (``CI=true``), where nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> None:
    """Skip the test with ``reason``, or fail it in CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


def find_chromium() -> str | None:
    """``MASA_CHROMIUM``, else a ``chromium`` on the PATH, else Debian's path; never a download."""
    named = os.environ.get("MASA_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


# ------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        named = os.environ.get("MASA_CHROMIUM")
        unavailable(
            (f"MASA_CHROMIUM={named} is not a file" if named else "no Chromium found")
            + ": install Debian's `chromium` (apt-get install chromium) or set MASA_CHROMIUM=/path/to/chromium"
        )
    assert path is not None
    return path


class Chromium:
    """One Chromium for the browser tests, launched on first use.

    Playwright's sync API allows one running instance per thread, so the
    browser is stopped as soon as the run leaves ``tests/e2e`` (see
    ``pytest_runtest_teardown``): a test elsewhere may start Playwright itself.
    """

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def browser(self) -> Browser:
        """The running browser; launched if it is not."""
        if self._browser is None:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, headless=True, args=CHROMIUM_ARGS
            )
        return self._browser

    def stop(self) -> None:
        """Close the browser and Playwright, if they run."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None


_CHROMIUM = pytest.StashKey[Chromium]()


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest, chromium_path: str) -> Iterator[Chromium]:
    chromium = Chromium(chromium_path)
    request.session.stash[_CHROMIUM] = chromium
    try:
        yield chromium
    finally:
        chromium.stop()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Stop Chromium once the next test is not a browser test of this folder."""
    if nextitem is None or E2E not in nextitem.path.parents:
        chromium = item.session.stash.get(_CHROMIUM, None)
        if chromium is not None:
            chromium.stop()


@pytest.fixture
def browser(chromium: Chromium) -> Browser:
    return chromium.browser()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser: Browser, watch: Watch) -> Iterator[BrowserContext]:
    # A light colour scheme, so Material starts with its light palette whatever the machine prefers.
    context = browser.new_context(
        viewport=VIEWPORT, locale="en-GB", color_scheme="light", service_workers="block"
    )
    # The site is local: anything slower than this is broken, and failing fast keeps the suite fast.
    context.set_default_timeout(10_000)
    watch.attach(context)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page whose errors, dialogs and requests ``watch`` records."""
    return context.new_page()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        unavailable(f"axe-core is not installed ({AXE_SCRIPT} missing): run `npm ci --prefix tests/e2e`")
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ------------------------------------------------------------------- sites

#: Every site the tests read, by the name of its fixture.
SITES: dict[str, SiteSpec] = {
    # the example playbook at the root of the repository, internal build
    "example_site": SiteSpec(),
    # seven campaigns covering every status, outcome and initiator
    "basic_site": SiteSpec("basic"),
    # the same with `theme.language: de`
    "german_site": SiteSpec("basic", overrides={"theme": {"language": "de"}}),
    # script, markup and template syntax in every text field
    "hostile_site": SiteSpec("hostile"),
    # the public build of a playbook whose internal content carries canary words
    "public_site": SiteSpec("public", audience="public"),
    # the example playbook built by Zensical (`masa build --engine zensical`)
    "zensical_example_site": SiteSpec(engine="zensical"),
    # the basic fixture built by Zensical
    "zensical_basic_site": SiteSpec("basic", engine="zensical"),
}


#: Fixtures that stand for one site as each engine builds it (their parameter), with those sites.
ON_EACH_ENGINE: dict[str, dict[str, str]] = {
    "basic_site_on_each_engine": {"mkdocs": "basic_site", "zensical": "zensical_basic_site"},
}


@pytest.fixture(scope="session")
def site_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Build]]:
    """Start, side by side, the build of every site that a collected test needs."""
    named = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    named |= {site for name in named & ON_EACH_ENGINE.keys() for site in ON_EACH_ENGINE[name].values()}
    wanted = sorted(named & SITES.keys())
    builds = {name: SITES[name].start(name, tmp_path_factory.mktemp(name)) for name in wanted}
    try:
        yield builds
    finally:
        for build in builds.values():
            build.stop()


def _serve_site(site_builds: dict[str, Build], name: str) -> Iterator[Site]:
    try:
        root = site_builds[name].wait()
    except BuildError as error:
        pytest.fail(f"site {name!r} did not build:\n{error}", pytrace=False)
    with serve(root) as url:
        yield Site(name=name, root=root, url=url, engine=site_builds[name].engine)


@pytest.fixture(scope="session")
def example_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    yield from _serve_site(site_builds, "example_site")


@pytest.fixture(scope="session")
def basic_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    yield from _serve_site(site_builds, "basic_site")


@pytest.fixture(scope="session")
def german_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    yield from _serve_site(site_builds, "german_site")


@pytest.fixture(scope="session")
def hostile_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    yield from _serve_site(site_builds, "hostile_site")


@pytest.fixture(scope="session")
def public_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    yield from _serve_site(site_builds, "public_site")


@pytest.fixture(scope="session")
def zensical_example_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    if importlib.util.find_spec("zensical") is None:
        unavailable("Zensical is not installed: pip install 'masa-playbook[zensical]'")
    yield from _serve_site(site_builds, "zensical_example_site")


@pytest.fixture(scope="session")
def zensical_basic_site(site_builds: dict[str, Build]) -> Iterator[Site]:
    if importlib.util.find_spec("zensical") is None:
        unavailable("Zensical is not installed: pip install 'masa-playbook[zensical]'")
    yield from _serve_site(site_builds, "zensical_basic_site")


@pytest.fixture(params=["mkdocs", "zensical"])
def basic_site_on_each_engine(request: pytest.FixtureRequest) -> Site:
    """The basic fixture as MkDocs builds it and as ``masa build --engine zensical`` builds it."""
    site: Site = request.getfixturevalue(ON_EACH_ENGINE["basic_site_on_each_engine"][request.param])
    # A fallback to the other engine would make the Zensical runs pass for the wrong reason.
    assert site.engine == request.param
    return site
