"""The shared secrets between our own processes: the gateway proves itself to Rasa's channel with
`RASA_TOKEN`, Rasa proves itself to the action server with `ACTION_SERVER_TOKEN`, in a header."""
from __future__ import annotations

import hmac
from typing import Optional

# A header, not a query parameter: query strings end up in access logs and error messages.
SECRET_HEADER = "X-Jobassistent-Secret"


def secret_matches(presented: Optional[str], expected: str) -> bool:
    """Compares in constant time. An empty expected secret matches nothing, so a missing setting
    locks the door instead of opening it."""
    if not expected or presented is None:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))
