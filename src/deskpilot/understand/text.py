"""Plain-text helpers for customer messages: HTML to text, quoted history, signatures, sentences."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_DROP_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg"}
_BLOCK_TAGS = {"p", "div", "section", "article", "table", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
               "pre", "hr", "dl", "dt", "dd", "address", "header", "footer", "main", "center"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"}


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.drop_depth = 0
        self.quote_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self.drop_depth += 1
        elif tag == "blockquote":
            self.quote_depth += 1
            self.parts.append("\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self.drop_depth = max(0, self.drop_depth - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.drop_depth:
            return
        if self.quote_depth:
            lines = data.splitlines() or [data]
            self.parts.append("\n".join("> " + line if line.strip() else line for line in lines))
        else:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable plain text of an HTML message: blocks become lines, lists dashes, blockquotes `>` lines."""
    builder = _TextBuilder()
    try:
        builder.feed(markup)
        builder.close()
    except AssertionError:  # pragma: no cover - HTMLParser is lenient; keep the escaped text if it gives up
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = "".join(builder.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Lines that open a quoted earlier message, in the five locales and common mail clients.
_QUOTE_HEADER = re.compile(
    r"^\s*(?:"
    r"on .{3,120}\bwrote:?|"
    r"am .{3,120}\bschrieb .{0,120}:?|.{0,120}\bschrieb am .{3,80}:|"
    r"le .{3,120}\ba écrit\s*:?|"
    r"el .{3,120}\bescribió:?|"
    r".{3,120}\brašė:?|"
    r"-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"originalus laiškas|forwarded message)\s*-{2,}|"
    r"_{10,}|"
    r"(?:from|von|de|від|nuo):\s.+@.+"
    r")\s*$",
    re.IGNORECASE,
)
_SIGNATURE_DELIMITER = re.compile(r"^(?:--|—|__)\s*$")
_MOBILE_FOOTER = re.compile(r"^(?:sent from my|von meinem .* gesendet|envoyé de mon|enviado desde mi|"
                            r"išsiųsta iš)", re.IGNORECASE)


def strip_quoted(text: str) -> str:
    """The new part of a message: drops quoted history (`>` lines, "On … wrote:" blocks) and mobile footers."""
    kept: list[str] = []
    for line in text.splitlines():
        if _QUOTE_HEADER.match(line):
            break
        if line.lstrip().startswith(">") or _MOBILE_FOOTER.match(line.strip()):
            continue
        kept.append(line)
    result = "\n".join(kept).strip()
    return result if result else text.strip()


def strip_signature(text: str) -> str:
    """The message without its `-- ` signature block."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _SIGNATURE_DELIMITER.match(line) and i > 0:
            return "\n".join(lines[:i]).strip()
    return text.strip()


_GREETING_LINE = re.compile(r"^\s*[^\n]{0,40}[,!:]\s*$")
_WORD = re.compile(r"[^\W\d_]{2,}")


def message_body(text: str) -> str:
    """What the customer is saying: no quoted history, signature, greeting line or closing lines."""
    body = strip_signature(strip_quoted(text))
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) > 1 and _GREETING_LINE.match(lines[0]) and len(_WORD.findall(lines[0])) <= 5:
        lines = lines[1:]
    while len(lines) > 1 and (_GREETING_LINE.match(lines[-1]) or _looks_like_signature(lines[-1])):
        lines = lines[:-1]
    return "\n".join(lines) or body


PLACEHOLDER = re.compile(r"<([A-Z_]+)_\d+>")


def embedding_text(text: str) -> str:
    """What the sentence encoder reads: the message body with placeholders reduced to their type, case kept."""
    body = PLACEHOLDER.sub(lambda m: m.group(1).lower().replace("_", " "), message_body(text))
    return " ".join(body.split())


def _looks_like_signature(line: str) -> bool:
    """A short closing line: a name, a placeholder or a sign-off word, not a question or request."""
    words = _WORD.findall(line)
    stripped = line.strip()
    if len(words) > 3 or stripped.endswith(("?", "!")):
        return False
    return "<" in stripped or all(w[0].isupper() for w in words)


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "approx", "no", "nr", "mr", "mrs", "ms", "dr", "st", "z.b", "bzw", "ca", "usw", "str",
    "mme", "m", "env", "p.ex", "sr", "sra", "av", "avda", "núm", "pvz", "g", "pr", "al", "tel", "vs", "inkl",
}
_SENTENCE_END = re.compile(r"([.!?…]+)([\"'»”)\]]*)\s+(?=[\"'«“(\[]?[A-ZÀ-ÖØ-ÞĄČĘĖĮŠŲŪŽ0-9¿¡<])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a message in any of the five locales; lines and list items are sentences of their own."""
    sentences: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            before = line[start:match.start(1)]
            last_word = before.rsplit(" ", 1)[-1].lower().rstrip(".")
            if match.group(1) == "." and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-zà-ž]", last_word)):
                continue
            sentences.append(line[start:match.end(2)].strip())
            start = match.end()
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def normalise_whitespace(text: str) -> str:
    """Collapse runs of blanks and blank lines."""
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()
