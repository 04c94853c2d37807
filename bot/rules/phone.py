"""Danish phone numbers: eight digits, optionally written with +45 or 0045 and spaces."""
from __future__ import annotations

import re
from typing import Optional


def normalize_danish_phone(text: object) -> Optional[str]:
    """Returns the eight digits, or None when it is not a Danish phone number."""
    if not isinstance(text, str):
        return None
    compact = re.sub(r"[\s\-().]", "", text)
    compact = re.sub(r"^(\+45|0045)", "", compact)
    if re.fullmatch(r"[2-9]\d{7}", compact):
        return compact
    return None
