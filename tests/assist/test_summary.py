"""The extractive thread summary: request, so far, open questions, mood, cleaning and localised labels."""

from __future__ import annotations

import json

import pytest

from deskpilot.assist import summary as summary_module
from deskpilot.assist.summary import LABELS, Turn, clean_text, summarise

ANGRY_THREAD = [
    Turn("customer", "@LumioHelp Hi! My parcel with the new coffee grinder arrived completely smashed. "
                     "This is ridiculous, the second broken delivery this month!! https://t.co/Ab12Cd34"),
    Turn("agent", "@48213 We're sorry to hear that. "
                  "I have opened a replacement order for the coffee grinder today. ^JK"),
    Turn("customer", "@LumioHelp Fine, but I want it before Friday."),
    Turn("agent", "@48213 Thanks for waiting. The courier will deliver the replacement grinder on Thursday morning. "
                  "Could you confirm that your address is still 12 Baker Street? -Mia"),
]


def test_english_thread() -> None:
    result = summarise(ANGRY_THREAD)
    assert result.locale == "en"
    assert result.request == "My parcel with the new coffee grinder arrived completely smashed."
    assert "replacement" in result.so_far and "Thursday morning" in result.so_far
    assert all(s in ANGRY_THREAD[1].text or s in ANGRY_THREAD[3].text for s in summary_module.sentences_of(
        result.so_far))  # so-far sentences come from the agent's turns
    assert result.open_questions == ["Could you confirm that your address is still 12 Baker Street?"]
    assert result.mood.label == "negative" and result.mood.score < 0
    assert result.sentences[0] == result.request
    assert result.extract == " ".join(result.sentences)
    assert result.text.startswith("Request: My parcel")
    assert "So far: " in result.text and "Open questions: Could you confirm" in result.text
    assert "Mood: negative" in result.text


def test_noise_is_stripped_from_everything_shown() -> None:
    text = summarise(ANGRY_THREAD).text
    for noise in ("@LumioHelp", "@48213", "https://", "t.co", "^JK", "-Mia", "Mia"):
        assert noise not in text


def test_german_thread_gets_german_labels_and_keeps_german_content() -> None:
    turns = [
        Turn("customer", "Guten Tag,\nmeine Rechnung vom März enthält eine doppelte Abbuchung über 49 Euro. "
                         "Das ist wirklich ärgerlich und inakzeptabel!"),
        Turn("agent", "Das tut uns leid. Wir haben die doppelte Abbuchung storniert und das Geld zurücküberwiesen. "
                      "Haben Sie die Gutschrift schon auf Ihrem Konto gesehen?"),
    ]
    result = summarise(turns, "de")
    assert result.request == "meine Rechnung vom März enthält eine doppelte Abbuchung über 49 Euro."
    assert "storniert" in result.so_far
    assert result.open_questions == ["Haben Sie die Gutschrift schon auf Ihrem Konto gesehen?"]
    assert result.mood.label == "negative"
    labels = LABELS["de"]
    assert result.text.startswith(f"{labels['request']}: meine Rechnung")
    for key in ("so_far", "open_questions", "mood"):
        assert f"{labels[key]}: " in result.text
    assert f"{labels['mood']}: {labels['negative']}" in result.text
    assert "Request" not in result.text and "So far" not in result.text


def test_labels_follow_the_agents_locale_not_the_conversation() -> None:
    result = summarise(ANGRY_THREAD, "lt", language="en")
    assert result.text.startswith("Prašymas: My parcel with the new coffee grinder")
    assert "Iki šiol: " in result.text and "Atviri klausimai: " in result.text and "Nuotaika: neigiama" in result.text
    assert result.request == summarise(ANGRY_THREAD).request  # the extract does not depend on the agent's locale


def test_every_locale_has_every_label() -> None:
    assert set(LABELS) == {"en", "de", "fr", "es", "lt"}
    keys = set(LABELS["en"])
    for locale, labels in LABELS.items():
        assert set(labels) == keys, locale
        assert locale == "en" or labels["request"] != LABELS["en"]["request"]


def test_customer_question_is_open_when_the_customer_wrote_last() -> None:
    turns = [
        Turn("customer", "I ordered a blue kettle last week but received a red toaster instead."),
        Turn("agent", "Sorry about the mix-up. Did the parcel come with a return label?"),
        Turn("customer", "Yes it did. Do I need to pay for the return shipping myself?"),
    ]
    result = summarise(turns)
    assert result.open_questions == ["Do I need to pay for the return shipping myself?"]


