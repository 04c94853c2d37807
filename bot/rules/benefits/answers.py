"""Self-service answers on benefits and sick leave: topics read from data/answers/benefits.yml and
rendered with the year's figures from data/rates, a note when a figure is older than this year or
not from an official source, and the source links. Pure functions: no Rasa, no database."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Collection, Dict, List, Optional, Sequence, Tuple, Union
from urllib.parse import urlparse

import yaml

from bot.rules.benefits.rates import SOURCE_KINDS, Figure, NoVerifiedFigure, Rates, figure, format_amount, require_keys

DEFAULT_TOPICS_FILE = Path(__file__).resolve().parents[3] / "data" / "answers" / "benefits.yml"
CALCULATORS = ("dagpenge", "sygedagpenge")
# Municipal choices an answer can depend on (bot/settings.py); a topic's `when_setting_on` text is used
# instead of da/en when its setting is on.
MUNICIPAL_SETTINGS = ("journal_counts_as_jobnet_joblog",)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = ("key", "title_da", "title_en", "da", "en", "sources", "own_case")

# Every sentence the renderer adds around a topic's text, in both languages, in one place.
_TEXTS = {
    "da": {
        "per": {"kr/måned": "om måneden", "kr/uge": "om ugen", "kr/time": "i timen", "kr/dag": "om dagen",
                "kr": ""},
        "rate_year": "(sats for {year})", "amount_year": "(tal for {year})",
        "unverified": "et beløb, vi ikke har et bekræftet tal for (se {url})",
        "stale": "Det nyeste tal, vi har, er fra {year} — se den aktuelle sats på {url}",
        "third_party_one": "Bemærk: Tallet fra {year} kommer fra {domain}, som ikke er en officiel kilde.",
        "third_party_many": "Bemærk: Tallene fra {year} kommer fra {domain}, som ikke er en officiel kilde.",
        "third_party_some": "Bemærk: Nogle af tallene fra {year} kommer fra {domain}, som ikke er en officiel kilde.",
        "source": "Kilde", "sources": "Kilder", "not_official": "ikke en officiel kilde",
    },
    "en": {
        "per": {"kr/måned": "a month", "kr/uge": "a week", "kr/time": "an hour", "kr/dag": "a day", "kr": ""},
        "rate_year": "({year} rate)", "amount_year": "({year} figure)",
        "unverified": "an amount we have no confirmed figure for (see {url})",
        "stale": "The newest figure we have is from {year} — see the current rate at {url}",
        "third_party_one": "Note: the {year} figure comes from {domain}, which is not an official source.",
        "third_party_many": "Note: the {year} figures come from {domain}, which is not an official source.",
        "third_party_some": "Note: some of the {year} figures come from {domain}, which is not an official source.",
        "source": "Source", "sources": "Sources", "not_official": "not an official source",
    },
}


class TopicsFileError(ValueError):
    """The answers file does not have the expected shape; says which topic and field."""


class UnknownTopic(KeyError):
    pass


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    kind: str

    @property
    def official(self) -> bool:
        return self.kind == "official"


@dataclass(frozen=True)
class Topic:
    key: str
    title_da: str
    title_en: str
    da: str
    en: str
    sources: Tuple[Source, ...]
    related: Tuple[str, ...]
    calculator: Optional[str]
    own_case: bool
    current_rates_url: Optional[str] = None  # where a citizen finds this year's figures
    keywords: Tuple[str, ...] = ()  # words a question may use that the answer does not ("chef", "boss")
    setting: Optional[str] = None    # a municipal setting that switches to the texts below
    da_when_on: Optional[str] = None
    en_when_on: Optional[str] = None

    def text(self, language: str, settings_on: Collection[str] = ()) -> str:
        if self.setting and self.setting in settings_on:
            return (self.en_when_on if language == "en" else self.da_when_on) or ""
        return self.en if language == "en" else self.da

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_da

    @property
    def intent(self) -> str:
        return f"faq/{self.key}"


def load_topics(path: Union[str, Path, None] = None) -> Dict[str, Topic]:
    """All topics, in file order, keyed by their key; a wrong edit fails with where it is."""
    file = Path(path) if path is not None else DEFAULT_TOPICS_FILE
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    raw_topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(raw_topics, list) or not raw_topics:
        raise TopicsFileError(f"{file.name}: needs a 'topics:' list")
    current_rates_url = data.get("current_rates_url")
    if current_rates_url is not None and not str(current_rates_url).startswith("https://"):
        raise TopicsFileError(f"{file.name}: current_rates_url must start with https://")
    topics: Dict[str, Topic] = {}
    for raw in raw_topics:
        topic = _topic(file.name, raw, current_rates_url)
        if topic.key in topics:
            raise TopicsFileError(f"{file.name}: topic {topic.key} appears twice")
        topics[topic.key] = topic
    for topic in topics.values():
        unknown = [key for key in topic.related if key not in topics]
        if unknown:
            raise TopicsFileError(f"{file.name}, {topic.key}: related names unknown topics {unknown}")
    return topics


def _topic(file_name: str, raw, current_rates_url: Optional[str] = None) -> Topic:
    where = f"{file_name}, {raw.get('key', '?') if isinstance(raw, dict) else '?'}"
    require_keys(raw, _REQUIRED, where, TopicsFileError)
    if not _KEY.match(str(raw["key"])):
        raise TopicsFileError(f"{where}: key must be snake_case (it becomes the intent faq/<key>)")
    if raw.get("calculator") not in (None,) + CALCULATORS:
        raise TopicsFileError(f"{where}: calculator must be one of {', '.join(CALCULATORS)}")
    if not isinstance(raw["own_case"], bool):
        raise TopicsFileError(f"{where}: own_case must be true or false")
    sources = tuple(_source(where, item) for item in raw["sources"] or ())
    if not sources:
        raise TopicsFileError(f"{where}: needs at least one source")
    setting, da_when_on, en_when_on = _when_setting_on(where, raw.get("when_setting_on"))
    return Topic(key=raw["key"], title_da=str(raw["title_da"]).strip(), title_en=str(raw["title_en"]).strip(),
                 da=_one_line(raw["da"]), en=_one_line(raw["en"]),
                 sources=sources, related=tuple(raw.get("related") or ()),
                 calculator=raw.get("calculator"), own_case=raw["own_case"],
                 current_rates_url=raw.get("current_rates_url", current_rates_url),
                 keywords=tuple(str(word) for word in raw.get("keywords") or ()),
                 setting=setting, da_when_on=da_when_on, en_when_on=en_when_on)


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _when_setting_on(where: str, raw) -> Tuple[Optional[str], Optional[str], Optional[str]]:
    if raw is None:
        return None, None, None
    if not isinstance(raw, dict) or not {"setting", "da", "en"} <= set(raw):
        raise TopicsFileError(f"{where}: when_setting_on needs setting, da and en")
    if raw["setting"] not in MUNICIPAL_SETTINGS:
        raise TopicsFileError(f"{where}: when_setting_on.setting must be one of {', '.join(MUNICIPAL_SETTINGS)}")
    return raw["setting"], _one_line(raw["da"]), _one_line(raw["en"])


def _source(where: str, raw) -> Source:
    if not isinstance(raw, dict) or not {"title", "url", "kind"} <= set(raw):
        raise TopicsFileError(f"{where}: each source needs title, url and kind")
    if not str(raw["url"]).startswith("https://"):
        raise TopicsFileError(f"{where}: source {raw['url']} must start with https://")
    if raw["kind"] not in SOURCE_KINDS:
        raise TopicsFileError(f"{where}: source kind must be official or third_party")
    return Source(title=str(raw["title"]), url=str(raw["url"]), kind=raw["kind"])


@lru_cache(maxsize=1)
def _default_topics() -> Dict[str, Topic]:
    return load_topics()


def placeholders(text: str) -> List[str]:
    """The figure names a topic's text refers to as {name}; raises ValueError on a stray brace."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name or spec or conversion or not _KEY.match(name):
            raise ValueError(f"placeholder {{{name}}} must be a plain figure name")
        names.append(name)
    return names


