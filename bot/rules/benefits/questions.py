"""Reading a benefits question: which topic the model picked and whether the message is really about it,
a second topic to offer, the user's own case (which the assistant cannot see), sick pay for someone
without a job, and a request to do something rather than a question."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.rules.benefits.answers import Topic
from bot.text import squash_danish

RETRIEVAL_INTENT = "faq"
# The ResponseSelector spreads its confidence over some 45 topics, so a right answer often has only
# 0.2-0.4 (measured on tests/data/benefit_questions.yml). Below this it is a guess: the assistant does
# not answer (is_out_of_scope) and offers a person. Confidence alone cannot tell an unrelated question
# from a real one: on 2026-12-01 the model sent 21 of 43 out-of-scope questions ("hvad koster et nyt
# pas") to faq with a top topic at 0.07-0.68, while two real questions of ours came in at 0.11 and 0.14 and every
# training example at 0.74 or more. So the bar stays low, where a topic is a guess, and the topic's own
# vocabulary does the separating: with both, 18 of the 21 get no article (the 3 left share a real word
# with their topic, like "boligstøtte"), and no training example is turned away.
MIN_CONFIDENCE = 0.1
# A second topic with at least this much is offered too ("vil du også vide om ...?").
SECOND_TOPIC_MIN_CONFIDENCE = 0.05

_OWN_CASE = [
    r"\bmin(e)? (sag|udbetaling|afgorelse|ansogning|ydelse|sagsbehandler|dagpenge|sygedagpenge|kontanthjalp|penge)\b",
    r"\bmit (brev|kontanthjalp|belob)\b",
    r"\bhvorfor (har|er|fik|far) jeg\b.*\b(mindre|ikke|stoppet|trukket|afslag|for lidt)\b",
    r"\bhvornar (far|kommer) (jeg|mine)\b",
    r"\b(har|er) (i|kommunen|a-kassen) (modtaget|behandlet|godkendt)\b",
    r"\bmy (case|payment|application|decision|benefit|caseworker|money)\b",
    r"\bwhy (did|have|has|was|were) (i|my)\b",
    r"\bwhen will i (get|receive)\b",
]


def is_about_own_case(text: str) -> bool:
    """ "Hvorfor har jeg fået mindre i dagpenge?" is about the citizen's own case: only the a-kasse
    or the municipality can see it, so the assistant says so and offers a person."""
    squashed = squash_danish(text)
    return any(re.search(pattern, squashed) for pattern in _OWN_CASE)


def topic_of(key: Optional[str]) -> Optional[str]:
    """ "faq/dagpenge_rate" -> "dagpenge_rate"."""
    if not key or "/" not in key:
        return None
    prefix, _, topic = key.partition("/")
    return topic if prefix == RETRIEVAL_INTENT and topic else None


def ranked_topics(parse_data: Dict[str, Any]) -> List[Tuple[str, float]]:
    """The response selector's topics for a parsed message, best first, as (topic, confidence)."""
    selector = (parse_data.get("response_selector") or {})
    result = selector.get(RETRIEVAL_INTENT) or selector.get("default") or {}
    ranked = []
    for item in result.get("ranking") or []:
        topic = topic_of(item.get("intent_response_key"))
        if topic and topic not in [name for name, _ in ranked]:
            ranked.append((topic, float(item.get("confidence") or 0.0)))
    if not ranked:
        response = result.get("response") or {}
        topic = topic_of(response.get("intent_response_key"))
        if topic:
            ranked.append((topic, float(response.get("confidence") or 0.0)))
    return ranked


def choose_topics(ranked: Sequence[Tuple[str, float]]) -> Tuple[Optional[str], Optional[str]]:
    """(the topic to answer, a second topic to offer) — (None, None) when the best is too unsure."""
    if not ranked or ranked[0][1] < MIN_CONFIDENCE:
        return None, None
    second = ranked[1][0] if len(ranked) > 1 and ranked[1][1] >= SECOND_TOPIC_MIN_CONFIDENCE else None
    return ranked[0][0], second


