"""Plain-text helpers on real-looking messages."""

from __future__ import annotations

from deskpilot.understand.text import html_to_text, split_sentences, strip_quoted, strip_signature


def test_html_to_text_keeps_blocks_and_lists_and_drops_scripts() -> None:
    html = ("<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
            "<p>Hello,</p><p>my parcel&nbsp;is late.</p><ul><li>order #W2611340</li><li>since Monday</li></ul>"
            "<blockquote>old reply</blockquote></body></html>")
    text = html_to_text(html)
    assert "alert" not in text and "color" not in text
    assert text.splitlines()[:2] == ["Hello,", ""] or text.startswith("Hello,\n")
    assert "my parcel is late." in text
    assert "- order #W2611340" in text and "- since Monday" in text
    assert "> old reply" in text


def test_strip_quoted_removes_history_in_every_locale() -> None:
    for header in ("On 2026-11-20 10:00 Lumio Support <support@lumio.example> wrote:",
                   "Am 20.11.2026 schrieb Lumio Support <support@lumio.example>:",
                   "Le 20/11/2026, Lumio Support a écrit :",
                   "El 20/11/2026, Lumio Support escribió:",
                   "2026-11-20 Lumio Support <support@lumio.example> rašė:"):
        text = f"Still no parcel.\n\n{header}\n> Your parcel is on its way."
        assert strip_quoted(text) == "Still no parcel.", header


def test_strip_quoted_drops_angle_quotes_but_keeps_an_all_quoted_message() -> None:
    assert strip_quoted("> earlier\nnew text\n> more") == "new text"
    assert strip_quoted("> only quoted") == "> only quoted"


def test_strip_signature_cuts_at_the_delimiter() -> None:
    assert strip_signature("Where is it?\n-- \nAnna\n+370 612 34567") == "Where is it?"


def test_split_sentences_respects_abbreviations_and_amounts() -> None:
    text = "I paid €4.95 for shipping, e.g. express. Where is it? Bitte z.B. prüfen! Nr. 5 fehlt."
    assert split_sentences(text) == ["I paid €4.95 for shipping, e.g. express.", "Where is it?",
                                     "Bitte z.B. prüfen!", "Nr. 5 fehlt."]