def figure_text(item: Figure, language: str) -> str:
    """ "21.092 kr. om måneden (sats for 2025)" / "DKK 21,092 a month (2025 rate)": always with the year."""
    t = _TEXTS[_lang(language)]
    per = t["per"][item.unit]
    year = t["amount_year" if item.unit == "kr" else "rate_year"].format(year=item.year)
    return " ".join(part for part in (format_amount(item.value, language), per, year) if part)


def render_answer(topic_key: str, language: str, rates: Rates, today: date,
                  topics: Optional[Dict[str, Topic]] = None, settings_on: Collection[str] = ()) -> str:
    """The topic's answer with every {figure} filled in (amount, unit and year), then one sentence
    per figure year older than `today`, a note on figures from non-official sources, and the sources.
    `settings_on` names the municipal settings (MUNICIPAL_SETTINGS) that are turned on.
    An unknown figure name raises UnknownFigure: a broken placeholder never reaches a citizen."""
    topics = topics if topics is not None else _default_topics()
    if topic_key not in topics:
        raise UnknownTopic(topic_key)
    topic = topics[topic_key]
    t = _TEXTS[_lang(language)]
    text = topic.text(language, settings_on)
    values, used = {}, []
    for name in placeholders(text):
        try:
            item = figure(rates, name, today)
        except NoVerifiedFigure as missing:
            url = missing.unverified.source if missing.unverified else _first_official(topic).url
            values[name] = t["unverified"].format(url=url)
            continue
        values[name] = figure_text(item, language)
        used.append(item)
    parts = [text.format(**values)]
    parts += _stale_sentences(used, topic, t)
    parts += _third_party_sentences(used, t)
    parts.append(_sources_line(topic.sources, t))
    return "\n\n".join(parts)


