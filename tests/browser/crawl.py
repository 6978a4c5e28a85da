"""Crawl what a logged-in person can reach from the main menu and check every page.

Used by the browser journeys after each state change: for one role, start at the menu
links, follow same-origin links of the pages reached (breadth first, bounded in depth and
count), skip downloads and anything that is not a page, and report per page: a 5xx, an
empty response (or a dropped connection), and raw identifiers in the visible text
(snake_case words, ``None``, Python list or dict syntax) or English error sentences
while the interface is in Indonesian.

Pages are fetched through the browser context's request API: the same cookies and session
as the person's browser, without rendering every page (the machine is small). The visible
text is what an HTML parser keeps outside scripts, styles, templates and hidden elements,
plus the attributes a person reads (placeholder, title, alt, aria-label, button values); text in
<code> and <kbd> is what people type (the search syntax) and is not checked.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Links that are not pages to read: files, images, JSON, exports, the API, the asset folder.
SKIP_PATH = re.compile(r"(\.(pdf|jpg|jpeg|png|tif|tiff|csv|zip|json)$)|^/(static|api)/|/(original|attachment|download)"
                       r"(/|$)|^/search/suggest|^/documents/status|^/logout|^/language/")
SKIP_QUERY = re.compile(r"(^|&)(format|export)=")

SNAKE = re.compile(r"(?<![\w./@:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-]|\.[a-z])")
NONE_WORD = re.compile(r"\bNone\b")
PY_LIST = re.compile(r"\[\s*\]|\[\s*'[^']*'(?:\s*,\s*'[^']*')*\s*\]|\{\s*'[^']*'\s*:")
# Words of English error and validation sentences that have no place in the Indonesian UI.
ENGLISH = re.compile(r"\b(cannot|can't|must be|must not|is required|is not|are not|not allowed|not found|invalid|"
                     r"please|should|the|of the|already|failed to|error)\b", re.IGNORECASE)
MAX_SAMPLE = 80


def raw_identifiers(text: str, language: str = "id", allowed: frozenset[str] = frozenset()) -> list[str]:
    """Fragments of ``text`` that look like program identifiers rather than words for people.

    ``allowed`` holds data typed by people that may legitimately look like one (user names,
    file names). English sentences are reported only when ``language`` is Indonesian.
    """
    found = [m.group(0) for m in SNAKE.finditer(text) if m.group(0) not in allowed]
    found += [m.group(0) for m in NONE_WORD.finditer(text)]
    found += [m.group(0) for m in PY_LIST.finditer(text)]
    if language == "id":
        found += [_around(text, m) for m in ENGLISH.finditer(text) if not _inside_allowed(text, m, allowed)]
    return found


def _around(text: str, m: re.Match) -> str:
    start, end = max(0, m.start() - 30), min(len(text), m.end() + 30)
    return " ".join(text[start:end].split())


def _inside_allowed(text: str, m: re.Match, allowed: frozenset[str]) -> bool:
    return any(word in _around(text, m) and m.group(0).lower() in word.lower() for word in allowed)


class _Page(HTMLParser):
    """Visible text and links of one HTML page."""

    # Not read as sentences: scripts and the like, and what people type (search syntax shown as code).
    HIDDEN_TAGS = {"script", "style", "template", "noscript", "head", "title", "code", "kbd", "samp"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    READ_ATTRS = ("placeholder", "title", "alt", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._stack: list[bool] = []  # per open element: is it hidden?

    def _hidden(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        hidden = tag in self.HIDDEN_TAGS or "hidden" in a or a.get("aria-hidden") == "true" or (
            tag == "input" and a.get("type") == "hidden")
        if not (hidden or self._hidden()):
            self.texts += [a[name] for name in self.READ_ATTRS if a.get(name)]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"])
            if tag == "a" and a.get("href") and "download" not in a:
                self.links.append(a["href"])
        if tag not in self.VOID:
            self._stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.texts.append(data.strip())


def parse_page(html: str) -> tuple[str, list[str]]:
    """(visible text, hrefs of the links a person can follow)."""
    parser = _Page()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.texts), parser.links


@dataclass
class Problem:
    url: str
    kind: str  # server_error | empty | raw_text | unreachable
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} at {self.url}: {self.detail}"


@dataclass
class CrawlReport:
    role: str
    language: str
    visited: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.role} [{self.language}]: {len(self.visited)} pages, {len(self.problems)} problems"]
        return "\n".join(lines + [f"  {p}" for p in self.problems[:MAX_SAMPLE]])


def _followable(base: str, page_url: str, href: str) -> str | None:
    url = urldefrag(urljoin(page_url, href)).url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != base:
        return None
    if SKIP_PATH.search(parts.path) or SKIP_QUERY.search(parts.query):
        return None
    return url


def _fetch(request, url: str) -> tuple[int, str, str] | Problem:
    """(status, content type, body) or the problem that stopped the fetch."""
    try:
        response = request.get(url, timeout=60_000, max_redirects=5)
        body = response.body()
    except Exception as exc:  # a dropped connection surfaces as a Playwright error
        return Problem(url, "empty" if "empty" in str(exc).lower() or "closed" in str(exc).lower() else "unreachable",
                       str(exc).splitlines()[0][:200])
    return response.status, response.headers.get("content-type", ""), body.decode("utf-8", "replace")


def check_page(url: str, status: int, content_type: str, body: str, language: str,
               allowed: frozenset[str]) -> tuple[list[Problem], list[str]]:
    """Problems of one fetched page and its links."""
    if status >= 500:
        return [Problem(url, "server_error", f"HTTP {status}")], []
    if not body.strip():
        return [Problem(url, "empty", f"HTTP {status} with an empty body")], []
    if "text/html" not in content_type:
        return [], []
    text, links = parse_page(body)
    if not text.strip():
        return [Problem(url, "empty", f"HTTP {status}: no visible text")], links
    return [Problem(url, "raw_text", repr(hit)) for hit in dict.fromkeys(raw_identifiers(text, language, allowed))], links


def crawl(context, base: str, role: str, language: str, *, start: list[str] | None = None, depth: int = 2,
          limit: int = 40, allowed: frozenset[str] = frozenset()) -> CrawlReport:
    """Visit up to ``limit`` pages reachable within ``depth`` links of the menu (or ``start``)."""
    report = CrawlReport(role, language)
    request = context.request
    queue: deque[tuple[str, int]] = deque()
    seen: set[str] = set()
    if start is None:
        fetched = _fetch(request, base + "/")
        start = [base + "/"]
        if not isinstance(fetched, Problem) and "text/html" in fetched[1]:
            start += [u for u in (_followable(base, base + "/", h) for h in _menu_links(fetched[2])) if u]
    for url in start:
        if _shape(url) not in seen:
            seen.add(_shape(url))
            queue.append((url, 0))
    while queue and len(report.visited) < limit:
        url, level = queue.popleft()
        fetched = _fetch(request, url)
        report.visited.append(url)
        if isinstance(fetched, Problem):
            report.problems.append(fetched)
            continue
        problems, links = check_page(url, *fetched, language=language, allowed=allowed)
        report.problems += problems
        if level >= depth:
            continue
        for href in links:
            target = _followable(base, url, href)
            if target and _shape(target) not in seen:
                seen.add(_shape(target))
                queue.append((target, level + 1))
    return report


def _shape(url: str) -> str:
    """Pages that differ only in paging or one page number of a letter count as one."""
    parts = urlsplit(url)
    query = "&".join(sorted(p for p in parts.query.split("&") if p and not p.startswith(("page=", "q="))))
    return f"{parts.path}?{query}"


def _menu_links(html: str) -> list[str]:
    match = re.search(r'<nav class="mainnav".*?</nav>', html, re.S)
    return parse_page(match.group(0))[1] if match else []


def set_language(page, base: str, code: str) -> None:
    """Switch the interface language the way a person does: the language button in the top bar."""
    page.goto(base + "/")
    page.click(f"form[action$='/language/{code}'] button")
    page.wait_for_load_state()


def crawl_roles(pages: dict, base: str, *, languages=("id", "en"), allowed: frozenset[str] = frozenset(),
                **options) -> list[CrawlReport]:
    """Crawl for each role (name -> logged-in Playwright page) in each language; back to Indonesian after.

    The language is switched in a second tab of the person's browser context (same session), so
    the page the journey is on is not navigated away."""
    reports = []
    for role, person in pages.items():
        page = person.context.new_page()  # the person's own page stays where the journey left it
        try:
            for language in languages:
                set_language(page, base, language)
                reports.append(crawl(page.context, base, role, language, allowed=allowed, **options))
            if languages[-1] != "id":
                set_language(page, base, "id")
        finally:
            page.close()
    return reports


def assert_clean(reports: list[CrawlReport], when: str) -> None:
    """Fail with every problem of every crawl (not just the first)."""
    bad = [r for r in reports if r.problems]
    assert not bad, f"crawl after {when}:\n" + "\n".join(r.summary() for r in bad)
    assert all(r.visited for r in reports), f"crawl after {when} reached no page"