# When a message falls below the NLU fallback threshold but the next-best intent is about benefits
# and the topic itself is clear, the assistant asks "did you mean ...?" instead of only asking to
# rephrase. Measured: such messages ("arbejdsgiverperiode", "fribelob") have the right topic at
# 0.4-0.98, gibberish ("asdfgh", "xyz 123") below 0.2.
SUGGEST_ON_FALLBACK_MIN_CONFIDENCE = 0.4
_FALLBACK_INTENT = "nlu_fallback"
_BENEFIT_INTENTS = {RETRIEVAL_INTENT, "ask_benefits"}


def topic_to_suggest(parse_data: Dict[str, Any]) -> Optional[str]:
    """The benefits topic to offer for a message the NLU was unsure of, or None."""
    if (parse_data.get("intent") or {}).get("name") != _FALLBACK_INTENT:
        return None
    runner_up = next((item.get("name") for item in parse_data.get("intent_ranking") or []
                      if item.get("name") != _FALLBACK_INTENT), None)
    ranked = ranked_topics(parse_data)
    if runner_up not in _BENEFIT_INTENTS or not ranked or ranked[0][1] < SUGGEST_ON_FALLBACK_MIN_CONFIDENCE:
        return None
    return ranked[0][0]


# ---------------------------------------------------------------- an unemployed person who falls ill
# The employee rules (8 weeks' employment, the employer's 30 days) do not apply to someone without a job:
# for them the a-kasse pays the first 14 days. The model reads "fyret", "min gamle arbejdsgiver" and
# "syg" as an employer question, so the words that say the person has no job decide.
SICK_WHILE_UNEMPLOYED = "sick_while_unemployed"
EMPLOYEE_SICKNESS_TOPICS = {"sygedagpenge_from_employer", "sygedagpenge_employer_period"}
# "Opsagt" (given notice) is left out on purpose: during the notice period the person is still
# employed and the employer rules apply.
_UNEMPLOYED = [
    r"\bledig(e)?\b(?!\s+(stilling|stillinger|job|jobs|plads|pladser))",
    r"\barbejdslos\w*", r"\bjoblos\b", r"\buden (arbejde|job)\b",
    r"\b(pa|far|fik|modtager|har|lever af|on|get|getting|receive|receiving) (a-)?dagpenge\b",
    r"\b(blevet |blev )?(fyret|afskediget|bortvist)\b", r"\bmistet mit( faste)? (job|arbejde)\b",
    r"\b(tidligere|gamle|forrige|forhenvarende|eks-?|ex-?) ?(arbejdsgiver|chef|job|arbejdsplads|firma)\w*",
    r"\bunemployed\b", r"\bjobless\b", r"\bout of work\b", r"\bbetween jobs\b", r"\blost my job\b",
    r"\b(got |been |was )?(fired|laid off|let go|made redundant|dismissed)\b",
    r"\bon (unemployment )?benefits?\b",
    r"\b(former|previous|old|ex-?) ?(employer|boss|job|company|workplace)\b",
]
_NEGATED = re.compile(r"\b(ikke|not|never|aldrig)\s+(\w+\s+)?$")


def says_unemployed(text: str) -> bool:
    """ "Jeg er ledig og syg", "my former employer", "I got fired" — and not "jeg er ikke ledig"."""
    squashed = squash_danish(text or "")
    for pattern in _UNEMPLOYED:
        for match in re.finditer(pattern, squashed):
            if not _NEGATED.search(squashed[:match.start()]):
                return True
    return False


def topic_for_situation(topic: Optional[str], text: str) -> Optional[str]:
    """The employee sick-pay topics become the a-kasse rule when the message says the person has no job."""
    if topic in EMPLOYEE_SICKNESS_TOPICS and says_unemployed(text):
        return SICK_WHILE_UNEMPLOYED
    return topic


# ---------------------------------------------------------------- a request to do something
# "Jeg skal melde mig syg" is a request to report sick, not a question about the rules: the assistant
# can do it, so it offers to start instead of answering with an article. Patterns run on squashed text
# (æ/ø/å and ae/oe/aa all become a/o/a) and allow the typos people make in these words.
_SYG = r"(syg+|sgy|syk|sick)"
_MIG = r"(mig|mej|mg)"
_SYGEMELD = r"s[yi]?g+e?[\s-]?m[ae]?l+e?d"
_APPLICATION = r"(job)?ans(o|oe)?g?n?i?n?g(er|erne|en)?\b|jobsogning(er)?\b|aktivitet(er)?\b"
_FIRST_PERSON_WISH = (r"(\b(jeg|vi)\s+(vil|skal|ma|mo|onsker|kunne godt tanke mig|har brug for)\s+"
                      r"|\b(kan|vil) du\s+|\bhjalp mig( med)?\s+|^\s*(ja,?\s+)?|\bhvordan\s+|\bgerne\s+)"
                      r"((gerne|lige|at|jeg|have)\s+)*")