def _lang(language: str) -> str:
    return "en" if language == "en" else "da"


def _first_official(topic: Topic) -> Source:
    return next((source for source in topic.sources if source.official), topic.sources[0])


def _stale_sentences(used: Sequence[Figure], topic: Topic, t) -> List[str]:
    sentences = []
    for year in sorted({item.year for item in used if item.stale}, reverse=True):
        # Point to where this year's figure can be found, not to the old year's page.
        url = topic.current_rates_url or _first_official(topic).url
        sentences.append(t["stale"].format(year=year, url=url) + ".")
    return sentences


def _third_party_sentences(used: Sequence[Figure], t) -> List[str]:
    groups: Dict[Tuple[int, str], int] = {}
    for item in used:
        if not item.official:
            key = (item.year, _domain(item.source))
            groups[key] = groups.get(key, 0) + 1
    official_years = {item.year for item in used if item.official}
    return [t[_third_party_wording(count, year in official_years)].format(year=year, domain=domain)
            for (year, domain), count in groups.items()]


def _third_party_wording(count: int, same_year_has_official: bool) -> str:
    # "Tallene fra 2024" would wrongly cover the official figures of the same year too.
    if same_year_has_official:
        return "third_party_some"
    return "third_party_one" if count == 1 else "third_party_many"


def _domain(url: str) -> str:
    host = urlparse(url).netloc
    return host[4:] if host.startswith("www.") else host


def _sources_line(sources: Sequence[Source], t) -> str:
    links = [f"{source.title} ({source.url})" + ("" if source.official else f" — {t['not_official']}")
             for source in sources]
    return f"{t['source' if len(links) == 1 else 'sources']}: " + "; ".join(links)
