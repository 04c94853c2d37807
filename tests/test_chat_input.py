"""What the gateway lets through to the assistant, and the reasons it gives when it does not."""
import pytest

from bot.chat_input import ChatInputError, clean_chat_message, language_of_request

LIMIT = 5000


@pytest.mark.parametrize("raw, expected", [
    ("  hej  ", "hej"),
    ("🙂", "🙂"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("/start_journal", "/start_journal"),
    ('/choose_entry{"entry_id": 3}', '/choose_entry{"entry_id": 3}'),
    ('/greet{"language": {"nested": 1}}', 'greet{"language": {"nested": 1}}'),
    ("/hvad er dagpenge?", "hvad er dagpenge?"),
    ("//", "?"),
    ("a" * LIMIT, "a" * LIMIT),
])
def test_valid_messages_pass_and_typed_slashes_cannot_inject_intents(raw, expected):
    assert clean_chat_message(raw, LIMIT) == expected


@pytest.mark.parametrize("raw, status", [
    (None, 400), (42, 400), (["hej"], 400), ("", 400), ("   \n ", 400), ("a" * 10_000, 413),
])
def test_malformed_messages_are_refused_with_a_reason_in_both_languages(raw, status):
    with pytest.raises(ChatInputError) as caught:
        clean_chat_message(raw, LIMIT)
    assert caught.value.status == status
    assert caught.value.reason("da") != caught.value.reason("en")
    assert caught.value.reason("da") and caught.value.reason("en")


def test_too_long_message_says_how_long_it_may_be():
    with pytest.raises(ChatInputError) as caught:
        clean_chat_message("a" * 10_000, LIMIT)
    assert "5000" in caught.value.reason("da") and "10000" in caught.value.reason("da")


@pytest.mark.parametrize("text, header, expected", [
    ("hello there", "da-DK", "en"),
    ("hej med dig", "en-GB", "da"),
    ("", "en-GB,en;q=0.9", "en"),
    (None, "da", "da"),
    ("🙂", "", "da"),
])
def test_error_language_follows_the_text_then_the_browser(text, header, expected):
    assert language_of_request(text, header) == expected
