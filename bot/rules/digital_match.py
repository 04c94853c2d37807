"""Digital matching: how well an approved småjob fits a citizen who opted in to suggestions, and why,
read only from the profile facts listed in MATCHING_FIELDS (never age, gender, origin or health)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Mapping, NamedTuple, Optional, Tuple

from rapidfuzz.distance import OSA

from bot.rules.profile import LICENCE_CATEGORIES
from bot.rules.reading.words import WORD
from bot.text import danish_regex, squash_danish

MATCHING_FIELDS = ("wished_jobs", "experience", "hours_per_week", "postcode", "max_travel_km",
                   "driving_licence", "certificates", "languages")
DEFAULT_MAX_TRAVEL_KM = 20
EXPERIENCE_WEIGHT = 0.7           # a wish counts more than experience
TASKS_WEIGHT = 0.8                # the job area is only in the tasks; the title names none
UNKNOWN_DISTANCE_NEARNESS = 0.5   # below any known distance within reach (0.6 at the limit, 1.0 at 0 km)
UNKNOWN_REQUIREMENT_FACTOR = 0.85  # per hard requirement the profile says nothing about
NICE_TO_HAVE_BONUS = 0.05         # per nice-to-have the profile meets

# Job areas: key, Danish and English label (the reason line's first word), stems written as spelt
# (squashed on import). A stem of five letters or more matches inside a word, so compounds and
# inflections count ("køkken" in "køkkenmedhjælperen"), and from seven letters with one typo (not in
# the first letter: "gartner" is not "partner"). A shorter stem only counts when no longer one matched
# the word: alone or inflected ("kokke"), before a generic part ("sosuhjælper", "cafémedarbejder"),
# or after four letters or more ("avisbud", but not "tilbud").
_AREA_TABLE = (
    ("cleaning", "rengøring", "cleaning", "rengør rengøring renhold vinduespudser stuepige bilvask clean housekeeping "
     "custodian"),
    ("kitchen", "køkken", "kitchen", "køkken kok kokke opvask kantine anretter smørrebrød bager restaurant catering "
     "kitchen cook dishwasher dishwash"),
    ("serving", "servering", "serving", "tjener servering servitrice bartender barista café restaurant waiter"),
    ("warehouse", "lager", "warehouse", "lager pakke plukke plukning varemodtagelse truck logistik warehouse picker "
     "packer packing forklift"),
    ("shop", "butik", "shop", "butik ekspedient kasse supermarked detailhandel vareopfyld kiosk salgsassistent shop "
     "retail cashier checkout sales"),
    ("transport", "transport", "transport", "chauffør chauffeur bud budbringer avisbud pakkebud madbud omdeler "
     "omdeling kurer udbringning transport flyttemand taxi driver delivery courier"),
    ("gardening", "havearbejde", "gardening", "gartner havearbejde haveservice havemand havehjælp havepleje "
     "plæneklipning græsslåning ukrudt garden gardener landscaping groundskeeper lawn"),
    ("care", "pleje", "care", "sosu sundhedshjælper sundhedsassistent plejehjælp plejemedarbejder plejehjem "
     "plejecenter hjemmepleje hjemmehjælp sygepleje ældrepleje care caregiver carer nursing"),
    ("childcare", "børn", "childcare", "pædagog dagpleje børnehave vuggestue sfo fritidshjem fritidsklub barnepige "
     "børnepasning børn childcare daycare nanny babysitter kindergarten nursery"),
    ("caretaker", "pedel", "caretaker", "pedel vicevært ejendomsservice ejendomsfunktionær altmuligmand caretaker "
     "janitor handyman"),
    ("office", "kontor", "office", "kontor administration reception sekretær dataindtastning kundeservice "
     "callcenter office clerk secretary"),
    ("production", "produktion", "production", "produktion fabrik montage montør samlebånd factory assembly"),
    ("construction", "byggeri", "construction", "byggeri byggeplads håndværker maler tømrer murer nedrivning "
     "construction builder painter carpenter"),
    ("farming", "landbrug", "farming", "landbrug landmand stald malker dyrepasser jordbær frugtplukning farm"),
)


class JobArea(NamedTuple):
    key: str
    label_da: str
    label_en: str
    stems: Tuple[str, ...]


JOB_AREAS = tuple(JobArea(key, da, en, tuple(squash_danish(stem) for stem in stems.split()))
                  for key, da, en, stems in _AREA_TABLE)
_LONG_STEM = 5
_FUZZY_STEM = 7
_ENDINGS = ("", "e", "en", "er", "ere", "erne", "ene", "et", "r", "s", "es", "ing")
_GENERIC_TAILS = tuple(squash_danish(word) for word in
                       "medhjælper hjælper hjælp medarbejder arbejder assistent elev personale job".split())
# Words that say nothing about the job, left out when titles outside the table are compared word by word.
_GENERIC = frozenset(_GENERIC_TAILS) | {squash_danish(word) for word in (
    "arbejde arbejdet stilling jobbet deltid fuldtid fritid sommer studie weekend aften morgen timer "
    "søges søger ekstra gerne have noget eller også bare inden assistant worker helper help staff jobs work "
    "with part time some something anything").split()}

Words = List[Tuple[str, str]]   # (squashed, as written in lower case)


def _words(text: Any) -> Words:
    return [(squash_danish(word), word) for word in WORD.findall(str(text or "").lower())]


def _core(word: str) -> str:
    """The word without a generic last part and its linking s: "butiksmedhjalper" → "butik"."""
    for tail in _GENERIC_TAILS:
        if word.endswith(tail) and len(word) > len(tail) + 1:
            word = word[: -len(tail)]
            return word[:-1] if word.endswith("s") and len(word) > 3 else word
    return word


def _near(piece: str, stem: str) -> bool:
    return piece[:1] == stem[:1] and OSA.distance(piece, stem, score_cutoff=1) <= 1


def _has_stem(word: str, stem: str) -> bool:
    size = len(stem)
    return stem in word or size >= _FUZZY_STEM and any(
        _near(word[start:start + width], stem) for width in (size - 1, size, size + 1)
        for start in range(len(word) - width + 1))


def _has_short_stem(word: str, stem: str) -> bool:
    forms = (word, _core(word))
    return any(stem + ending in forms for ending in _ENDINGS) or (word.endswith(stem) and len(word) - len(stem) >= 4)


@lru_cache(maxsize=4096)
def _word_areas(word: str) -> FrozenSet[int]:
    """The job areas a squashed word names; a short stem counts only when no long one matched."""
    long = frozenset(index for index, area in enumerate(JOB_AREAS) for stem in area.stems
                     if len(stem) >= _LONG_STEM and _has_stem(word, stem))
    return long or frozenset(index for index, area in enumerate(JOB_AREAS) for stem in area.stems
                             if len(stem) < _LONG_STEM and _has_short_stem(word, stem))


def _areas(words: Words) -> FrozenSet[int]:
    return frozenset().union(*(_word_areas(word) for word, _ in words))


def _same_word(one: str, other: str) -> bool:
    short, long = sorted((one, other), key=len)
    return (short == long or (len(short) >= 4 and long.startswith(short)) or (len(short) >= 5 and short in long)
            or (len(short) >= 6 and _near(short, long)))


def _telling_core(word: str) -> Optional[str]:
    core = _core(word)
    return core if len(core) >= 4 and not {word, core} & _GENERIC else None


def _shared_word(words: Words, title: Words) -> Optional[str]:
    """The citizen's word that a title outside the table also uses ("frisør" in "Frisørelev")."""
    title_cores = [core for core in map(_telling_core, (word for word, _ in title)) if core]
    return next((written for word, written in words if _telling_core(word)
                 and any(_same_word(_telling_core(word), core) for core in title_cores)), None)


