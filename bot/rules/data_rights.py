"""Asking for one's data or its erasure, read by rule before the NLU model and answered by the gateway
itself: the two requests are few and fixed in wording, their phrasings ("slet mig", "glem mig") sit too
close to crisis language for the model, and a new intent in the training data retrains the classifier
that crisis language must never be outvoted by."""
from __future__ import annotations

import re
from typing import Dict, List, Optional

from bot.text import squash_danish

MY_DATA = "my_data"
ERASURE = "erasure"

# Written without æøå, as squash_danish leaves the text: "oplysninger", "fa" for "få", "hvad har i gemt".
_MINE = r"(?:mine|mit|alle mine|my|all my)"
_DATA = r"(?:data|oplysninger|oplysniger|informationer|information|personoplysninger|personal data)"
_ERASE_VERB = r"(?:slet|slete|slette|slettet|slettes|sletning af|fjern|fjerne|fjernes|delete|erase|erased|remove|deleted)"
_COPY_VERB = r"(?:send|hent|hente|download|downloade|se|fa|kopi af|kopi|udskrift af|export|eksporter|give|show|get|copy of)"

_ERASURE = re.compile(
    rf"\b{_ERASE_VERB}\b(?:\s+\w+){{0,3}}?\s+{_MINE}\s+{_DATA}\b"
    rf"|\b{_MINE}\s+{_DATA}\s+(?:\w+\s+){{0,2}}{_ERASE_VERB}\b"
    r"|\bret(?:ten)? til at blive glemt\b|\bright to be forgotten\b")
_MY_DATA = re.compile(
    rf"\b{_COPY_VERB}\b(?:\s+\w+){{0,3}}?\s+{_MINE}\s+{_DATA}\b"
    r"|\bhvad (?:har|gemmer|ved) (?:i|jobcentret|du) (?:gemt |registreret )?om mig\b"
    r"|\bwhat (?:data|information) do you (?:have|store|keep)\b|\bwhat do you (?:store|keep) about me\b"
    r"|\bindsigt i mine\b")


def data_rights_request(text: str) -> Optional[str]:
    """ERASURE or MY_DATA when `text` asks for that, else None. Erasure is read first: "slet mine
    data" must never be taken for a wish to see them."""
    squashed = squash_danish(text)
    if _ERASURE.search(squashed):
        return ERASURE
    if _MY_DATA.search(squashed):
        return MY_DATA
    return None


_TEXTS: Dict[str, Dict[str, str]] = {
    "my_data": {
        "da": "Du kan hente alt, hvad jobcentret har gemt om dig her i Jobassistenten: din jobjournal, dine "
              "CV-oplysninger, sygemeldinger, henvendelser til en medarbejder og vores samtale. Hent det som PDF, "
              "som du kan læse, eller som JSON, som andre programmer kan læse. Kun du kan hente det, mens du er "
              "logget ind.",
        "en": "You can download everything the job centre keeps about you here in Jobassistent: your job journal, "
              "your CV facts, sick leaves, requests to a member of staff and our conversation. Get it as a PDF to "
              "read, or as JSON for other programs. Only you can download it, while you are logged in.",
    },
    "erasure_requested": {
        "da": "Jeg har sendt din anmodning om sletning til en medarbejder (referencenummer {reference}). "
              "Medarbejderen sletter dine oplysninger, undtagen dem jobcentret efter loven skal gemme, fx "
              "sygemeldinger og notater om sager. Du får svar inden for en måned. Vil du have en kopi først, så "
              "skriv \"send mig mine data\".",
        "en": "I have sent your request to have your data erased to a member of staff (reference {reference}). "
              "They will erase your data, except what the job centre must keep by law, such as sick leaves and "
              "notes on cases. You will get an answer within a month. If you want a copy first, write "
              "\"send me my data\".",
    },
    "erasure_failed": {
        "da": "Din anmodning kunne ikke sendes lige nu. Prøv igen om lidt, eller ring til jobcentret.",
        "en": "Your request could not be sent right now. Please try again shortly, or call the job centre.",
    },
    "staff": {
        "da": "Som medarbejder har du ingen egne data i Jobassistenten. Borgere kan hente deres data her i chatten "
              "og bede om at få dem slettet.",
        "en": "As a member of staff you have no data of your own in Jobassistent. Citizens can download their data "
              "here in the chat and ask to have it erased.",
    },
}

_DOWNLOADS = {
    "da": [("Hent mine data (PDF)", "/api/me/data.pdf"), ("Hent mine data (JSON)", "/api/me/data"),
           ("Hent samtalen (tekst)", "/api/me/transcript")],
    "en": [("Download my data (PDF)", "/api/me/data.pdf"), ("Download my data (JSON)", "/api/me/data"),
           ("Download the conversation (text)", "/api/me/transcript")],
}

# Who has data of their own here; staff are told where citizens find theirs.
ROLES_WITH_OWN_DATA = ("citizen", "employer")


def data_rights_text(kind: str, language: str, **values: str) -> str:
    """The answer `kind` ("my_data", "erasure_requested", "erasure_failed", "staff") in "da" or "en"."""
    texts = _TEXTS[kind]
    return texts.get(language, texts["da"]).format(**values)


def my_data_downloads(language: str) -> List[Dict[str, str]]:
    """The download links that go with the my-data answer."""
    return [{"title": title, "url": url} for title, url in _DOWNLOADS.get(language, _DOWNLOADS["da"])]