_ENGLISH_WISH = (r"(\b(i|we)\s*(want|need|would like|'d like|d like|wanna|have)\s+to\s+|\b(can|could) (you|i)\s+"
                 r"|\bplease\s+|\bhelp me\s+|\blet me\s+|\bhow (do|can) i\s+|^\s*)")
_JOURNEYS = {
    "start_sick_leave": [
        rf"\bm[ae]l+d?(e|er)?\s+(jeg\s+)?{_MIG}\s+{_SYG}\b",
        rf"\b{_SYGEMELD}(e|er)?\s+(jeg\s+)?{_MIG}\b",
        rf"\b(vil|skal|ska|ma|kan|gerne|brug for at|nodt til at|onsker at)\s+((gerne|lige|at)\s+)*{_SYGEMELD}(e|es)\b",
        rf"\b(lav|lave|opret|oprette|registrer|registrere|indberet|indberette|anmeld|anmelde|send|sende|meld|melde)"
        rf"\s+((en|min|mit|ny)\s+)?({_SYGEMELD}(ing|ning)|sygdom|sygefravar)\b",
        r"\b(report|reprt|repot|raport|rapport|reoprt)\s+(that\s+)?(i\s*am\s+|i'?m\s+|myself\s+|me\s+)?(off\s+)?"
        r"(sick|ill|sik|sickk)\b",
        r"\b(report|register|log|file|submit|record)\s+((my|a)\s+)?(sick\s*leave|sickness|illness|sick\s*day)\b",
        r"\bcall(ing)?\s+in\s+(sick|ill)\b", r"\bsign\s+(myself\s+|me\s+)?off\s+sick\b",
    ],
    "log_job_activity": [
        rf"{_FIRST_PERSON_WISH}(log|logge|logger|registrer|registrere|registrerer|tilfoj|tilfoje|tilfojer|noter|"
        rf"notere|gem|gemme|indtast|indtaste)\s+((en|et|min|mine|mit|ny|nye|endnu en|jeg|vi)\s+)*"
        rf"({_APPLICATION}|job\b)",
        rf"{_ENGLISH_WISH}(log|register|record|add|enter|save)\s+((a|an|my|one|another|the|new)\s+)*"
        r"(job\s+)?(applications?|job search(es)?|activity|activities|jobs?)\b",
        rf"{_FIRST_PERSON_WISH}(log\w*|registrere|notere|skrive)\s+(ned\s+)?at\s+(jeg|vi)\s+(har\s+)?(sogt|sendt)",
        rf"{_FIRST_PERSON_WISH}skriv(e)?\s+((en|min|mine|ny)\s+)*({_APPLICATION})\s+ind\b",
        r"\b(record|log|register|note)\s+that\s+i\s+(have\s+|'ve\s+)?applied\b",
    ],
    "post_vacancy": [
        r"\bsl(a|aa)r?\s+((et|en|mit|vores|nyt|ny)\s+)*(smajob|sma job|job|stilling|jobopslag|opslag)\s+op\b",
        rf"{_FIRST_PERSON_WISH}(opret|oprette|opretter|lav|lave|poste|annoncere|annoncer)\s+((et|en|mit|vores|nyt|ny)"
        r"\s+)*(smajob|sma job|jobopslag|jobannonce|stillingsopslag)\b",
        rf"{_ENGLISH_WISH}(post|advertise|create|list|put up|publish|submit)\s+((a|an|my|our|new)\s+)*"
        r"(small\s*job|smajob|job\s+(ad|advert|posting|opening)|vacancy|position|job)\b",
    ],
    "ask_human": [
        r"\b(tal|tale|snak|snakke|chat|chatte)\s+(med|til)\s+((en|et|min|mit|den|nogen|rigtig|rigtigt|levende)\s+)*"
        r"(medarb\w*|menneske\w*|person\w*|sagsbeh\w*|radgiver\w*|jobkonsulent\w*|konsulent\w*|vejleder\w*|nogen)",
        r"(?<!\bi )\b(kontakt\w*|viderestil\w*|stil mig videre|overfor\w*|forbind\w*|giv mig|fa fat i|have fat i|"
        r"hjalp fra|hjalp af|vil have)\s+((mig|en|et|min|mit|til|med|af|ved)\s+)*(medarb\w*|menneske\w*|sagsbeh\w*|"
        r"radgiver\w*|jobkonsulent\w*|konsulent\w*|vejleder\w*)",
        r"\b(tal|tale|snak|snakke)\s+med\s+(en|nogen)\s+(fra|i|pa)\s+(jobcent\w*|kommunen|a-kassen)\b",
        r"\bviderestil mig\b", r"\bring\w*\s+(mig\s+op|til\s+mig)\b", r"\bringes op\b",
        r"\b(talk|speak|chat)\s+(to|with)\s+((a|an|my|the|some|real|live|actual)\s+)*(person|human|staff|member of "
        r"staff|advisor|adviser|caseworker|case worker|agent|someone|somebody|employee|(job )?consultant)\b",
        r"\b(want|need|get me|give me)\s+(a|an)\s+(real\s+|live\s+)?(person|human|agent)\b",
        r"\b(connect|transfer|put)\s+me\s+(to|with|through)\b", r"\b(human|real person|agent)\s+please\b",
        r"\bcall me( back| up)?\b",
    ],
}
# What may stand right before the request and make it something else: "efter jeg har meldt mig syg"
# (after the fact) or "skal min arbejdsgiver melde mig syg" (someone else does it).
_NOT_MY_REQUEST = re.compile(
    r"(\b(efter|nar|hvis|inden|siden|indtil|after|when|once|if|before|since|until)\s+(at\s+)?(jeg|i|man|you|du)?"
    r"\s*(har|have|'ve|ve|er|am|'m|skal|will|ll)?\s*$"
    r"|\b(hvem|who|arbejdsgiver\w*|chef\w*|employer|boss|kommunen|municipality|a-kassen|man|one)\s+(\w+\s+)?$)")