def _text_fit(text: Any, title: Words, title_areas: FrozenSet[int], task_areas: FrozenSet[int]):
    """(weight, Danish label, English label) of one wish or experience title against the posting: the
    title's job area, else a word the title shares, else the job area of the tasks."""
    words = _words(text)
    areas = _areas(words)
    word = None if areas & title_areas else _shared_word(words, title)
    if word:
        return 1.0, word, word
    for shared, weight in ((areas & title_areas, 1.0), (areas & task_areas, TASKS_WEIGHT)):
        if shared:
            return weight, JOB_AREAS[min(shared)].label_da, JOB_AREAS[min(shared)].label_en
    return None


def _job_fit(profile: Mapping, vacancy: Mapping) -> Optional[Tuple[float, str, str, str]]:
    """(weight, label_da, label_en, "wish" or "experience"): the best match of a wish (weight 1) or an
    experience title (EXPERIENCE_WEIGHT) with the posting."""
    title = _words(vacancy.get("job_title"))
    title_areas = _areas(title)
    task_areas = frozenset() if title_areas else _areas(_words(vacancy.get("tasks")))
    experience = [item.get("title") if isinstance(item, Mapping) else item for item in profile["experience"] or []]
    best = None
    for matched_on, weight, texts in (("wish", 1.0, profile["wished_jobs"] or []),
                                      ("experience", EXPERIENCE_WEIGHT, experience)):
        for text in texts:
            fit = _text_fit(text, title, title_areas, task_areas)
            if fit and (best is None or weight * fit[0] > best[0]):
                best = (weight * fit[0], fit[1], fit[2], matched_on)
    return best


