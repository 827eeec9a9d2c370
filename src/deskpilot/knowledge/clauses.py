"""Split an article version into citable clauses with ids that survive unchanged text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SECTION_NO = re.compile(r"^(\d+(?:\.\d+)*)[.)]?\s+")
_ORDERED = re.compile(r"^\s*(\d+(?:\.\d+)*)[.)]\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")


@dataclass(frozen=True)
class ClauseDraft:
    """A clause before storage: positional anchor, section title and text."""

    anchor: str
    section: str | None
    text: str

    @property
    def text_hash(self) -> str:
        """Hash of the whitespace-normalised text, used to keep ids stable."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """SHA-256 of whitespace-normalised text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def split_clauses(body: str) -> list[ClauseDraft]:
    """Paragraphs, list items, numbered rules and table rows of a Markdown body, in order."""
    clauses: list[ClauseDraft] = []
    section_title: str | None = None
    section_no = "0"
    unnamed_sections = 0
    counter = 0
    paragraph: list[str] = []
    table_header: list[str] | None = None

    def emit(text: str) -> None:
        nonlocal counter
        text = " ".join(text.split())
        if not text:
            return
        counter += 1
        clauses.append(ClauseDraft(anchor=f"{section_no}.{counter}", section=section_title, text=text))

    def flush() -> None:
        if paragraph:
            emit(" ".join(paragraph))
            paragraph.clear()

    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        heading = _HEADING.match(line)
        if heading:
            flush()
            table_header = None
            if len(heading.group(1)) == 1:
                continue
            title = heading.group(2).strip()
            numbered = _SECTION_NO.match(title)
            unnamed_sections += 1
            section_no = numbered.group(1) if numbered else str(unnamed_sections)
            section_title = title
            counter = 0
            continue
        if not line.strip():
            flush()
            table_header = None
            continue
        if line.lstrip().startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if _TABLE_SEP.match(line.strip().strip("|")):
                continue
            if table_header is None:
                table_header = cells
                continue
            emit("; ".join(f"{h}: {c}" if h else c for h, c in zip(table_header, cells, strict=False)))
            continue
        ordered = _ORDERED.match(line)
        bullet = _BULLET.match(line)
        if ordered or bullet:
            flush()
            paragraph.append(ordered.group(2) if ordered else bullet.group(1))  # type: ignore[union-attr]
            continue
        if raw.startswith(("  ", "\t")) and paragraph:
            paragraph.append(line.strip())
            continue
        paragraph.append(line.strip())
    flush()
    return clauses


def assign_keys(article_key: str, drafts: list[ClauseDraft], previous: dict[str, str]) -> list[str]:
    """Clause keys for a new version: unchanged text keeps its previous key, the rest take free anchors.

    ``previous`` maps text hash → key in the previous version.
    """
    keys: list[str | None] = [previous.get(d.text_hash) for d in drafts]
    used = {k for k in keys if k}
    for i, draft in enumerate(drafts):
        if keys[i]:
            continue
        candidate = f"{article_key}#{draft.anchor}"
        suffix = 1
        while candidate in used:
            suffix += 1
            candidate = f"{article_key}#{draft.anchor}-{suffix}"
        keys[i] = candidate
        used.add(candidate)
    return [k for k in keys if k]
