"""What to teach the assistant next: a message it did not understand made fit to keep (personal details
scrubbed out, or not kept at all), why it was kept, near-identical messages grouped, and the ones staff
marked with their right intent written as Rasa NLU training data or as held-out evaluation messages.
Pure: no Rasa, no database, no web."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.privacy import CPR_PLACEHOLDER, HEALTH_PLACEHOLDER, HEALTH_WORDS_FILE, redact_personal_details
from bot.rules.fallback import FALLBACK_INTENT, MISS_INTENTS
from bot.text import Vocabulary, fold_danish, one_edit_apart, squash_danish, trim

# --- Why a message is kept ---

# The order is how far a misunderstanding went: a message that was rephrased and then handed to a person
# counts as the furthest.
REASONS = ("fallback", "low_confidence", "rephrase", "handoff_not_understood")
# Only what citizens and employers write is kept: staff do not talk to the model.
KEPT_ROLES = ("citizen", "employer")
# The answers of the fallback action that act on the model's unsure guess ("Er det det her?").
GUESS_RESPONSES = ("utter_did_you_mean", "utter_benefits_did_you_mean")


def guessed_intent(parse_data: Mapping) -> Tuple[Optional[str], Optional[float]]:
    """The intent the model ranked first, leaving out the fallback itself, and its confidence."""
    for item in parse_data.get("intent_ranking") or []:
        if item.get("name") and item.get("name") != FALLBACK_INTENT:
            return item["name"], float(item.get("confidence") or 0.0)
    intent = parse_data.get("intent") or {}
    if intent.get("name") and intent.get("name") != FALLBACK_INTENT:
        return intent["name"], float(intent.get("confidence") or 0.0)
    return None, None


def fallback_reason(response: str, second_miss: bool) -> str:
    """Why a message that reached the fallback action is kept: the second miss in a row is a rephrase that
    still failed; an answer that offered the model's guess ("Er det det her?") is a low-confidence guess;
    anything else (asked to rephrase, out of scope, a dialogue the policies could not continue) is the
    fallback."""
    if second_miss:
        return "rephrase"
    if response in GUESS_RESPONSES:
        return "low_confidence"
    return "fallback"


OFFER_ACTION = "action_offer_contact"


def missed_before_offer(events: Sequence[Mapping]) -> Optional[Mapping]:
    """The user message a handoff for "not understood" was about: the one before the message that led to
    the offer of a person (a "ja" or "tal med en person"), when the model did not understand it. Events
    after the offer (the contact chosen, a phone number) do not count."""
    events = list(events)
    offers = [index for index, event in enumerate(events)
              if event.get("event") == "action" and event.get("name") == OFFER_ACTION]
    before_offer = events[:offers[-1]] if offers else events
    users = [event for event in before_offer if event.get("event") == "user"]
    if len(users) < 2:
        return None
    missed = users[-2]
    intent = ((missed.get("parse_data") or {}).get("intent") or {}).get("name")
    return missed if intent in MISS_INTENTS else None


# --- Scrubbing personal details ---

PLACEHOLDERS = ("cpr", "telefon", "email", "navn", "helbred", "adresse", "nummer")
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(PLACEHOLDERS) + r")\]")
# The longest text kept: a training example is a sentence, and the longer a text, the more it can hide
# that the scrubbing does not know.
MAX_TEXT_CHARS = 300

# The gateway's own placeholders, already in what Rasa saw.
_GATEWAY_PLACEHOLDERS = {CPR_PLACEHOLDER: "cpr", HEALTH_PLACEHOLDER: "helbred"}
_SENTINEL = re.compile("\ue000([a-z]+)\ue001")
# A user's own brackets become parentheses, so the only brackets left are placeholders (and Rasa's
# training data never reads a user's "[x](y)" as an entity).
_BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")"})

_EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\s(?:at|snabela)\s)\s*[\w-]+(?:\s*\.\s*[\w-]+)*\s*\.\s*"
    r"(?:dk|com|net|org|se|no|de|eu|info|io|nu|uk|co)\b", re.IGNORECASE)
# CPR-shaped (DDMMYY-SSSS) numbers that stdnum did not take as valid: a typo in a CPR number is still one.
_CPR_SHAPED = re.compile(r"(?<!\d)[0-3]\d[01]\d\d\d[ \-]?\d{4}(?!\d)")
_NUMBER_RUN = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .\-]?)?\(?\d[\d .\-()]*\d(?![\w])")
_DATE = re.compile(r"^\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[. ]\d{3})+(?:,\d+)?$")
_PHONE_DIGITS = 8
_LONG_NUMBER_DIGITS = 7

_STREET = (r"(?:vej|vejen|gade|gaden|all[eé]|str[æa]de|torv|torvet|plads|pladsen|boulevard|v[æa]nge|v[æa]nget"
           r"|toften|stien|bakken|parken|engen|marken|k[æa]ret|krogen|street|road|avenue|lane)")
_ADDRESS = re.compile(
    r"(?:\b[^\W\d_]+\s+(?=(?:all[eé]|plads|torv|boulevard)\s))?\b[^\W\d_]*" + _STREET + r"\s+\d{1,4}(?:\s?[a-zA-Z]\b)?"
    r"(?:,?\s*(?:\d{1,2}\.?\s*(?:sal|th|tv|mf)\b\.?|st\b\.?|th\b\.?|tv\b\.?|mf\b\.?))*"
    r"(?:,?\s*\d{4}\s+[A-ZÆØÅ][^\W\d_]*(?:\s+[A-ZÆØÅ]\b)?)?", re.IGNORECASE)
_ENGLISH_ADDRESS = re.compile(r"\b\d{1,4}\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Street|St|Road|Rd|Avenue|Ave|Lane)\b")

# Common first names in Denmark (Danmarks Statistik's most frequent, and names common among newer
# Danes) and in English. A capitalised one is taken as a name wherever it stands, except those that are
# also everyday words at the start of a sentence ("Per uge", "Bo i Aarhus", "Hans chef").
FIRST_NAMES = frozenset(fold_danish(name) for name in """
    Anne Kirsten Hanne Mette Anna Helle Susanne Lene Maria Marianne Lone Camilla Pia Louise Charlotte Tina
    Gitte Bente Jette Karen Inge Birgitte Dorthe Lise Rikke Sanne Trine Stine Malene Maja Nanna Katrine
    Signe Line Julie Mathilde Caroline Cecilie Emma Ida Clara Freja Sofia Laura Sara Sarah Ella Alma
    Agnes Josefine Emilie Astrid Karla Olivia Nadia Fatima Aisha Amina Mariam Zainab Leila Yasmin Eva
    Peter Jens Michael Lars Henrik Thomas Søren Jan Christian Martin Niels Anders Morten Jesper Mads
    Rasmus Per Hans Jørgen Ole Kim Mikkel Frederik Mathias Kasper Jakob Jacob Nikolaj Emil Jonas Lucas
    William Oliver Noah Oscar Carl Victor Magnus Alexander Sebastian Tobias Simon Bo Erik Poul Torben
    Steen Flemming Bent Brian Claus Allan Kenneth Jimmy Dennis Bjarne Finn Johannes Viktor Mohammed
    Mohamed Mohammad Ahmed Ali Omar Hassan Hussein Ibrahim Youssef Mustafa Abdi Adam Daniel David James
    John Robert Mary Jennifer Linda Elizabeth Patricia Joseph Paul George Tom Kate Anja Annette Pernille