# --- Requirements --------------------------------------------------------------------------------

class Requirement(NamedTuple):
    kind: str                   # "licence", "truck", "hygiene" or "language"
    options: FrozenSet[str]     # licence categories or language codes, any one will do
    hard: bool


_NICE = danish_regex(r"\b(?:fordel\w*|gerne|ønsk\w*|foretræk\w*|helst|plus|bonus|advantage\w*|preferabl[ey]"
                     r"|preferred|nice\s+to\s+have|desirable|ideally)\b")
_HARD = danish_regex(r"\b(?:krav\w*|kræve\w*|påkrævet|skal|nødvendig\w*|obligatorisk|forudsætning\w*|must"
                     r"|required?|requirements?|needs?|necessary|essential|mandatory|have\s+to)\b")
_NOT_HARD = danish_regex(r"\b(?:ikke|ingen|intet|not|no)\s+(?:\w+\s+){0,2}?(?:krav|kræve\w*|påkrævet|nødvendig\w*"
                         r"|required?|requirements?|necessary|needed|mandatory|a\s+must)\b"
                         r"|\b(?:kræves|skal|behøver|behøves|needs?|must)\s+(?:du\s+|you\s+)?(?:ikke|not)\b"
                         r"|n[’']t\s+(?:\w+\s+)?(?:need|have\s+to|required)")
_SENTENCE = re.compile(r"[.!?;\n]+")
_PART = re.compile(r",|\b(?:og|and|men|but|samt)\b", re.IGNORECASE)
_ALTERNATIVES = re.compile(r"\b(?:eller|or)\b", re.IGNORECASE)
_CATEGORY = r"(?-i:AM|A1|A2|BE|C1E|C1|CE|C|D1E|D1|DE|D|A|B)|b"
_LICENCE = danish_regex(r"kørekort|driv(?:ing|er[’']?s)\s+licen[cs]e|førerbevis")
_LICENCE_CATEGORY = danish_regex(rf"\b({_CATEGORY})\s*-?\s*(?:kørekort|licen[cs]e)"
                                 rf"|(?:kørekort|licen[cs]e)\s*(?:kategori|category|type|til|:)?\s*({_CATEGORY})\b")
_KINDS = (("truck", danish_regex(r"truck\s*-?\s*(?:certifikat|kort|bevis|licen[cs]e|certificate)|gaffeltruck"
                                 r"|forklift")),
          ("hygiene", danish_regex(r"hygiejne\s*-?\s*(?:bevis|certifikat|kursus)|hygiene\s+(?:certificate|course)"
                                   r"|food\s+hygiene")))