def requested_journey(text: str) -> Optional[str]:
    """The journey an explicit request asks for — "start_sick_leave", "log_job_activity", "post_vacancy"
    or "ask_human" (the intents that start them) — or None for a question about the rules."""
    squashed = " ".join(squash_danish(text or "").split())
    found = []
    for journey, patterns in _JOURNEYS.items():
        for pattern in patterns:
            for match in re.finditer(pattern, squashed):
                if not _NOT_MY_REQUEST.search(squashed[:match.start()]):
                    found.append((match.start(), journey))
    return min(found)[1] if found else None


# ---------------------------------------------------------------- out of scope
# Words that carry no topic: question words, pronouns, small verbs, time words and the like, in Danish
# (squashed: "får" is "far", "må" is "ma") and English. A message with none of its other words in the
# chosen topic's vocabulary is not about that topic, however sure the model is.
_STOPWORDS = set("""
hvad hvor hvordan hvornar hvem hvilken hvilke hvilket hvorfor hvis hvorvidt
jeg mig min mit mine du dig din dit dine han hun ham hende hans hendes den det de dem deres vi os vores
i jer jeres man sig sin sit sine en et der her nu sa som at og eller men for til fra med uden om pa af
ud op ind ned over under efter inden ved hos mod mellem igennem gennem ogsa ikke ja nej tak hej
er var vaere vaeret bliver blive blev blevet har have havde haft kan kunne skal skulle vil ville ma matte
far fa fik faet gar ga gik gaet gor gore gjorde kommer komme kom sker ske skete siger sige sagde
lave laver lavet tage tager taget give giver givet holde holder se ser set
findes finde gaelder galder betyder betyde hedder
meget mere mest mange flere lidt noget nogen nogle alle alt andre anden andet hele helt
lang langt lange laenge stor store lille sma ny nyt nye gammel gamle god godt gode
dag dage dagen uge uger ugen maned maneder maneden ar aret aar tid gang gange
nar sa hvis fordi da endnu stadig igen lige bare kun vel jo nok
the a an and or but of to from with without about on in at by for as is are was were be been being
i me my mine you your he she it its we our they their them this that these those there here
do does did done have has had having can could will would shall should may might must
what how when where who whom which why whether if
get gets got getting go goes going went come comes came make made
much more most many some any all other another no not yes please thanks hi hello
day days week weeks month months year years time now still again just only also very really
new old big small long leave
kommune kommunen kommunens kommunal municipality penge money hjaelp hjalp help kr kroner dkk
betale betaler betalt betales udbetale udbetaler udbetales udbetalt udbetaling pay pays paid payment
""".split())
_STOPWORDS_SQUASHED = {squash_danish(word) for word in _STOPWORDS}
_WORD = re.compile(r"[a-z0-9§æøåéäö]+")
# Two words are the same when they begin with the same five letters ("satsen", "satserne"), one holds
# the other from six letters ("visitationskategorier", "kategori") or ends with it from five, or one is a
# typo of the other: one slip in a word of five letters, two in a word of eight ("beskeftigelsestilæg").
# Shorter words must match exactly, but for a final -s or -e ("jobs", "job"): with one slip allowed,
# "pas" would be "pays" and "læge" would be "lagt".
_SHARED_STEM = 5
_CONTAINED_FROM = 6
_ONE_TYPO_FROM = 5
_TWO_TYPOS_FROM = 8


