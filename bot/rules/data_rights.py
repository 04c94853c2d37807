"""Asking for one's data or its erasure, read by rule before the NLU model: the two requests are few
and fixed in wording, and as model examples their phrasings ("slet mig", "glem mig") sit too close
to crisis language, which must never be outvoted."""
from __future__ import annotations

import re
from typing import Optional

from bot.text import squash_danish

MY_DATA_PAYLOAD = "/request_my_data"
ERASURE_PAYLOAD = "/request_erasure"

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


def data_rights_payload(text: str) -> Optional[str]:
    """The payload of an erasure or my-data request in `text`, or None. Erasure is read first:
    "slet mine data" must never be taken for a wish to see them."""
    squashed = squash_danish(text)
    if _ERASURE.search(squashed):
        return ERASURE_PAYLOAD
    if _MY_DATA.search(squashed):
        return MY_DATA_PAYLOAD
    return None