""".split())
_WORDS_AT_SENTENCE_START = frozenset({"per", "bo", "hans", "line", "karen", "mark", "tom", "kim", "ole"})
# Danish surnames ending in -sen (Jensen, Nielsen, Hansen ...), and the other most common ones.
_SURNAME = re.compile(r"^[A-ZÆØÅ][a-zæøå]+sen$")
SURNAMES = frozenset(fold_danish(name) for name in "Møller Holm Juhl Kjær Lund Bach Berg Ahmed Ali Khan".split())

# What introduces one's name, each word read with one typo's slack ("jeg heder", "mit navm er").
_NAME_CUES = (("jeg", "hedder"), ("hedder", "jeg"), ("mit", "navn", "er"), ("mit", "navn"), ("navnet", "er"),
              ("my", "name", "is"), ("my", "name"), ("name", "is"), ("i", "am", "called"), ("im", "called"),
              ("call", "me"), ("kald", "mig"), ("det", "er"), ("this", "is"), ("jeg", "er"), ("i", "am"))
# After "det er", "jeg er", "this is" and "I am" only a capitalised word is a name ("det er Mette", not
# "det er svært"); after the others any word is, as people type their names in lower case.
_WEAK_CUES = {("det", "er"), ("this", "is"), ("jeg", "er"), ("i", "am")}
_NOT_A_NAME = frozenset("""
    og i fra men har er vil skal kan bor bare ikke også jo så som der det den de en et mit min mine my is
    var was and from have has live want but with med på til jeg not the a an am ja nej yes no hej hi tak
    thanks hvordan how hvad what hvor where hvornår when fordi because lige just meget very godt good
    syg sick ledig unemployed arbejdsløs jobsøgende dansk danish english from kommer come on at to me
    call ring skriv write og
