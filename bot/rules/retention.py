"""How long each kind of record is kept (retention.yml), read and checked, and when a record has run out.
Pure: no database, no Rasa; the retention job (bot/retention.py) and erasure act on what this says."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterator, Mapping, Optional, Tuple, Union

import yaml

from bot.rules.vacancy.identity import CLOSED_STATUSES as CLOSED_VACANCY_STATUSES
from bot.settings import PROJECT_ROOT

DEFAULT_CONFIG_PATH = PROJECT_ROOT / "retention.yml"
CONFIG_PATH_VARIABLE = "RETENTION_CONFIG"

# Every kind the retention job knows, with the one moment it can count that kind's period from. A kind
# the file leaves out would be kept forever, and one the job does not know would promise a deletion
# that never happens: both are refused.
COUNTED_FROM: Dict[str, str] = {
    "conversation_transcripts": "last_message",
    "case_messages": "case_closed",
    "closed_handoff_cases": "case_closed",
    "closed_sick_leaves": "sick_leave_closed",
    "journal_entries": "entry_created",
    "journal_optional_fields": "entry_created",
    "citizen_profiles": "last_login",
    "closed_postings": "posting_closed",
    "login_sessions": "last_seen",
    "pending_messages": "message_created",
    "unrecognised_messages": "message_created",
    "insight_day_totals": "day_counted",
    "audit_log": "entry_created",
}
KINDS: Tuple[str, ...] = tuple(COUNTED_FROM)
REQUIRED_KEYS = ("keep_days", "counted_from", "reason", "kept_on_erasure")
# Kinds whose records are anonymised in place rather than deleted, with the columns that may be named.
OPTIONAL_FIELDS: Dict[str, FrozenSet[str]] = {"journal_optional_fields": frozenset({"place", "note"})}

# A handoff case outlives its period as the job centre's note of the contact (reason, advisor, the
# advisor's close note); what identifies or describes the person beyond the login id goes.
ANONYMISED_CASE_VALUES: Dict[str, Any] = {"user_name": "", "phone": None, "summary_json": "{}"}
# The only handoff case status after which its clock runs; open and claimed cases are being worked on.
CLOSED_CASE_STATUS = "closed"
ACTIVE_CASE_STATUSES = ("open", "claimed")
CLOSED_SICK_LEAVE_STATUS = "closed"
# A posting is closed once rejected; the statuses the posting rules already treat as closed (filled,
# withdrawn, ...) count too, so a future "withdraw" needs no change here. Approved postings have no
# end yet and are kept.
CLOSED_POSTING_STATUSES: Tuple[str, ...] = ("rejected",) + tuple(CLOSED_VACANCY_STATUSES)


@dataclass(frozen=True)
class RetentionRule:
    """One kind of record: how many days it is kept, from which moment, why, and whether an erasure keeps it."""

    kind: str
    keep_days: int
    counted_from: str
    reason: str
    kept_on_erasure: bool
    fields: Tuple[str, ...] = ()

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.keep_days)


@dataclass(frozen=True)
class RetentionConfig:
    """Every kind's rule, in the order of KINDS (the order the job runs them in)."""

    rules: Mapping[str, RetentionRule]
    source: str = ""

    def __getitem__(self, kind: str) -> RetentionRule:
        return self.rules[kind]

    def __iter__(self) -> Iterator[RetentionRule]:
        return (self.rules[kind] for kind in KINDS if kind in self.rules)


def config_path(path: Union[str, Path, None] = None, env: Optional[Mapping[str, str]] = None) -> Path:
    """`path`, else RETENTION_CONFIG from the environment, else retention.yml in the project."""
    if path is not None:
        return Path(path)
    configured = (os.environ if env is None else env).get(CONFIG_PATH_VARIABLE, "").strip()
    return Path(configured) if configured else DEFAULT_CONFIG_PATH


