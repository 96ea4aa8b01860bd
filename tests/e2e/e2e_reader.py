"""What a reader does with the site, as functions over a Playwright page.

``Watch`` records everything a page must not do (log an error, throw, open a
dialog, reach beyond 127.0.0.1, fail a request); ``search`` types into
Material's or Zensical's search box; ``crawl`` follows links from the home page; ``axe``
runs axe-core in the page.
"""

from __future__ import annotations

import html.parser
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Locator,
    Page,
    Request,
    Response,
    Route,
)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
#: axe-core impacts that fail a test.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@dataclass
class Watch:
    """Everything a page did that a reader's page must never do."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        """Record on every page of ``context``; abort every request that leaves the machine."""
        context.route("**/*", self._route)
        context.on("page", self._watch_page)
        context.on("requestfailed", self._request_failed)
        context.on("response", self._response)

    def _watch_page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("dialog", self._dialog)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname not in LOCAL_HOSTS:
            self.external_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def _page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request_failed(self, request: Request) -> None:
        # Requests to other hosts are aborted on purpose and reported as external;
        # ERR_ABORTED is a load the browser dropped because the page navigated on.
        if urlsplit(request.url).hostname in LOCAL_HOSTS and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def problems(self) -> dict[str, list[str]]:
        """The non-empty records, by kind."""
        records = {
            "console errors": self.console_errors,
            "uncaught exceptions": self.page_errors,
            "dialogs": self.dialogs,
            "requests leaving 127.0.0.1": self.external_requests,
            "failed requests": self.failed_requests,
        }
        return {kind: list(found) for kind, found in records.items() if found}

    def assert_clean(self) -> None:
        """Fail with every recorded problem listed."""
        problems = self.problems()
        assert not problems, "\n".join(
            f"{kind}:\n  " + "\n  ".join(found) for kind, found in problems.items()
        )


# ------------------------------------------------------------------- search


def search(page: Page, query: str, *, expect_results: bool = True, engine: str = "mkdocs") -> list[str]:
    """Type ``query`` into the site's search box, key by key as a person does; the paths of the results.

    ``engine`` says whose search the page has: Material's (``mkdocs``) or
    Zensical's (``zensical``, a dialog opened by its search button). With
    ``expect_results`` the function waits for at least one result; without,
    it waits until the search has answered and returns whatever is listed.
    Either way it returns the list once it has stopped changing: each key
    searches again, and a list shown for a prefix of the query may still be
    replaced by the list for the whole of it.
    """
    if engine == "zensical":
        box = page.locator("dialog input[role=combobox]")
        if not box.is_visible():
            page.locator(".md-search__button").first.click()
        status = page.locator("dialog [role=status]")
        links = page.locator("dialog ol[role=listbox] a[role=option]")
    else:
        box = page.locator("input.md-search__input")
        box.click()
        status = page.locator(".md-search-result__meta")
        links = page.locator(".md-search-result__item a.md-search-result__link")
    box.fill("")  # what an earlier search left in the box
    # Typed, not filled: Material searches on key events, and `fill` can go unseen.
    box.press_sequentially(query)
    if expect_results:
        links.first.wait_for(state="visible", timeout=10_000)
    else:
        status.wait_for(state="visible", timeout=10_000)
        page.wait_for_function(
            "([box, status, query]) => box.value === query"
            " && status.textContent.trim() !== '' && !/initiali/i.test(status.textContent)",
            arg=[box.element_handle(), status.element_handle(), query],
            timeout=10_000,
        )
    return _settled(page, links)


def _settled(page: Page, links: Locator) -> list[str]:
    """The paths the result links point to, once two readings 300 ms apart agree (at most 5 s)."""
    found = _paths(links)
    for _ in range(16):
        page.wait_for_timeout(300)
        again = _paths(links)
        if again == found:
            return found
        found = again
    return found


def _paths(links: Locator) -> list[str]:
    hrefs: list[str] = links.evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(href).path for href in hrefs]


# ------------------------------------------------------------------- crawl


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


@dataclass
class Crawl:
    """The pages reached from the home page, and links that led nowhere."""

    pages: set[str] = field(default_factory=set)
    broken: dict[str, str] = field(default_factory=dict)


def crawl(base_url: str) -> Crawl:
    """Follow every same-origin link from ``base_url``; paths of the HTML pages reached.

    Uses plain HTTP and an HTML parser, not the browser: the question is which
    pages the links lead to, and a parser answers it in a fraction of the time.
    """
    origin = urlsplit(base_url).netloc
    result = Crawl()
    queue = [base_url]
    seen = {base_url}
    while queue:
        url = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                kind = response.headers.get_content_type()
                body = response.read().decode("utf-8", "replace") if kind == "text/html" else ""
        except urllib.error.HTTPError as error:
            result.broken[urlsplit(url).path] = f"HTTP {error.code}"
            error.close()
            continue
        if kind != "text/html":
            continue
        result.pages.add(urlsplit(url).path)
        parser = _Links()
        parser.feed(body)
        for href in parser.hrefs:
            target = urldefrag(urljoin(url, href)).url
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") and parts.netloc == origin:
                target = parts._replace(query="").geturl()
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return result


# ------------------------------------------------------------------- palette


def settle(page: Page) -> None:
    """Wait until the page has loaded everything and drawn its charts."""
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => undefined)")


def select_dark_palette(page: Page) -> bool:
    """Pick Material's dark (slate) palette with its toggle; False when the site has none."""
    dark = page.locator("form[data-md-component='palette'] input[data-md-color-scheme='slate']")
    if dark.count() == 0:
        return False
    page.locator(f"label[for='{dark.first.get_attribute('id')}']").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    return True


# ------------------------------------------------------------------- accessibility


def axe_violations(page: Page, axe_script: Path) -> list[dict[str, Any]]:
    """Run axe-core on ``page``; its violations of serious or critical impact."""
    page.add_script_tag(path=str(axe_script))
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                           summary: n.failureSummary}))
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violating element: rule, impact, selector, markup."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}: {violation['help']}) at {node['target']}: "
                f"{node['html']}"
            )
    return "\n".join(lines)