""".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_MAX_NAME_WORDS = 3


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str

    @property
    def key(self) -> str:
        return fold_danish(self.word)

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper()


def _tokens(text: str) -> List[_Token]:
    hidden = [match.span() for match in _PLACEHOLDER.finditer(text)]
    return [_Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)
            if not any(start <= m.start() < end for start, end in hidden)]


def _cue_word_matches(typed: str, cue: str) -> bool:
    return typed == cue or (len(cue) >= 4 and one_edit_apart(typed, cue))


def _only_space_between(text: str, first: _Token, second: _Token) -> bool:
    return not text[first.end:second.start].strip()


def _at_sentence_start(text: str, token: _Token) -> bool:
    before = text[:token.start].rstrip()
    return not before or before[-1] in ".!?:\n"


def _names_after_cues(text: str, tokens: List[_Token]) -> set:
    names = set()
    for index in range(len(tokens)):
        for cue in _NAME_CUES:
            words = tokens[index:index + len(cue)]
            if len(words) < len(cue) or not all(_cue_word_matches(t.key, c) for t, c in zip(words, cue)):
                continue
            position = index + len(cue)
            taken = 0
            # "Anna Hansen ringer": a name begun with a capital goes on only with capitals.
            capitals_only = cue in _WEAK_CUES or (position < len(tokens) and tokens[position].capitalised)
            while (position < len(tokens) and taken < _MAX_NAME_WORDS
                   and tokens[position].key not in _NOT_A_NAME
                   and _only_space_between(text, tokens[position - 1], tokens[position])
                   and (tokens[position].capitalised or not capitals_only)):
                names.add(position)
                position += 1
                taken += 1
    return names


def _is_known_name(text: str, token: _Token, login_names: frozenset) -> bool:
    if squash_danish(token.word) in login_names:
        return True
    if not token.capitalised:
        return False
    if token.key in FIRST_NAMES:
        return not (token.key in _WORDS_AT_SENTENCE_START and _at_sentence_start(text, token))
    return bool(_SURNAME.match(token.word)) or token.key in SURNAMES


def _name_spans(text: str, login_names: Iterable[str]) -> List[Tuple[int, int]]:
    logins = frozenset(squash_danish(part) for name in login_names for part in _WORD.findall(name or "")
                       if len(part) >= 2)
    tokens = _tokens(text)
    names = _names_after_cues(text, tokens)
    names |= {i for i, token in enumerate(tokens) if _is_known_name(text, token, logins)}
    # A capitalised word right after a name is its surname ("Mette Kowalski").
    for i in sorted(names):
        following = i + 1
        while (following < len(tokens) and tokens[following].capitalised and following not in names
               and _only_space_between(text, tokens[following - 1], tokens[following])):
            names.add(following)
            following += 1
    spans: List[Tuple[int, int]] = []
    for i in sorted(names):
        if spans and i - 1 in names and _only_space_between(text, tokens[i - 1], tokens[i]):
            spans[-1] = (spans[-1][0], tokens[i].end)
        else:
            spans.append((tokens[i].start, tokens[i].end))
    return spans


# A health word with one typo ("depresion", "stres") is still one: the gateway's redaction reads words as
# written, and a kept message is kept for a year. Only the list's own words (data/privacy/health_words.yml)
# are read with a typo's slack, not compounds: "vigtigt" is one letter from a "-gigt" compound. Shorter
# words are too often one letter from another word ("gift", married, and "gigt"), and a typo in the first
# letter is rarer than one that turns "cancel" into "cancer".
_FUZZY_HEALTH_MIN_LETTERS = 5
# Everyday words one letter from a health word (cancer, abort, sprain, crohn), found by reading every
# training and held-out message through this check.
_ONE_LETTER_FROM_HEALTH = frozenset({"cancel", "about", "spain", "crown"})


@lru_cache(maxsize=1)
def _health_vocabulary() -> Tuple[Vocabulary, frozenset]:
    data = yaml.safe_load(HEALTH_WORDS_FILE.read_text(encoding="utf-8"))
    endings = data["endings"]
    forms = {word + ending for group in data["words"].values() for word, inflection in group.items()
             for ending in (endings[inflection] if isinstance(inflection, str) else ["", *inflection])}
    kept = {fold_danish(word) for word in data["not_health"]["words"]}
    return Vocabulary(form for form in forms if len(form) >= _FUZZY_HEALTH_MIN_LETTERS), frozenset(kept)


def _misspelt_health_word(word: str) -> bool:
    vocabulary, not_health = _health_vocabulary()
    folded = fold_danish(word)
    return (len(folded) >= _FUZZY_HEALTH_MIN_LETTERS and folded not in not_health | _ONE_LETTER_FROM_HEALTH
            and vocabulary.knows(folded)
            and any(form[0] == folded[0] and one_edit_apart(folded, form) for form in vocabulary.words))


def _misspelt_health_spans(text: str) -> List[Tuple[int, int]]:
    return [(token.start, token.end) for token in _tokens(text) if _misspelt_health_word(token.word)]


def _replace_spans(text: str, spans: List[Tuple[int, int]], placeholder: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text


def _number_placeholder(match: re.Match) -> str:
    written = match.group(0)
    digits = sum(ch.isdigit() for ch in written)
    if _DATE.match(written) or _THOUSANDS.match(written):
        return written
    if digits >= _PHONE_DIGITS or (written.startswith(("+", "00")) and digits >= _LONG_NUMBER_DIGITS):
        return "[telefon]"
    if digits >= _LONG_NUMBER_DIGITS:
        return "[nummer]"
    return written


def _with_gateway_placeholders_kept(text: str) -> str:
    for placeholder, name in _GATEWAY_PLACEHOLDERS.items():
        text = text.replace(placeholder, f"\ue000{name}\ue001")
    return _SENTINEL.sub(r"[\1]", text.translate(_BRACKETS))


def scrub(text: str, login_names: Iterable[str] = ()) -> str:
    """The message with CPR numbers, phone numbers, e-mail addresses, names, health details and street
    addresses replaced by [cpr], [telefon], [email], [navn], [helbred] and [adresse] (and any other long
    number by [nummer]); `login_names` are the names the user's login gave, taken out wherever they
    stand. Whitespace is collapsed."""
    text = _with_gateway_placeholders_kept(" ".join(text.split()))
    text = _EMAIL.sub("[email]", text)
    redacted = redact_personal_details(text).text
    text = redacted.replace(CPR_PLACEHOLDER, "[cpr]").replace(HEALTH_PLACEHOLDER, "[helbred]")
    text = _replace_spans(text, _misspelt_health_spans(text), "[helbred]")
    text = _CPR_SHAPED.sub("[cpr]", text)
    text = _ENGLISH_ADDRESS.sub("[adresse]", _ADDRESS.sub("[adresse]", text))
    text = _NUMBER_RUN.sub(_number_placeholder, text)
    return _replace_spans(text, _name_spans(text, login_names), "[navn]")


def mostly_placeholders(scrubbed: str) -> bool:
    """Whether more of the text is placeholders than words (or there are no words at all): what is left
    says too little to learn from."""
    placeholders = len(_PLACEHOLDER.findall(scrubbed))
    words = len(_tokens(scrubbed))
    return words == 0 or placeholders > words


def text_to_keep(text: str, login_names: Iterable[str] = ()) -> Optional[str]:
    """The scrubbed message as it may be kept, cut to MAX_TEXT_CHARS; None when it is a button's payload
    or mostly placeholders."""
    if not text or text.lstrip().startswith("/"):
        return None
    scrubbed = scrub(text, login_names)
    if mostly_placeholders(scrubbed):
        return None
    return trim(scrubbed, MAX_TEXT_CHARS)[0]


# --- Grouping near-identical messages ---

# Two texts whose character trigrams (inside word boundaries, as the model's own featurizer reads them)
# have a cosine of this or more are one group: typos, missing æøå and a word more or less stay together;
# another question about the same topic does not.
SIMILARITY_THRESHOLD = 0.6
_NOT_WORD = re.compile(r"[^\w\[\]]+")


def normalised(text: str) -> str:
    """Lower case, æøå folded and squashed (ø, oe and o alike), punctuation dropped, spaces collapsed."""
    return " ".join(_NOT_WORD.sub(" ", squash_danish(text)).split())


def _trigrams(text: str) -> Counter:
    grams: Counter = Counter()
    for word in text.split():
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(max(1, len(padded) - 2)))
    return grams


def similarity(first: str, second: str) -> float:
    """Cosine of the two texts' character trigrams (after `normalised`), 0 to 1."""
    return _cosine(_trigrams(normalised(first)), _trigrams(normalised(second)))