def load_retention(path: Union[str, Path, None] = None, env: Optional[Mapping[str, str]] = None) -> RetentionConfig:
    """Reads and checks the retention file; a ValueError names the kind and key that is wrong."""
    source = config_path(path, env)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"{source}: cannot read the retention configuration ({error.strerror})") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"{source}: not valid YAML: {error}") from error
    return parse_retention(data, str(source))


def parse_retention(data: Any, source: str = "retention.yml") -> RetentionConfig:
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected one entry per kind of record, found {type(data).__name__}")
    unknown = sorted(str(kind) for kind in data if kind not in COUNTED_FROM)
    if unknown:
        raise ValueError(f"{source}: unknown kind {', '.join(unknown)}: the retention job knows "
                         f"{', '.join(KINDS)}")
    missing = [kind for kind in KINDS if kind not in data]
    if missing:
        raise ValueError(f"{source}: kind {', '.join(missing)} is missing: every kind needs a retention period")
    return RetentionConfig({kind: parse_rule(kind, data[kind], source) for kind in KINDS}, source)


def parse_rule(kind: str, entry: Any, source: str = "retention.yml") -> RetentionRule:
    where = f"{source}: {kind}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected the keys {', '.join(REQUIRED_KEYS)}")
    for key in REQUIRED_KEYS:
        if key not in entry or entry[key] is None:
            raise ValueError(f"{where}: {key} is missing")
    allowed = set(REQUIRED_KEYS) | ({"fields"} if kind in OPTIONAL_FIELDS else set())
    extra = sorted(str(key) for key in entry if key not in allowed)
    if extra:
        raise ValueError(f"{where}: unknown key {', '.join(extra)}")
    keep_days = entry["keep_days"]
    if isinstance(keep_days, bool) or not isinstance(keep_days, int) or keep_days <= 0:
        raise ValueError(f"{where}: keep_days must be a whole number of days above 0, not {keep_days!r}")
    if entry["counted_from"] != COUNTED_FROM[kind]:
        raise ValueError(f"{where}: counted_from must be {COUNTED_FROM[kind]} (the moment the retention "
                         f"job counts from), not {entry['counted_from']!r}")
    reason = entry["reason"]
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(f"{where}: reason must say why the records are kept this long")
    if not isinstance(entry["kept_on_erasure"], bool):
        raise ValueError(f"{where}: kept_on_erasure must be true or false, not {entry['kept_on_erasure']!r}")
    return RetentionRule(kind=kind, keep_days=keep_days, counted_from=entry["counted_from"],
                         reason=" ".join(reason.split()), kept_on_erasure=entry["kept_on_erasure"],
                         fields=parse_fields(kind, entry.get("fields"), where))


def parse_fields(kind: str, fields: Any, where: str) -> Tuple[str, ...]:
    if kind not in OPTIONAL_FIELDS:
        return ()
    allowed = OPTIONAL_FIELDS[kind]
    if not isinstance(fields, list) or not fields:
        raise ValueError(f"{where}: fields must list the fields to empty (some of {', '.join(sorted(allowed))})")
    wrong = [str(name) for name in fields if name not in allowed]
    if wrong:
        raise ValueError(f"{where}: fields: {', '.join(wrong)} cannot be emptied; only {', '.join(sorted(allowed))}")
    return tuple(dict.fromkeys(fields))


def kinds_kept_on_erasure(config: RetentionConfig) -> FrozenSet[str]:
    """The kinds an erasure leaves in place (they then run out here like anyone else's)."""
    return frozenset(rule.kind for rule in config if rule.kept_on_erasure)


def cutoff(now: datetime, rule: RetentionRule) -> datetime:
    """Records whose moment (counted_from) lies before this have run out; one exactly this old is kept."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must carry a time zone: the records' times are UTC")
    return now - rule.period


def has_expired(moment: Optional[datetime], now: datetime, rule: RetentionRule) -> bool:
    """Whether a record counted from `moment` has run out at `now`; never without a moment."""
    return moment is not None and moment < cutoff(now, rule)
