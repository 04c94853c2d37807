import pytest

from bot.rules.data_rights import ERASURE, MY_DATA, data_rights_request, data_rights_text, my_data_downloads


@pytest.mark.parametrize("text", [
    "slet mine oplysninger", "Slet mine data", "kan i slete mine oplysninger", "jeg vil have slettet mine data",
    "fjern alle mine oplysninger tak", "mine data skal slettes", "ret til at blive glemt", "delete my data please",
    "please erase all my personal data", "I want my data deleted", "right to be forgotten",
])
def test_erasure_requests(text):
    assert data_rights_request(text) == ERASURE


@pytest.mark.parametrize("text", [
    "send mig mine data", "Send mig mine oplysninger", "kan jeg få en kopi af mine data", "hent mine oplysninger",
    "hvad har i gemt om mig", "hvad har jobcentret registreret om mig?", "download my data", "send me my data",
    "what data do you have on me", "what do you store about me", "jeg vil have indsigt i mine oplysninger",
])
def test_my_data_requests(text):
    assert data_rights_request(text) == MY_DATA


@pytest.mark.parametrize("text", [
    "slet min seneste aktivitet", "ret mine oplysninger i profilen", "jeg vil slette en jobansøgning",
    "jeg vil ikke leve mere", "glem det", "hvad er dagpengesatsen", "vis min jobjournal", "send mig en mail",
    "jeg vil opdatere min profil", "mine data er forkerte i profilen",
])
def test_other_messages_are_left_to_the_model(text):
    assert data_rights_request(text) is None


def test_the_answers_come_in_the_users_language_with_the_reference_and_the_download_links():
    assert "JA-000007" in data_rights_text("erasure_requested", "da", reference="JA-000007")
    assert data_rights_text("erasure_requested", "en", reference="JA-000007").startswith("I have sent your request")
    assert data_rights_text("staff", "xx") == data_rights_text("staff", "da")  # Danish when in doubt
    assert [link["url"] for link in my_data_downloads("en")] == ["/api/me/data.pdf", "/api/me/data", "/api/me/transcript"]
    assert my_data_downloads("da")[0]["title"] == "Hent mine data (PDF)"