@dataclass(frozen=True)
class Miss:
    """One kept message as the grouping reads it."""

    id: int
    text: str
    guessed_intent: Optional[str]
    reason: str
    marked_intent: Optional[str] = None


@dataclass
class MissGroup:
    representative: str
    count: int
    guessed_intent: Optional[str]
    reasons: Dict[str, int]
    message_ids: List[int]
    texts: List[Tuple[str, int]] = field(default_factory=list)
    marked: Dict[str, int] = field(default_factory=dict)

    def to_json(self) -> Dict[str, object]:
        return {"representative": self.representative, "count": self.count, "guessed_intent": self.guessed_intent,
                "reasons": self.reasons, "message_ids": self.message_ids,
                "texts": [{"text": text, "count": count} for text, count in self.texts], "marked": self.marked}


def _most_common(values: Iterable[Optional[str]]) -> Optional[str]:
    counts = Counter(value for value in values if value)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(count * b[gram] for gram, count in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def group_misses(misses: Iterable[Miss], threshold: float = SIMILARITY_THRESHOLD) -> List[MissGroup]:
    """Near-identical messages grouped, largest group first. Deterministic: the most frequent texts lead
    their groups (and represent them), and each other text joins the most similar leader it reaches the
    threshold with."""
    by_form: Dict[str, List[Miss]] = {}
    for miss in misses:
        by_form.setdefault(normalised(miss.text), []).append(miss)
    leaders: List[Tuple[Counter, str, List[Miss]]] = []
    for form in sorted(by_form, key=lambda key: (-len(by_form[key]), key)):
        grams = _trigrams(form)
        scored = [(_cosine(grams, leader), index) for index, (leader, _, _) in enumerate(leaders)]
        best = max(scored, key=lambda pair: (pair[0], -pair[1]), default=(0.0, -1))
        if best[0] >= threshold:
            leaders[best[1]][2].extend(by_form[form])
        else:
            leaders.append((grams, form, list(by_form[form])))
    groups = [_group_of(members, by_form[form]) for _, form, members in leaders]
    return sorted(groups, key=lambda group: (-group.count, group.representative))


def _by_frequency(texts: Iterable[str]) -> List[Tuple[str, int]]:
    counts = Counter(texts)
    return sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))


