"""The console's translatable strings: templates mark text with ``_()``; catalogs are JSON files in ``locales/``
mapping the English text to its translation, and a missing entry falls back to English."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

SOURCE_LANGUAGE = "en"
LANGUAGE_COOKIE = "deskpilot_lang"


def locales_root() -> Path:
    """The folder of translation catalogs (one ``xx.json`` per interface language)."""
    return Path(str(resources.files("deskpilot.console").joinpath("locales")))


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The interface languages: English plus every shipped catalog."""
    return (SOURCE_LANGUAGE, *sorted(p.stem for p in locales_root().glob("*.json") if p.stem != SOURCE_LANGUAGE))


@lru_cache(maxsize=16)
def catalog(language: str) -> dict[str, str]:
    """A language's translations (empty for English or an unknown language)."""
    path = locales_root() / f"{language}.json"
    if language == SOURCE_LANGUAGE or not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items() if v}


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The interface language: the chosen one (cookie), else the browser's best supported one, else English."""
    available = languages()
    if cookie in available:
        return cookie or SOURCE_LANGUAGE
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((quality, tag.split("-")[0].lower()))
    for _, tag in sorted(ranked, key=lambda r: -r[0]):
        if tag in available:
            return tag
    return SOURCE_LANGUAGE


def translate(language: str, message: str) -> str:
    """``message`` in ``language`` (English when the catalog has no entry)."""
    return catalog(language).get(message, message)


def language_of(request: HTTPConnection) -> str:
    """The interface language of a request: its chosen language (cookie), else its browser's best supported one."""
    return pick_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def request_language(context: Context) -> str:
    """The language of the request a template renders for (English without one)."""
    request = context.get("request")
    return SOURCE_LANGUAGE if request is None else language_of(request)


def install(env: Environment, language_of: Callable[[Context], str] = request_language) -> None:
    """Give templates ``_()``, ``gettext`` and ``ngettext`` (with ``%(name)s`` placeholders) in the language
    ``language_of`` finds (by default the request's), ``language`` (its code) and ``languages`` (those offered)."""

    @pass_context
    def gettext(context: Context, message: str) -> Markup:
        # escaped: templates also translate words taken from data and the query string (``_(value)``)
        return escape(translate(language_of(context), message))

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> Markup:
        return escape(translate(language_of(context), singular if n == 1 else plural))

    @pass_context
    def current_language(context: Context) -> str:
        return language_of(context)

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["languages"] = languages()
    env.globals["current_language"] = current_language


def python_messages() -> set[str]:
    """Strings translated in Python rather than templates: the console's terms and the report's chart texts."""
    from deskpilot.console.messages import TERMS
    from deskpilot.reports.weekly import CHART_TEXTS

    return {*TERMS, *CHART_TEXTS}


def template_messages(env: Environment, *folders: Path) -> set[str]:
    """Every string to translate: those marked in the templates of ``folders`` and those translated from Python."""
    found = python_messages()
    for folder in folders:
        for path in sorted(folder.glob("*.html")):
            source = path.read_text(encoding="utf-8")
            for _, _, message in env.extract_translations(source):  # type: ignore[attr-defined]
                if isinstance(message, str):
                    found.add(message)
                elif isinstance(message, tuple):
                    found.update(m for m in message if isinstance(m, str))
    return found


def catalog_problems(env: Environment, *folders: Path) -> dict[str, Any]:
    """Per shipped catalog: marked strings it lacks and entries nothing uses (give every folder of templates)."""
    marked = template_messages(env, *folders)
    report: dict[str, Any] = {}
    for language in languages()[1:]:
        entries = set(json.loads((locales_root() / f"{language}.json").read_text(encoding="utf-8")))
        report[language] = {"missing": sorted(marked - entries), "unused": sorted(entries - marked)}
    return report
