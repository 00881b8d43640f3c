"""No page of the demo shows a raw key or an English word in German mode.

Every role (the seven demo logins, the public and the IT administration) starts at its start page
and follows every link of the site breadth-first; every page pattern that no link reaches is
added with demo objects. The text a person sees on each page (text, the values of ``title``,
``aria-label``, ``alt``, ``placeholder``, buttons, options) is searched for

- the key of every ``TextChoices`` of our apps that differs from its German label,
- every criterion of the demo's priority list and of the example priority list,
- the engine's own words (forecast methods, classes of the social monitoring),
- ``None``/``True``/``False``/``nan`` and English column words (``value``, ``year``, …).

Text inside ``<code>``, ``<pre>``, ``<kbd>`` and ``<samp>`` is exempt: that is where a page
shows on purpose what a machine file must contain (an indicator's key for an import, the rules
of the priority list as decided). Pages are deduplicated by URL pattern and object (the query
string and further objects of the same pattern beyond a few are left out), so the crawl takes
well under a minute.
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from collections import defaultdict, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

ALL_PARTS = (
    "process",
    "allocation",
    "monitoring",
    "forecast",
    "events",
    "consultations",
    "news",
    "region",
)

# The seven demo logins, the IT administration and the public (None).
ROLES = (
    "koordination",
    "fachamt",
    "wohnungsamt",
    "vermieter",
    "sozialtraeger",
    "politik",
    "mitglied",
    "admin",
    None,
)

# Objects of one URL pattern visited per role (the first ones the links lead to).
OBJECTS_PER_PATTERN = 6

# Pages that are not HTML pages for people, or change state on GET.
SKIP_URL_NAMES = frozenset(
    {
        "logout",
        "set_language",
        "health",
        "meetings:document",  # uploaded files as they are
        "reports:download",  # generated report files
        "forecast:download",
        "forecast:download_inputs",
        "monitoring:download",
        "monitoring:import_template",
        "concept:workbook_download",
        "allocation:household_export",
    }
)
FILE_SUFFIX = re.compile(r"\.(?:csv|xlsx|zip|json|geojson|ics|pdf|txt|png|svg|toml)$")

# Elements whose text is not shown; elements that show machine text on purpose.
HIDDEN = frozenset({"script", "style", "template", "head"})
VERBATIM = frozenset({"code", "pre", "kbd", "samp"})
DJANGO_ADMIN_ICONS = "/static/admin/img/icon-"
# Django's permission rows ("Can change …") are named in English by Django itself; our
# permissions are named rules, these rows are not used.
DJANGO_PERMISSIONS = frozenset({"user_permissions", "permissions"})
VISIBLE_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

# Words of Python and of English tables that never belong on a German page.
ENGLISH = (
    "None",
    "True",
    "False",
    "nan",
    "NaN",
    "Method",
    "method",
    "checked by",
    "value",
    "Value",
    "area",
    "Area",
    "indicator",
    "Indicator",
    "year",
    "Year",
    "status",
    "points",
    "household_id",
)

# The engine's own words: the forecast methods and the classes of the social monitoring.
ENGINE_KEYS = ("municipal", "ccmpp-un", "sehr_niedrig")


class VisibleText(HTMLParser):
    """The text of a page as a person sees it, with the visible attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, is its text left out?)
        self._chart = False

    def _skipping(self) -> bool:
        return bool(self._open) and self._open[-1][1]

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        self._chart = tag == "script" and values.get("type") == "application/json"
        # translate="no" is HTML's mark of text that must stay as it is (a machine file).
        skip = (
            self._skipping()
            or tag in HIDDEN
            or tag in VERBATIM
            or values.get("translate") == "no"
            or (tag == "select" and values.get("name") in DJANGO_PERMISSIONS)
        )
        if tag not in VOID:
            self._open.append((tag, skip))
        if skip or values.get("src", "").startswith(DJANGO_ADMIN_ICONS):
            return  # (Django's own yes/no icons say alt="True"/"False")
        if tag == "input" and values.get("type") == "hidden":
            return
        self.parts += [values[name] for name in VISIBLE_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.parts.append(values.get("value", ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        if self._open and self._open[-1][0] == "script" and self._chart:
            self.parts += chart_texts(json.loads(data))
        elif not self._skipping() and data.strip():
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(part.split()) for part in self.parts)


CHANNELS = frozenset({"x", "y", "x2", "y2", "color", "size", "shape", "opacity", "theta"})


def chart_texts(spec) -> list[str]:
    """What a chart (a Vega-Lite spec in a JSON script) shows as text: titles, and the field
    name of an axis or legend without a title (Vega-Lite shows the field's name then)."""
    if isinstance(spec, list):
        return [text for item in spec for text in chart_texts(item)]
    if not isinstance(spec, dict):
        return []
    texts: list[str] = []
    for key, value in spec.items():
        if key in {"title", "text", "description"} and isinstance(value, str):
            texts.append(value)
        elif key == "encoding" and isinstance(value, dict):
            texts += _encoding_texts(value)
        elif key != "data":
            texts += chart_texts(value)
    return texts


def _encoding_texts(encoding: dict) -> list[str]:
    texts: list[str] = []
    for channel, value in encoding.items():
        if channel in CHANNELS and isinstance(value, dict):
            if "title" not in value and value.get("field"):
                texts.append(str(value["field"]))
            texts += chart_texts(value)
    return texts


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.text()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href") and "download" not in values:
            self.hrefs.append(values["href"])


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def _choices(cls: type = models.Choices):
    for sub in cls.__subclasses__():
        yield sub
        yield from _choices(sub)


def _looks_like_key(value: str, german_words: set[str]) -> bool:
    """``threatened_with_eviction``, ``ccmpp-un``, ``annual`` – but not ``offen`` or
    ``versorgt``: a plain word that begins a word of any German label is German itself."""
    if not value or value.isdigit():
        return False
    if "_" in value:
        return True
    if not (value.isascii() and value.replace("-", "_").isidentifier()) or len(value) < 3:
        return False
    return not any(word.startswith(value.lower()) for word in german_words)


def choice_keys() -> dict[str, str]:
    """key → where it comes from, for every key-like value of our enums."""
    get_resolver().url_patterns  # noqa: B018 - loads every view: views and forms define enums too

    enums = [enum for enum in _choices() if enum.__module__.startswith("wohnbuendnis.")]
    german_words = {
        word.lower()
        for enum in enums
        for label in enum.labels
        for word in re.findall(r"\w+", str(label))
    }
    keys = {}
    for enum in enums:
        for value in enum.values:
            if isinstance(value, str) and _looks_like_key(value, german_words):
                keys[value] = f"{enum.__module__}.{enum.__qualname__}"
    return keys


def criterion_keys() -> set[str]:
    from wohnbuendnis.allocation.models import PriorityScheme

    example = Path(__file__).resolve().parents[2] / "analytics/allocation/example_scheme.toml"
    keys = set(tomllib.loads(example.read_text())["criteria"])
    for scheme in PriorityScheme.objects.all():
        keys |= set(tomllib.loads(scheme.toml).get("criteria", {}))
    return keys


def searched_tokens() -> dict[str, str]:
    tokens = {key: f"Schlüssel aus {origin}" for key, origin in choice_keys().items()}
    tokens |= {key: "Kriterium der Prioritätenliste" for key in criterion_keys()}
    tokens |= {key: "Wort der Rechenmodule" for key in ENGINE_KEYS}
    tokens |= {word: "englisches Wort" for word in ENGLISH}
    return tokens


def token_pattern(tokens) -> re.Pattern[str]:
    words = sorted(tokens, key=len, reverse=True)
    return re.compile(r"(?<![\w\-/.])(" + "|".join(map(re.escape, words)) + r")(?![\w\-])")


def _pattern_of(path: str):
    """(the URL pattern's name, its object) of a path of the site, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    return name, tuple(sorted(match.kwargs.items())), match.route


def _ours(path: str) -> bool:
    """Admin pages of our apps (those of third-party apps speak their authors' language)."""
    from django.apps import apps

    parts = path.split("/")
    if parts[1] != "admin" or len(parts) < 4 or not parts[2]:
        return True
    try:
        return apps.get_app_config(parts[2]).name.startswith("wohnbuendnis.")
    except LookupError:
        return True


def _wanted(url: str) -> str | None:
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or (parts.netloc and parts.netloc != "testserver"):
        return None
    if not parts.path.startswith("/") or FILE_SUFFIX.search(parts.path) or not _ours(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawl:
    """One role's walk through the site; what it finds goes to ``findings``."""

    def __init__(self, client: Client, pattern: re.Pattern[str], usernames: set[str]) -> None:
        self.client, self.pattern, self.usernames = client, pattern, usernames
        self.findings: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        self.seen_names: set[str] = set()
        self.visited = 0
        self._queue: deque[str] = deque()
        self._seen_keys: set = set()
        self._seen_objects: set = set()
        self._objects_per_route: dict[str, int] = defaultdict(int)

    def run(self, *urls: str) -> None:
        self._queue.extend(urls)
        while self._queue:
            self._visit(self._queue.popleft())

    def search(self, url: str, name: str, html: str) -> None:
        text = visible_text(html)
        for hit in self.pattern.finditer(text):
            if url.startswith("/admin/") and hit.group(1) in self.usernames:
                continue  # IT looks accounts up by their user names
            context = text[max(0, hit.start() - 60) : hit.end() + 60]
            self.findings[(name, hit.group(1))].append((url, context))

    def _visit(self, url: str) -> None:
        resolved = _pattern_of(urlsplit(url).path)
        if resolved is None:
            return
        name, kwargs, route = resolved
        # a page with other query parameters (another year, indicator, variant) is another
        # view of the object; their values, the admin's sorting and filters are not
        parts = urlsplit(url)
        query = "" if url.startswith("/admin/") else parts.query
        variant = frozenset(key for key, _value in parse_qsl(query, keep_blank_values=True))
        if name in SKIP_URL_NAMES or (name, kwargs, variant) in self._seen_keys:
            return
        if (name, kwargs) not in self._seen_objects:
            if self._objects_per_route[route] >= OBJECTS_PER_PATTERN:
                return
            self._objects_per_route[route] += 1
            self._seen_objects.add((name, kwargs))
        self._seen_keys.add((name, kwargs, variant))
        response = self.client.get(url)
        self.visited += 1
        if response.status_code in {301, 302}:
            target = _wanted(response["Location"])
            if target:
                self._queue.append(target)
            return
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return
        self.seen_names.add(name)
        html = response.content.decode()
        self.search(url, name, html)
        for href in links(html):
            target = _wanted(href)
            if target:
                self._queue.append(target)


def _all_patterns(resolver=None, prefix=""):
    """(view name, pattern) of every named page of the URLconf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _all_patterns(entry, namespace)
        elif entry.name and not prefix.startswith("admin:"):
            yield f"{prefix}{entry.name}", entry.pattern


def unreached_urls(seen_names: set[str], alliance) -> list[str]:
    """Addresses of the pages no link led to, with demo objects: the alliance, and the first
    object of each kind (every table of the demo starts at 1)."""
    from django.urls import NoReverseMatch, reverse

    urls = []
    for name, pattern in _all_patterns():
        if name in seen_names or name in SKIP_URL_NAMES:
            continue
        kwargs = {}
        for key, converter in getattr(pattern, "converters", {}).items():
            kind = type(converter).__name__
            if kind == "SlugConverter" and key == "slug":
                kwargs[key] = alliance.slug
            elif kind == "IntConverter":
                kwargs[key] = 1
            else:
                break
        else:
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(name, kwargs=kwargs))
    return urls


def import_previews(client: Client, alliance) -> list[str]:
    """The previews of an observations import: the alliance's own template filled in, and a
    file with a wrong column (its problems are listed)."""
    from django.urls import reverse

    template = client.get(reverse("monitoring:import_template", args=[alliance.slug, "csv"]))
    lines = template.content.decode("utf-8-sig").splitlines()
    filled = [lines[0]] + [line.replace(";;", ";1234,5;", 1) for line in lines[1:]]
    wrong = ["Indikator;Gebiet;Jahr;Menge", "population;x;2020;1"]
    previews = []
    for name, rows in (("vorlage.csv", filled), ("falsch.csv", wrong)):
        upload = SimpleUploadedFile(name, "\n".join(rows).encode(), content_type="text/csv")
        response = client.post(
            reverse("monitoring:import", args=[alliance.slug]),
            {"kind": "observations", "file": upload},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        previews.append(response["Location"])
    return previews


@pytest.mark.demo_parts(*ALL_PARTS)
def test_no_page_of_the_demo_shows_a_raw_key_or_english(demo_alliance, django_user_model):
    tokens = searched_tokens()
    pattern = token_pattern(tokens)
    usernames = set(django_user_model.objects.values_list("username", flat=True))
    findings: dict = defaultdict(list)
    seen_names: set[str] = set()
    visited = 0
    for username in ROLES:
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        if username:
            client.force_login(django_user_model.objects.get(username=username))
        crawl = Crawl(client, pattern, usernames)
        crawl.run("/")
        crawl.run(*unreached_urls(crawl.seen_names, demo_alliance))
        if username == "fachamt":
            crawl.run(*import_previews(client, demo_alliance))
        for key, hits in crawl.findings.items():
            findings[key] += hits
        seen_names |= crawl.seen_names
        visited += crawl.visited
    unreached = sorted({name for name, _ in _all_patterns()} - seen_names - SKIP_URL_NAMES)
    print(f"{visited} pages visited; no role reached: {', '.join(unreached)}")
    report = []
    for (name, token), hits in sorted(findings.items()):
        url, context = hits[0]
        report.append(f"{url} ({name}, {len(hits)}×) → {token!r} [{tokens[token]}]: …{context}…")
    assert not report, f"{len(report)} raw keys or English words on German pages:\n" + "\n".join(
        report
    )


def test_the_search_reads_what_people_see_and_only_that():
    html = (
        '<p title="Method">Text <b>year</b></p><script>let x = "None";</script>'
        "<style>.area {}</style><code>indicator</code>"
        '<textarea translate="no">homeless = 60</textarea><select><option>status</option></select>'
        '<input type="hidden" value="True"><input type="submit" value="False">'
        '<img src="/static/admin/img/icon-no.svg" alt="nan"><img src="x.png" alt="value">'
        '<script type="application/json">{"encoding": {"x": {"field": "points"},'
        ' "y": {"field": "n", "title": "Anzahl"}}, "data": {"values": [{"n": "None"}]}}</script>'
    )
    found = set(token_pattern(ENGLISH).findall(visible_text(html)))
    assert found == {"Method", "year", "status", "False", "value", "points"}


def test_german_words_used_as_keys_are_not_searched_but_english_keys_are():
    keys = choice_keys()
    assert {"offen", "versorgt", "koordination"}.isdisjoint(keys)
    assert {"sozialtraeger", "annual", "view", "weighted_mean"} <= set(keys)