def _group_of(members: List[Miss], leading: List[Miss]) -> MissGroup:
    reasons = Counter(miss.reason for miss in members)
    return MissGroup(
        representative=_by_frequency(miss.text for miss in leading)[0][0], count=len(members),
        guessed_intent=_most_common(m.guessed_intent for m in members),
        reasons={reason: reasons[reason] for reason in REASONS if reasons[reason]},
        message_ids=sorted(miss.id for miss in members), texts=_by_frequency(miss.text for miss in members),
        marked=dict(sorted(Counter(m.marked_intent for m in members if m.marked_intent).items())))


# --- Writing out what staff marked ---

# Rasa sees CPR numbers and health details as the gateway's placeholders, so the training data says them
# so too (data/nlu/sick_leave.yml does); what the gateway lets through is given a made-up stand-in.
EXPORT_STAND_INS = {"cpr": CPR_PLACEHOLDER, "helbred": HEALTH_PLACEHOLDER, "navn": "Anna",
                    "telefon": "12345678", "email": "navn@example.dk", "adresse": "Testvej 1",
                    "nummer": "1234567"}
PURPOSES = ("training", "evaluation")
# A retrieval intent needs its response key (faq/<topic>) in training data; a plain "faq" cannot be one.
RETRIEVAL_INTENTS = frozenset({"faq"})