def content_words(text: str) -> List[str]:
    """The words of `text` that can carry a topic, squashed: "Hvad er dagpengesatsen?" -> ["dagpengesatsen"]."""
    # Stop words are taken out before squashing: squashed, English "does" would be "dos".
    words = _WORD.findall((text or "").lower())
    return [squash_danish(word) for word in words
            if word not in _STOPWORDS and squash_danish(word) not in _STOPWORDS_SQUASHED]


def _edits_at_most(word: str, other: str, limit: int) -> bool:
    """Levenshtein distance <= limit, row by row, giving up as soon as every cell is over it."""
    if abs(len(word) - len(other)) > limit:
        return False
    previous = list(range(len(other) + 1))
    for i, letter in enumerate(word, 1):
        current = [i]
        for j, other_letter in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other_letter)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _same_word(word: str, known: str) -> bool:
    shorter, longer = sorted((word, known), key=len)
    if word == known or (len(shorter) >= _CONTAINED_FROM and shorter in longer):
        return True
    if len(shorter) >= _SHARED_STEM and (word[:_SHARED_STEM] == known[:_SHARED_STEM] or longer.endswith(shorter)):
        return True
    if len(shorter) < _ONE_TYPO_FROM:
        return len(longer) == len(shorter) + 1 and longer[:-1] == shorter and longer[-1] in "se"
    return _edits_at_most(word, known, 2 if len(shorter) >= _TWO_TYPOS_FROM else 1)


@lru_cache(maxsize=None)
def topic_words(topic: Topic) -> Tuple[str, ...]:
    """A topic's own vocabulary: the content words of its titles, its answer in both languages and the
    keywords the answers file gives it (synonyms the answer does not use, like "chef" for employer)."""
    texts = [topic.title_da, topic.title_en, topic.da, topic.en, topic.da_when_on or "", topic.en_when_on or "",
             *topic.keywords]
    return tuple(sorted({word for text in texts for word in content_words(text)}))


def shares_a_word(text: str, words: Sequence[str]) -> bool:
    """Whether a content word of `text` is in `words`, allowing one typo, a Danish compound or an ending."""
    return any(_same_word(word, known) for word in content_words(text) for known in words)


def is_out_of_scope(text: str, ranked: Sequence[Tuple[str, float]], topics: Mapping[str, Topic]) -> bool:
    """True when the best topic is a guess (below MIN_CONFIDENCE) or the message has no word of it:
    "hvad koster et nyt pas" must not get the reform article, however sure the model is."""
    if not ranked or ranked[0][0] not in topics or ranked[0][1] < MIN_CONFIDENCE:
        return True
    return not shares_a_word(text, topic_words(topics[ranked[0][0]]))
