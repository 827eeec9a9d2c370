"""HTML pages and HTML article bodies → Markdown that keeps headings, lists and tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from deskpilot.knowledge.markdown import ArticleDocument, ArticleFormatError

SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "button", "iframe",
             "template"}
BOILERPLATE = re.compile(r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|footer|sidebar|cookie|banner|skip|share|"
                         r"social|related|search)([-_\s]|$)", re.IGNORECASE)
BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "pre", "br", "tr", "table", "ul", "ol", "dl",
          "dd", "dt"}
VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param",
        "track"}


class _MarkdownBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.lists: list[list[int | str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.header_done = False
        self.title: str | None = None
        self.in_title = False
        self.h1: str | None = None
        self.lang: str | None = None
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "html" and attr.get("lang"):
            self.lang = attr["lang"].split("-")[0].lower()
        if tag == "title":
            self.in_title = True
        skipping = tag in SKIP_TAGS or bool(BOILERPLATE.search(f"{attr.get('class', '')} {attr.get('id', '')}")) \
            or attr.get("role") in ("navigation", "banner", "contentinfo") or "hidden" in attr
        if tag not in VOID:
            self.stack.append((tag, skipping))
            if skipping:
                self.skip_depth += 1
        if self.skip_depth:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.prefix = "#" * int(tag[1]) + " "
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            if self.lists:
                kind = self.lists[-1]
                kind[1] = int(kind[1]) + 1
                indent = "  " * (len(self.lists) - 1)
                self.prefix = f"{indent}{kind[1]}. " if kind[0] == "ol" else f"{indent}- "
            else:
                self.prefix = "- "
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br":
            self.current.append(" ")
        elif tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in VOID:
            return
        while self.stack:
            open_tag, skipping = self.stack.pop()
            if skipping:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if self.skip_depth:
            return
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()).replace("|", "/"))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("| " + " | ".join(self.row) + " |")
                if not self.header_done:
                    self.lines.append("|" + "---|" * len(self.row))
                    self.header_done = True
            self.row = None
        elif tag == "table":
            self.lines.append("")
            self.header_done = False
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.lines.append("")
        elif re.fullmatch(r"h[1-6]", tag) or tag == "li" or tag in BLOCKS:
            text = self._flush()
            if tag == "h1" and text and self.h1 is None:
                self.h1 = text

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data
            return
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)

    def _flush(self) -> str:
        text = " ".join("".join(self.current).split())
        self.current = []
        prefix, self.prefix = self.prefix, ""
        if text:
            heading = prefix.startswith("#")
            if heading or (not prefix and self.lines and self.lines[-1]):
                self.lines.append("")
            self.lines.append(f"{prefix}{text}")
            if heading:
                self.lines.append("")
        return text

    def markdown(self) -> str:
        self._flush()
        out = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def html_to_markdown(html: str) -> tuple[str, str | None, str | None]:
    """Markdown body, the page title (h1, else <title>) and the <html lang> of an HTML document."""
    builder = _MarkdownBuilder()
    builder.feed(html)
    builder.close()
    title = builder.h1 or (" ".join(builder.title.split()) if builder.title else None)
    return builder.markdown(), title, builder.lang


def read_html_pages(path: Path, *, default_locale: str | None = None) -> list[ArticleDocument]:
    """Every ``*.html``/``*.htm`` page under a folder as an article (id = file name, locale = <html lang>)."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    files = [path] if path.is_file() else sorted([*path.rglob("*.html"), *path.rglob("*.htm")])
    docs = []
    for file in files:
        raw = file.read_bytes()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("windows-1252", errors="replace")
        body, title, lang = html_to_markdown(html)
        locale = lang or default_locale
        if not locale:
            raise ArticleFormatError(f"{file}: no <html lang> and no --locale given")
        main_title = title or file.stem
        if body.startswith("# "):
            body = body.split("\n", 1)[1].lstrip() if "\n" in body else ""
        docs.append(ArticleDocument(slug=_slug(file.stem), locale=locale, title=main_title, body=body))
    return docs


def _slug(name: str) -> str:
    from deskpilot.knowledge.importers.jsonl import slugify

    return slugify(name)