_LANGUAGES = (("da", danish_regex(r"\b(?:dansk|danish)(?!\w*\s*-?\s*(?:kørekort|driv))"), ("dansk", "danish")),
              ("en", danish_regex(r"\b(?:engelsk|english)"), ("engelsk", "english")),
              ("de", danish_regex(r"\b(?:tysk|german)"), ("tysk", "german")))
_CERTIFICATE_WORDS = {"truck": ("truck", "forklift", "gaffel"), "hygiene": ("hygiejne", "hygiene")}


def _strength(part: str) -> Optional[bool]:
    """True hard, False nice-to-have ("ikke et krav" included), None when the part does not say."""
    if _NICE.search(part) or _NOT_HARD.search(part):
        return False
    return True if _HARD.search(part) else None


def _mentions(part: str) -> List[Tuple[str, FrozenSet[str]]]:
    found = []
    if _LICENCE.search(part):
        categories = {one or other for one, other in _LICENCE_CATEGORY.findall(part)}
        categories |= {"C"} if re.search(r"lastbil|lorry", part, re.IGNORECASE) else set()
        found.append(("licence", frozenset(category.upper() for category in categories) or frozenset({"B"})))
    found += [(kind, frozenset()) for kind, pattern in _KINDS if pattern.search(part)]
    languages = [code for code, pattern, _ in _LANGUAGES if pattern.search(part)]
    if languages and _ALTERNATIVES.search(part):
        found.append(("language", frozenset(languages)))
    else:
        found += [("language", frozenset({code})) for code in languages]
    return found


@lru_cache(maxsize=1024)
def read_requirements(text: Optional[str]) -> Tuple[Requirement, ...]:
    """The driving licence, truck and hygiene certificates and languages a posting's requirements ask
    for, each hard ("krav", "skal", "required", "must") or nice-to-have ("en fordel", "gerne",
    "preferably", "ikke et krav"). A clause that does not say takes the word of the clause before it in
    the sentence, else the one after; a sentence that says neither is hard, as the field lists
    requirements. "dansk eller engelsk" is one requirement either language meets."""
    found: Dict[Tuple[str, FrozenSet[str]], bool] = {}
    for sentence in _SENTENCE.split(text or ""):
        parts = [part for part in _PART.split(sentence) if part.strip()]
        strengths = [_strength(part) for part in parts]
        for index, part in enumerate(parts):
            said = [s for s in strengths[index::-1] + strengths[index + 1:] if s is not None]
            hard = said[0] if said else True
            for key in _mentions(part):
                found[key] = found.get(key, False) or hard
    return tuple(Requirement(kind, options, hard) for (kind, options), hard in found.items())


def _covers(held: str, required: str) -> bool:
    """Whether a licence category allows what `required` does: any car, lorry or bus licence covers B."""
    if required == "B":
        return held in LICENCE_CATEGORIES[LICENCE_CATEGORIES.index("B"):]
    return held in (required, required + "E") or (required in ("C1", "D1") and held in (required[0], required[0] + "E"))


def _profile_meets(profile: Mapping, requirement: Requirement) -> Optional[bool]:
    """True, False (the profile clearly lacks it) or None (the profile does not say)."""
    if requirement.kind == "licence":
        held = profile["driving_licence"]
        if held is None:
            return None
        return any(_covers(str(category).upper(), needed) for category in held for needed in requirement.options)
    items = [squash_danish(str(item)) for item in
             (profile["languages"] if requirement.kind == "language" else profile["certificates"]) or []]
    if not items:
        return None
    words = (_CERTIFICATE_WORDS.get(requirement.kind)
             or [word for code, _, names in _LANGUAGES if code in requirement.options for word in names])
    return any(word in item for item in items for word in words)


