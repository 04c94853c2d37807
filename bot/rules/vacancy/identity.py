"""When two småjob postings are the same job, so an employer does not post it twice."""
from __future__ import annotations

import re
from typing import Mapping, Tuple

from stdnum.dk import cvr as stdnum_cvr

from bot.text import squash_danish

CLOSED_STATUSES = ("closed", "filled", "withdrawn", "expired")


def is_closed(posting: Mapping[str, object]) -> bool:
    return bool(posting.get("closed")) or str(posting.get("status") or "").lower() in CLOSED_STATUSES


def _title_key(value: object) -> str:
    return re.sub(r"[\s.,;:!?\"'()-]+", "", squash_danish(str(value or "")))


def _postcode_key(value: object) -> str:
    return re.sub(r"\D", "", str(value or "")).lstrip("0")


def _cvr_key(value: object) -> str:
    return stdnum_cvr.compact(str(value or ""))


def _identity(posting: Mapping[str, object]) -> Tuple[str, str, str]:
    return (_cvr_key(posting.get("cvr")), _title_key(posting.get("job_title")),
            _postcode_key(posting.get("postcode")))


def is_same_posting(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """Whether two postings are the same job: same CVR, same job title (case, whitespace,
    punctuation and æ/ae/a spelling ignored), same postcode, and neither closed (a 'closed' flag or
    a status in CLOSED_STATUSES). A missing CVR, title or postcode never matches."""
    if is_closed(a) or is_closed(b):
        return False
    identity = _identity(a)
    return all(identity) and identity == _identity(b)