def with_stand_ins(text: str) -> str:
    """The text with each placeholder replaced by what Rasa would see in its place."""
    text = _PLACEHOLDER.sub(lambda match: EXPORT_STAND_INS[match.group(0)[1:-1]], text)
    # "[cpr-nummer](" would read as an entity in Rasa's training data.
    return re.sub(r"\](?=[(\[{])", "] ", text)


def examples_by_intent(marked: Iterable[Tuple[str, str]]) -> Dict[str, List[str]]:
    """(intent, text) pairs, newest mark last, as {intent: [texts]}: each text once, under the intent it
    was marked with last, in stand-in form, sorted."""
    latest: Dict[str, Tuple[str, str]] = {}
    for intent, text in marked:
        written = with_stand_ins(" ".join(text.split()))
        latest[normalised(written)] = (intent, written)
    result: Dict[str, List[str]] = {}
    for intent, text in latest.values():
        result.setdefault(intent, []).append(text)
    return {intent: sorted(texts) for intent, texts in sorted(result.items())}


def nlu_training_yaml(marked: Iterable[Tuple[str, str]], note: str = "") -> str:
    """Rasa 3.x NLU training data of the marked (intent, text) pairs, for the next release's data/nlu."""
    examples = examples_by_intent(marked)
    left_out = {intent: len(examples.pop(intent)) for intent in sorted(RETRIEVAL_INTENTS) if intent in examples}
    lines = [f"# {line}" for line in (note.splitlines() if note else [])]
    for intent, count in left_out.items():
        lines.append(f"# {count} message(s) marked {intent} are left out: a retrieval intent's examples need "
                     f"their topic ({intent}/<topic>); add them to its file by hand.")
    lines += ['version: "3.1"', "nlu:" if examples else "nlu: []"]
    for intent, texts in examples.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {text}" for text in texts]
    return "\n".join(lines) + "\n"


class _IndentedLists(yaml.SafeDumper):
    """Lists indented under their key, as tests/data/heldout/intents.yml writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def heldout_yaml(marked: Iterable[Tuple[str, str]], note: str = "") -> str:
    """The marked (intent, text) pairs as tests/data/heldout/intents.yml holds its messages: intent ->
    list of messages."""
    examples = examples_by_intent(marked)
    header = "".join(f"# {line}\n" for line in note.splitlines()) if note else ""
    if not examples:
        return header + "{}\n"
    return header + yaml.dump(examples, Dumper=_IndentedLists, allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=10_000)


# --- The chart ---

CHART_BARS = 10
_CHART_WIDTH, _BAR_HEIGHT, _GAP, _LABEL_WIDTH = 640, 24, 8, 300


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def bar_chart_svg(groups: Sequence[MissGroup], bars: int = CHART_BARS) -> str:
    """An inline SVG bar chart of the largest groups: one bar per group, its length the count, labelled
    with the group's text and count, with a title and description for screen readers."""
    shown = list(groups)[:bars]
    height = max(1, len(shown)) * (_BAR_HEIGHT + _GAP) + _GAP
    largest = max((group.count for group in shown), default=1)
    room = _CHART_WIDTH - _LABEL_WIDTH - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="teach-chart" role="img" '
             f'aria-labelledby="teach-chart-title teach-chart-desc" viewBox="0 0 {_CHART_WIDTH} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet">',
             '<title id="teach-chart-title">De hyppigste beskeder, assistenten ikke forstod</title>',
             '<desc id="teach-chart-desc">' + _xml("; ".join(
                 f"{group.representative}: {group.count}" for group in shown) or "Ingen beskeder") + "</desc>"]
    for index, group in enumerate(shown):
        y = _GAP + index * (_BAR_HEIGHT + _GAP)
        width = max(2, round(room * group.count / largest))
        parts.append(f'<g class="teach-bar"><text x="{_LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" '
                     f'font-size="13" fill="#1f2933">{_xml(_short(group.representative))}</text>'
                     f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width}" height="{_BAR_HEIGHT}" fill="#1d4f91"/>'
                     f'<text x="{_LABEL_WIDTH + width + 6}" y="{y + 17}" font-size="13" fill="#1f2933">'
                     f'{group.count}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