def _requirements_effect(profile: Mapping, text: Optional[str]) -> Optional[Tuple[float, float]]:
    """(factor, bonus), or None when a hard requirement is clearly not met."""
    factor, bonus = 1.0, 0.0
    for requirement in read_requirements(text):
        meets = _profile_meets(profile, requirement)
        if requirement.hard and meets is False:
            return None
        if requirement.hard and meets is None:
            factor *= UNKNOWN_REQUIREMENT_FACTOR
        if not requirement.hard and meets:
            bonus += NICE_TO_HAVE_BONUS
    return factor, bonus


# --- Scoring -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    vacancy_id: Any
    score: float            # 0..1, higher is better
    reasons_da: str         # "køkken · 8 timer · 4200 · 12 km"
    reasons_en: str
    matched_on: str         # "wish" | "experience"
    distance_km: Optional[float]


def reasons_line(label: str, hours: Any, postcode: Any, distance_km: Optional[float], language: str) -> str:
    """"køkken · 8 timer · 4200 · 12 km": what matched, the posting's hours and postcode, the distance
    (whole km, "< 1 km" below half a kilometre); an unknown part is left out."""
    parts = [label]
    if hours is not None:
        one, many = ("time", "timer") if language == "da" else ("hour", "hours")
        amount = f"{float(hours):g}".replace(".", "," if language == "da" else ".")
        parts.append(f"{amount} {one if float(hours) == 1 else many}")
    if postcode:
        parts.append(str(postcode))
    if distance_km is not None:
        whole = math.floor(distance_km + 0.5)
        parts.append(f"{whole} km" if whole >= 1 else "< 1 km")
    return " · ".join(parts)


def score_vacancy(profile: Mapping, vacancy: Mapping, distance_km: Optional[float]) -> Optional[Suggestion]:
    """None when the posting must not be suggested (job does not fit, too far, too many hours, a hard
    requirement the profile does not meet)."""
    profile = {field: profile.get(field) for field in MATCHING_FIELDS}
    fit = _job_fit(profile, vacancy)
    max_km = DEFAULT_MAX_TRAVEL_KM if profile["max_travel_km"] is None else profile["max_travel_km"]
    hours, available = vacancy.get("hours_per_week"), profile["hours_per_week"]
    if fit is None or (distance_km is not None and distance_km > max_km):
        return None
    if hours is not None and available is not None and float(hours) > float(available):
        return None
    effect = _requirements_effect(profile, vacancy.get("requirements"))
    if effect is None:
        return None
    nearness = (UNKNOWN_DISTANCE_NEARNESS if distance_km is None
                else 1 - 0.4 * (distance_km / max_km if max_km > 0 else 0))
    score = round(min(1.0, fit[0] * nearness * effect[0] + effect[1]), 4)
    postcode = vacancy.get("postcode")
    return Suggestion(vacancy.get("id"), score, reasons_line(fit[1], hours, postcode, distance_km, "da"),
                      reasons_line(fit[2], hours, postcode, distance_km, "en"), fit[3], distance_km)


def _rank_key(suggestion: Suggestion):
    """Score, then distance (unknown last), then id: numbers in order before any other id as text."""
    vacancy_id = suggestion.vacancy_id
    textual = not isinstance(vacancy_id, (int, float)) or isinstance(vacancy_id, bool)
    return (-suggestion.score, math.inf if suggestion.distance_km is None else suggestion.distance_km,
            textual, str(vacancy_id) if textual else vacancy_id)


def rank_vacancies(profile: Mapping, vacancies: Iterable[Mapping], distance: Callable[[str, str], Optional[float]],
                   limit: int = 5) -> List[Suggestion]:
    """Best first (ties: nearer first, then by vacancy id); vacancy mappings have "id". `distance` is
    asked only when both postcodes are known."""
    home = profile.get("postcode")
    suggestions = []
    for vacancy in vacancies:
        there = vacancy.get("postcode")
        km = distance(str(home), str(there)) if home and there else None
        suggestion = score_vacancy(profile, vacancy, km)
        if suggestion is not None:
            suggestions.append(suggestion)
    return sorted(suggestions, key=_rank_key)[:max(limit, 0)]