def test_answered_questions_are_not_open() -> None:
    turns = [
        Turn("agent", "Hello! Which order number is this about?"),
        Turn("customer", "It is order 5531, the kettle that never arrived at my house."),
        Turn("agent", "Thank you. I have sent a new kettle by express delivery today."),
    ]
    result = summarise(turns)
    assert result.open_questions == []
    assert "Open questions" not in result.text
    assert result.so_far == "I have sent a new kettle by express delivery today."


def test_ai_and_bot_turns_count_as_agent_turns_and_other_roles_are_ignored() -> None:
    turns = [
        Turn("customer", "My subscription was renewed although I cancelled it in May."),
        Turn("system", "Ticket assigned to the billing queue by the routing rules."),
        Turn("ai", "I found the cancellation and started a refund of the renewal fee."),
        Turn("bot", "Is there anything else I can help you with today?"),
    ]
    result = summarise(turns)
    assert "refund of the renewal fee" in result.so_far
    assert "routing" not in result.text
    assert result.open_questions == ["Is there anything else I can help you with today?"]


def test_greetings_and_short_replies_do_not_make_the_request() -> None:
    turns = [
        Turn("customer", "Hello there!"),
        Turn("customer", "Thank you so much, hope you are well."),
        Turn("customer", "My invoice for March shows a double charge of 49 euros on my card."),
    ]
    assert summarise(turns).request == "My invoice for March shows a double charge of 49 euros on my card."


def test_short_conversation_still_has_a_request() -> None:
    result = summarise([Turn("customer", "Where is my order?")])
    assert result.request == "Where is my order?"
    assert result.so_far == ""
    assert result.open_questions == ["Where is my order?"]
    assert "So far" not in result.text


def test_repeated_sentence_is_picked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_module, "REQUEST_WORDS", 60)  # room for every customer sentence
    turns = [
        Turn("customer", "The mobile app crashes every time I open my order history."),
        Turn("customer", "Your mobile app crashes every single time I open the order history!"),
        Turn("customer", "I already reinstalled it twice on my Android phone."),
    ]
    result = summarise(turns)
    assert result.request.count("crashes") == 1
    assert "reinstalled it twice" in result.request


def test_positive_mood_from_the_latest_customer_messages() -> None:
    turns = [
        Turn("customer", "The kettle I bought stopped heating after two days, really annoying."),
        Turn("agent", "Sorry about that. A replacement kettle is on its way to you."),
        Turn("customer", "It arrived today and works perfectly."),
        Turn("customer", "Thank you so much, excellent service!"),
    ]
    assert summarise(turns).mood.label == "positive"


def test_empty_conversation() -> None:
    for turns in ([], [Turn("customer", "  "), Turn("agent", "https://t.co/xyz @48213")]):
        result = summarise(turns, "fr")
        assert (result.request, result.so_far, result.open_questions, result.sentences) == ("", "", [], ())
        assert result.mood.label == "neutral" and result.mood.score == 0.0
        assert result.text == LABELS["fr"]["empty"]


def test_to_json_is_serialisable() -> None:
    data = summarise(ANGRY_THREAD, "es").to_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"locale", "request", "so_far", "open_questions", "mood", "text"}
    assert data["locale"] == "es" and data["mood"]["label"] == "negative"
    assert data["text"].startswith("Solicitud: ")


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError, match="locale"):
        summarise(ANGRY_THREAD, "it")


def test_clean_text() -> None:
    assert clean_text("@AmazonHelp @UPS my parcel is late https://t.co/k1v1cvpgxe ^KM") == "my parcel is late"
    assert clean_text("@48213 We have amended your booking. Thanks - Nod") == "We have amended your booking. Thanks"
    assert clean_text("Please DM us your order number &gt;&gt;1/2") == "Please DM us your order number"
    assert clean_text("New text here\n> On Monday you wrote:\n> old text") == "New text here"
    assert clean_text("Please ask @Tesco about it") == "Please ask Tesco about it"
    assert clean_text("Sent on 21/10/17 and still waiting") == "Sent on 21/10/17 and still waiting"
