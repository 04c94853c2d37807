import pytest

from bot.rules.data_rights import ERASURE_PAYLOAD, MY_DATA_PAYLOAD, data_rights_payload


@pytest.mark.parametrize("text", [
    "slet mine oplysninger", "Slet mine data", "kan i slete mine oplysninger", "jeg vil have slettet mine data",
    "fjern alle mine oplysninger tak", "mine data skal slettes", "ret til at blive glemt", "delete my data please",
    "please erase all my personal data", "I want my data deleted", "right to be forgotten",
])
def test_erasure_requests(text):
    assert data_rights_payload(text) == ERASURE_PAYLOAD


@pytest.mark.parametrize("text", [
    "send mig mine data", "Send mig mine oplysninger", "kan jeg få en kopi af mine data", "hent mine oplysninger",
    "hvad har i gemt om mig", "hvad har jobcentret registreret om mig?", "download my data", "send me my data",
    "what data do you have on me", "what do you store about me", "jeg vil have indsigt i mine oplysninger",
])
def test_my_data_requests(text):
    assert data_rights_payload(text) == MY_DATA_PAYLOAD


@pytest.mark.parametrize("text", [
    "slet min seneste aktivitet", "ret mine oplysninger i profilen", "jeg vil slette en jobansøgning",
    "jeg vil ikke leve mere", "glem det", "hvad er dagpengesatsen", "vis min jobjournal", "send mig en mail",
    "jeg vil opdatere min profil", "mine data er forkerte i profilen",
])
def test_other_messages_are_left_to_the_model(text):
    assert data_rights_payload(text) is None
