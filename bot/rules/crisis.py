"""Spots suicide and self-harm language in a citizen's message, Danish or English, so it is answered first.

How a message is read, with no model:
1. Normalised: lower-case, æ/ø/å squashed (bot.text.squash_danish: "død", "doed" and "dod" all become
   "dod"; "være" → "vare", "skære" → "skare", "hænge" → "hange", "begået" → "begat"), apostrophes
   dropped ("don't" → "dont"), punctuation turned into a clause break " . ", short spellings written out
   ("ik" → "ikke", "kms" → "kill myself"), and one typo in a key word (_FUZZY_STEMS, _FUZZY_WORDS)
   corrected: "selmordstanker", "myslef", "ihjl".
2. Idioms are blanked first ("dør af grin", "lol I'm dying", "ventetiden slår mig ihjel", "keder mig ihjel",
   "økonomisk selvmord", an accident at work, away on holiday), so a crisis statement next to one still counts.
3. A negated mention ("jeg er ikke selvmordstruet") and someone else's past suicide are blanked and
   remembered as "unsure".
4. The crisis table (_CRISIS).
5. A plan, a letter to family or a gift (_PLANS, _PREPARATIONS): "crisis" next to death, being gone (_GONE)
   or hopelessness; a plan alone ("jeg har besluttet mig") is "unsure", a letter or a gift alone nothing.
6. Any remaining mention of suicide or self-harm: "unsure" when asked in the abstract ("hvad er selvmord",
   "hvad gør man hvis man ..." with no I/me), otherwise "crisis".
7. The unsure table (_UNSURE): hopelessness, and one's own death mentioned vaguely.
A crisis statement after "hvis"/"if"/"ellers" gets the signal "conditional".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Match, Optional, Pattern, Sequence, Tuple

from bot.text import squash_danish

CRISIS, UNSURE, NONE = "crisis", "unsure", "none"


@dataclass(frozen=True)
class CrisisAssessment:
    level: str             # "crisis" | "unsure" | "none"
    signal: Optional[str]  # a short code of what matched, never message text


def _compile(pattern: str) -> Pattern:
    """A table pattern as a regex over the normalised words, matched at word edges. In a pattern
    " _ " is up to three words, " __ " up to six, and " ~ " up to four words none of which is I/me."""
    pattern = (pattern.replace(" __ ", r" (?:\w+ ){0,6}").replace(" _ ", r" (?:\w+ ){0,3}")
               .replace(" ~ ", r" (?:(?!jeg |mig |i |im )\w+ ){0,4}"))
    if "_" in pattern or "~" in pattern:
        raise ValueError(f"a gap marker needs a space on both sides: {pattern}")
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


Table = List[Tuple[str, Pattern]]  # (signal, pattern), checked in order


def _table(rows: Sequence[Tuple[str, Sequence[str]]]) -> Table:
    return [(signal, _compile(pattern)) for signal, patterns in rows for pattern in patterns]


# --- Normalising -------------------------------------------------------------------------------------

_SPELLINGS = {"ik": "ikke", "ikk": "ikke", "ike": "ikke", "jg": "jeg", "mg": "mig", "mej": "mig",
              "migselv": "mig selv", "cannot": "cant", "wanna": "want to", "gonna": "going to",
              "kms": "kill myself"}
_PHRASES = [(re.compile(rf"(?<!\w){old}(?!\w)"), new) for old, new in (
    ("my self", "myself"), ("selv mord", "selvmord"), ("selv skad", "selvskad"), ("i hjel", "ihjel"),
    (r"self (harm\w*|injur\w*)", r"self\1"), ("do not", "dont"), ("can not", "cant"), ("i am", "im"),
    ("will not", "wont"), ("any more", "anymore"))]

# Key words whose typos are corrected; stems also cover compounds and inflections ("selvmordstanker").
_FUZZY_STEMS = ("selvmord", "selvskad", "suicid", "afskedsbrev", "farvelbrev", "overdos", "ligegyldig",
                "meningslos", "hablos", "livslede")
_FUZZY_WORDS = ("ihjel", "livet", "drabe", "draber", "skare", "skarer", "skade", "skader", "hange", "hanger",
                "springe", "toget", "taget", "piller", "pillerne", "tabletter", "farvel", "vagne", "vagner",
                "savne", "byrde", "pointen", "orker", "magter", "onsker", "myself", "himself", "herself",
                "killing", "burden", "goodbye", "better", "without", "anymore", "alive", "living", "cutter",
                "hurting", "nobody", "everyone", "hopeless", "pointless", "wrists")
# Ordinary words one letter from a key word, which must stay what they are.
_ORDINARY_WORDS = frozenset((
    "live", "lives", "lived", "liver", "river", "drab", "drage", "drager", "rabe", "kare", "sare", "spare",
    "sparer", "sparet", "share", "skarp", "stare", "skabe", "skaber", "kade", "hang", "hane", "hage", "hande",
    "hander", "change", "range", "danger", "hunger", "vane", "save", "farve", "farver", "farvet", "piler",
    "killer", "letter", "bitter", "butter", "setter", "batter", "alike", "olive", "giving", "loving",
    "liking", "lining", "diving", "billing", "filling", "willing", "gutter", "overdo", "overdone", "order",
    "worker", "matter", "mager", "hurtig", "tage", "tager", "noise", "nose", "skyde", "skyder", "burde"))
_ORDINARY_PREFIXES = ("selvmodsig",)  # selvmodsigende, selvmodsigelse: self-contradictory


def _within_one_edit(a: str, b: str) -> bool:
    """One letter wrong, missing or extra, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) <= 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _corrected(word: str) -> str:
    """The key word a typo stands for. The first letter must match: typos rarely hit it, and most
    ordinary words one letter from a key word differ there ("mange", "bange" and "hange")."""
    if len(word) < 4 or word in _ORDINARY_WORDS or word in _FUZZY_WORDS or word.startswith(_ORDINARY_PREFIXES):
        return word
    for stem in _FUZZY_STEMS:
        if word.startswith(stem):
            return word
        for cut in (len(stem), len(stem) - 1, len(stem) + 1):
            if word[0] == stem[0] and len(word) >= cut and _within_one_edit(word[:cut], stem):
                return stem + word[cut:]
    matches = [key for key in _FUZZY_WORDS if key[0] == word[0] and _within_one_edit(word, key)]
    # A missing letter is the commonest typo: "osker" is "onsker" before it is "orker".
    return min(matches, key=lambda key: len(key) != len(word) + 1, default=word)


def normalise(text: str) -> str:
    """The message as lower-case ASCII words with single spaces and " . " between sentences."""
    squashed = re.sub(r"['’`´]", "", squash_danish(text))
    # A comma is no break: Danish puts one before "at" ("jeg ville ønske, at jeg var død").
    squashed = re.sub(r"[.!?;:()\[\]\n]+", " . ", squashed)
    words = " ".join(_SPELLINGS.get(word, word) for word in re.sub(r"[^a-z0-9.]+", " ", squashed).split())
    for phrase, replacement in _PHRASES:
        words = phrase.sub(replacement, words)
    return " ".join(_corrected(word) for word in words.split())


# --- Word groups used in the tables (normalised spellings) -------------------------------------------

_THIRD = (r"(?:(?:min|mit|mine|vores|hans|hendes|en|et|my|our|a) (?:\w+ )?(?:son\w*|datter\w*|dotre\w*"
          r"|barn\w*|born\w*|bror\w*|brodre\w*|soster\w*|mor|moren|far|faren|mand|manden|kone\w*|kareste\w*"
          r"|ven|vennen|venner\w*|veninde\w*|kollega\w*|nabo\w*|partner\w*|samlever\w*|daughter|child|kid"
          r"|kids|brother|sister|mum|mom|mother|dad|father|husband|wife|boyfriend|girlfriend|friend"
          r"|colleague|neighbou?r)|han|hun|he|she|hes|shes)")
_PILLS = (r"(?:piller\w*|pille|tablet\w*|sovepille\w*|lykkepille\w*|nervepille\w*|panodil\w*|pamol\w*|ipren\w*"
          r"|paracetamol|smertestillende|medicin\w*|antidepress\w*|benzo\w*|stesolid\w*|morfin\w*|tramadol"
          r"|pills?|tablets?|meds|medication|painkillers?|tylenol|advil|ibuprofen|aspirin)")
_PILLS_OR_PACKS = rf"(?:{_PILLS}|pakke\w*|pakning\w*|glas|glasset|aske\w*|packet|pack|bottle|box)"
_MANY = (r"(?:alle|hele|en hel|et helt|for mange|en masse|en handfuld|all|a whole|the whole|too many"
         r"|a lot of|loads of|lots of|a bunch of|a handful of|\d\d+)")
# After "leve"/"live": not a way of living ("leve af kontanthjælp", "live in Aarhus").
_NOT_LIFESTYLE = (r"(?! (?:af|pa|i|for|med|uden|sammen|hos|under|som|et|en|sit|mit|in|on|off|with|at"
                  r"|near|there|together|alone)(?!\w))")
_CLAUSE_END = r"(?= \.|$)"
# Feeling awful (not about one thing: "har det skidt med min ryg") and not knowing what to do (not about a form).
_FEELING_AWFUL = (r"(?:har det|feel|feeling|im) (?:\w+ ){0,2}(?:skidt|darligt|elendigt|forfardeligt|ad helvede til"
                  r"|awful|terrible|horrible|bad|like shit|like crap|miserable)"
                  r"(?! (?:med|over|i|til|about|with|in|pa|at)(?!\w))")
_AT_A_LOSS = (r"(?:ved ikke|aner ikke|dont know|have no idea|no idea) (?:\w+ )?(?:hvad|what) (?:jeg |i )?(?:\w+ )?"
              r"(?:gore|gor|stille op|do)(?= \.|$| mere| langere| anymore| af mig selv| with myself| og| and| men"
              r"| but| har det| jeg har| i feel| im)")
# A container of pills swallowed whole: "et glas sovepiller", "a bottle of sleeping pills" (not "et glas vand").
_PACK_OF = (rf"(?:en|et|a|an) (?:hel |helt |whole |full )?(?:pakke|pakning|glas|aske|flaske|bottle|box|pack|packet"
            rf"|strip|tube)\w* (?:of |med |af )?(?:\w+ )?{_PILLS}")
_ALCOHOL = (r"(?:alkohol|sprut|spiritus|vodka|whisky|snaps|vin|vinen|rodvin|hvidvin|ol|ollerne|flaske|flasken"
            r"|alcohol|booze|liquor|wine|beer|beers|bottle)")
_SOON = r"(?:i aften|i nat|nu|lige nu|pa en gang|tonight|now|right now|at once|all at once|in one go)"
# A time to come, with only small words before it: "til jul", "om en måned", "by the end of the month"
# (not "til mødet i næste uge").
_LATER = (r"(?:(?:til|om|inden|efter|ved|by|before|in|next|until|till) (?:(?:en|et|min|mit|naste|denne|dette|par|fa"
          r"|to|tre|fire|\d+|the|a|an|my|next|this|few|couple|of|two|three|slutningen af|udgangen af|end of) )*"
          r"(?:jul|julen|nytar|paske|sommer\w*|foraret|efterar\w*|vinter\w*|weekend\w*|fodselsdag\w*|uge\w*|maned\w*"
          r"|ar|aret|dage|month|months|week|weeks|year|christmas|summer|spring|birthday|weekend)|mere|langere"
          r"|anymore|much longer)(?!\w)")
# A message with no ordinary reason to be away ("vi skal på ferie", "I'm moving"), checked from its start, so
# "jeg er her nok ikke til jul" counts and "jeg er her nok ikke til jul, vi skal til Thailand på ferie" does not.
_NO_REASON_TO_BE_AWAY = (r"^(?!.*(?:ferie|holiday|vacation|rejse|rejser|flytter|moving|travel|udlandet|abroad"
                         r"|sommerhus|kursus|interview|jobsamtale|bryllup|wedding))(?:.* )?")
_PROBABLY = r"(?:(?:nok|sikkert|formentlig|sandsynligvis|vist|alligevel|heller) )+"
_WHEN = (r"(?:i aften|i nat|i morgen|i weekenden|weekenden|naste \w+|mandag|tirsdag|onsdag|torsdag|fredag|lordag"
         r"|sondag|jul|nytar|den \d+\w*|tonight|tomorrow|the weekend|this weekend|next \w+|monday|tuesday"
         r"|wednesday|thursday|friday|saturday|sunday|christmas)")
# Family and friends, to whom a farewell or a letter is addressed (a boss or a colleague is no farewell).
_LOVED_ONES = (r"(?:(?:min|mit|mine|vores|my|our) (?:\w+ )?(?:mor|far|foraldre|born|son|sonner|datter|dotre|familie"
               r"|bror|brodre|soster|sostre|soskende|kareste|kone|mand|ven|venner|veninde\w*|mormor|farmor|morfar"
               r"|farfar|parents|mum|mom|mother|dad|father|kids|children|sons?|daughters?|family|brothers?|sisters?"
               r"|siblings|wife|husband|partner|girlfriend|boyfriend|friends?|grandma|grandmother|grandpa"
               r"|grandfather)|familien|the family|alle|everyone|everybody|dem jeg elsker|the people i love"
               r"|mine kare|mine narmeste)")
# Something hard to drive into: "køre ind i en mur", "drive into a tree", "styre ind i en modkørende lastbil".
_INTO_HARD = (r"(?:ind i|ind foran|into|in front of|mod) (?:\w+ ){0,2}(?:mur|muren|vag|vaggen|tra|traet|traer"
              r"|lastbil\w*|bropille\w*|betonmur\w*|autovarn\w*|modkorende|wall|tree|truck|lorry|bridge|pillar"
              r"|oncoming)")
# Waking, but not early, late or someone else: "ikke vågne igen", not "don't want to wake up early".
_WAKING = (r"(?:vagne|vagner|wake)(?!(?: op| up)? (?:tidligt|sent|for|early|late|too|the|my|min|mit|mine|kl|klokken"
           r"|at|til|by|to|i tide|on time|in time|baby|barnet|naboen|naboerne|neighbours?|him|her|them|ham|hende"
           r"|dem)(?!\w))")
_WHO_SEES = rf"(?:at |that )?(?:{_LOVED_ONES}|de|du|i|han|hun|nogen|they|you|he|she|anyone|anybody|people|folk) "
_HURTING = (r"(?:krads\w*|klor|klo|kloede|river|rev|revet|rive|sla|slar|slog|slaet|dunk\w*|bank\w*|bider|bid"
            r"|bed|brand\w*|skar\w*|skrab\w*|scratch\w*|hit|hits|hitting|punch\w*|bang\w*|bite|bit|biting"
            r"|burn\w*|cut|cuts|cutting|pick\w*|scrap\w*|tear\w*|rip\w*)")
_BLEEDING = (r"(?:til blods|til (?:\w+ ){0,2}(?:bloder|blodte|blodet|blod)|(?:until|till|untill|so) (?:\w+ ){0,2}"
             r"(?:bleed\w*|bled|blood\w*))")
_LAUGH = r"(?:lol|lolz|haha\w*|hehe\w*|lmao|lmfao|rofl|xd|laughing|laughed|griner|grinede)"
_DEAD_OF_LAUGHTER = (r"(?:(?:im|i am) (?:\w+ )?(?:dying|dead)|i (?:\w+ )?died|dying|(?:jeg )?(?:dor|dode)|killed me"
                     r"|kills me)")
_INJURE = r"(?:skar|skaret|skadede|skadet|brandte|brandt|slog|cut|burnt|burned|hurt|injured)"
_TO_ME = r"(?:mig|sig|myself|himself|herself)(?: selv)?"
_MENTION = _compile(r"(?:selvmord|suicid)\w*|(?:selvskad|selfharm|selfinjur|unalive)\w*")
_CONDITION = _compile(r"hvis|if|ellers|otherwise|unless|medmindre")
_FIRST_PERSON = _compile(r"jeg|mig|min|mit|mine|im|ive|id|ill|me|my|myself"
                         r"|i (?:am|have|feel|think|want|need|do|dont|was|will|cant|can|had|keep|get)")
_ABSTRACT_TOPIC = re.compile(r"(?:(?<!\w)|selvmords|suicide )(?:opgave|artikel|kursus|undervisning|forebyg"
                             r"|statistik|prevention|statistics|research|forskning|awareness|rapport)")
_ABSTRACT_QUESTION = _compile(r"man|en der|nogen der|folk der|someone|somebody|people|hvad er|hvad betyder"
                              r"|what is|whats|what does")


# --- Tables -----------------------------------------------------------------------------------------

_IDIOMS = _table([("idiom", (
    # "dør af grin", "døde af kedsomhed", "dying to know", "bored to death"
    r"(?:do|dor|dode|dod|doende) (?:\w+ ){0,2}af (?:grin\w*|latter|kedsomhed|sult|torst|varme|kulde|skam|skrak"
    r"|nervositet|spanding|nysgerrighed|stress|trathed|misundelse)",
    r"(?:dying|died|die) (?:to|for|of (?:laughter|boredom|curiosity|embarrassment|shame)|laughing)",
    r"(?:bored|scared|sick|tired|worked|frightened|worried) to death",
    # laughing: "lol I'm dying", "haha jeg døde", "I'm dead lmao" (not "I want to be dead lol")
    rf"{_LAUGH} _ {_DEAD_OF_LAUGHTER}(?= \.|$| {_LAUGH})|{_DEAD_OF_LAUGHTER} _ {_LAUGH}",
    # "keder mig ihjel", "kedet mig til døde", "arbejder mig ihjel", "fryser ihjel"
    r"(?:ked|grin|frys|fros|sved|arbejd|knokl|slid|kor|lob|bekymr|stress|irriter|vent|snak|trat)\w*"
    r" (?:(?:mig|sig|dig|os|jer) )?(?:selv )?(?:\w+ )?(?:ihjel|til dode|til doden)",
    # something else kills me: "ventetiden slår mig ihjel", "det dræber mig", "det tager livet af mig"
    r"(?!jeg )\w+ (?:slar|draber|tager livet af) (?:mig|en)(?! selv)(?: (?:\w+ )?ihjel)?",
    r"(?:det|den|dette|der) ~ (?:sla|drabe|tage livet af) mig(?! selv)(?: (?:\w+ )?ihjel)?",
    r"(?:is|are|was|its|it|this|that|thats|will|going to) (?:\w+ )?(?:killing|kills|kill) me",
    # "jeg hænger mig i detaljer", "hænge sig op på"; "jeg drukner mig i arbejde"
    r"hang\w* (?:mig|sig|dig|os) (?:op )?(?:i (?:det|detaljer\w*|smating\w*|ord\w*|formalia|noget|alt"
    r"|hver\w*)|pa)",
    r"drukn\w* (?:mig|sig) i",
    # "økonomisk selvmord", "career suicide", "det er jo selvmord at sige op"
    r"(?:okonomisk\w*|politisk\w*|social\w*|karriere\w*|career|economic|political|commercial|financial)"
    r" (?:selvmord|suicide)",
    r"(?:er|var|vare) (?:jo |rent |det rene |narmest )?selvmord at",
    # a farewell to someone who died: "vi har sagt farvel til min far, han døde i weekenden"
    r"(?:vi|we) (?:\w+ )?(?:sagt|sagde|said|say) (?:\w+ )?(?:farvel|goodbye)|(?:farvel|goodbye) (?:\w+ )?(?:til|to) ~"
    r" (?:(?:han|hun|he|she|som|who|der) (?:\w+ )?(?:dode|er dod|died|passed away|is dead)|begravelse\w*"
    r"|bisattelse\w*|funeral|hospice)",
    # an animal's doing: "katten kradsede mig til blods"
    r"(?:kat|katten|katte\w*|hund|hunden|hunde\w*|cat|cats|dog|dogs|kitten|puppy) ~ (?:krads\w*|bed|bidt"
    r"|bider|scratch\w*|bit|bitten|bites)",
    # a task solved: "tak, nu har jeg fundet ud af hvordan jeg gør det" (not the farewell "tak for alt")
    r"(?:tak|takker|thanks|thank you|thx)(?! for (?:alt|everything)) __ (?:fundet ud af|figured out|worked out)",
    # accidents: "skadede mig selv på arbejdet", "I cut myself while cooking"
    rf"(?:ved et uheld|by accident|accidentally|kom til at|i en ulykke|in an accident) _ {_INJURE} {_TO_ME}",
    rf"{_INJURE} {_TO_ME} _ (?:ved et uheld|by accident|accidentally|pa arbejde\w*|pa jobbet|at work"
    r"|on the job|i kokkenet|in the kitchen|while cooking|pa komfuret)",
))])

_NEGATED = _table([("negated", (
    # "jeg er ikke selvmordstruet", "I'm not going to hurt myself", "jeg ville aldrig tage mit liv"
    r"(?:ikke|ingen|aldrig|not|no|never|dont|wont|wouldnt|isnt|arent|havent|didnt)"
    r" (?:(?:er|har|vil|ville|skal|kan|tanker|tankt|pa|om|at|mig|nogen|nogle|planer|overhovedet|slet|helt"
    r"|bare|rigtig|sa|nogensinde|am|have|any|thinking|thought|thoughts|about|of|going|to|been|feeling"
    r"|all|really|want|would|will|do|plan|planning|ever|be) )*"
    r"(?:(?:selvmord|suicid|selvskad)\w*|selfharm\w*|tag\w* mit (?:eget )?liv\w*|tag\w* livet af mig"
    r"|(?:sla|drabe|skyde|hange) mig(?: selv)?(?: ihjel)?|(?:skade|skare|brande) (?:i |pa )?mig selv"
    r"|gore skade pa mig selv|(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|hang) myself"
    r"|end (?:my life|it all)|gore noget dumt|do (?:anything|something) stupid)",
)), ("suicide_loss", (
    # someone else's suicide in the past: grief, not a present risk
    rf"{_THIRD} ~ (?:(?:begik|har begat|begat) selvmord|tog sit (?:eget )?liv\w*|slog sig (?:selv )?ihjel"
    r"|drabte sig selv|hangte sig"
    r"|committed suicide|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life"
    r"|hanged (?:himself|herself)|died by suicide|dode (?:ved|af) selvmord)",
    r"(?:mistet|mistede|lost) _ (?:til|to) (?:selvmord|suicide)",
    r"(?:min|mit|mine|vores|my|our) \w+s (?:selvmord|suicide)",
))])

_CRISIS = _table([("conditional", (
    # a threat whose verb comes after the condition: "hvis I stopper min ydelse, tager jeg alle mine piller"
    rf"(?:hvis|if) __ (?:sa )?(?:tager|sluger) jeg (?:\w+ )?{_MANY} _ {_PILLS_OR_PACKS}",
)), ("third_party", (
    # "min søn har selvmordstanker", "my friend talks about killing herself", "hun skærer i sig selv"
    rf"{_THIRD} ~ (?:(?:selvmord|suicid|selvskad)\w*|selfharm\w*|(?:vil|ville|onsker at|har lyst til at)"
    rf" (?:bare )?do|vil ikke leve{_NOT_LIFESTYLE}|(?:snakker|taler|talks?|talking|skriver|writes)"
    r" (?:\w+ )?(?:om|about) (?:at do|doden|dying|death|killing|ending|at tage|at sla)|wants? to die"
    r"|is cutting|cutter)",
    r"(?:sla\w*|drab\w*|skyd\w*) sig (?:selv )?(?:\w+ )?ihjel|drab\w* sig selv|tag\w* sit (?:eget )?liv\w*"
    r"|tag\w* livet af sig|tag\w* sig af dage|skar\w* (?:i |pa )?sig selv|skar\w* i sig"
    r"|(?:skad\w*|brand\w*|sla\w*) (?:pa )?sig selv|cutter sig|hang\w* sig"
    r"|(?:kill\w*|hurt\w*|harm\w*|cut\w*|hang\w*|burn\w*|starv\w*) (?:himself|herself|themselves|themself)"
    r"|(?:end|ending|take|taking) (?:his|her|their) (?:own )?life",
)), ("method", (
    # asking how: "hvordan begår man selvmord", "hvor mange panodil skal der til", "lethal dose"
    r"hvordan _ (?:beg\w* (?:man |jeg )?selvmord|tage? (?:man |jeg )?(?:sit|mit) liv|sla\w* (?:man|jeg)"
    r" (?:sig|mig) ihjel|dor man|kan (?:man|jeg) do|do (?:hurtigt|smertefrit))",
    r"how _ (?:kill (?:myself|yourself|oneself)|commit suicide|end (?:my|your|ones) life|to die"
    r"|i (?:can |could )?die|die (?:quickly|painlessly|fast))",
    rf"hvor mange {_PILLS} __ (?:for at do|do|dode|dod|ihjel|overdos\w*|dodelig\w*|skal (?:der )?til)",
    rf"how (?:many|much) {_PILLS} __ (?:die|dead|lethal|kill|overdose\w*|fatal)",
    r"(?:smertefri\w*|painless\w*|(?:least|mindst) (?:painful|smertefuld\w*)|nemmeste|easiest|hurtigste|quickest"
    r"|fastest|sikreste|surest|bedste|best)"
    r" _ (?:made at do|dod|way to die|ways to die|way to kill|death|suicide|selvmord\w*)",
    r"(?:dodelig\w*|lethal|deadly|fatal) (?:dosis|dose)",
)), ("plan", (
    # "har købt reb", "har samlet piller", "I've been stockpiling pills", "står på broen"
    r"(?:kobt|kobte|kober|har|fundet|lavet|bought|buy|buying|got|have|found|ordered|bestilt|made|tied)"
    r" (?:\w+ ){0,2}(?:reb|rebet|rope|noose)",
    rf"(?:samlet|samler|hamstret|hamstrer|gemt|stockpil\w*|saving|saved|collecting|collected|hoarding|hoarded"
    rf"|stashing|stashed)(?! pa) _ {_PILLS}",
    rf"sparet (?:\w+ )?{_PILLS} (?:op|sammen)|sparet (?:op|sammen) _ {_PILLS}",
    r"(?:har|have|got|made|lavet|lagt|ved|know|fundet) (?:\w+ ){0,2}(?:plan|planer|planen|planlagt) _"
    r" (?:for|om|til|to|on|hvordan|how|hvornar|when) _ (?:at do|skal do|vil do|dode|dor|selvmord\w*|die"
    r"|dying|kill\w*|ende|end|ihjel|liv|life)",
    r"planlagt _ (?:min dod|at do|skal do|selvmord\w*|ihjel)",
    rf"(?:{_PILLS}|reb) nok til|enough {_PILLS} to",
    r"(?:star|sidder|standing|sitting|stood|stod) (?:\w+ ){0,2}(?:pa|on|at|ved) (?:kanten af )?(?:broen|bron|en bro"
    r"|skinnerne|togskinnerne|the bridge|a bridge|the edge|the ledge|the tracks)",
    r"(?:going to|ill|i will|want to|vil|skal|planning to|planlagger at) (?:\w+ )?(?:overdose|tage en overdosis)",
    r"(?:givet|gav|foraret|forarede|given|gave|giving|giver) _ (?:ting|ejendele|things|stuff|belongings"
    r"|possessions) (?:vak|away)|(?:given|gave|giving) away _ (?:things|stuff|belongings|possessions)",
)), ("pills_taken", (
    # "har taget en hel pakke panodil", "I took a whole bottle of pills", "taget en overdosis"
    rf"(?:taget|tog|slugt|slugte|spist|spiste|taken|took|swallowed|ate|eaten) (?:\w+ )?{_MANY} _ {_PILLS_OR_PACKS}",
    rf"(?:tager|take|sluger|swallow|taking) (?:\w+ )?(?:en hel|et helt|hele|a whole|the whole) _ {_PILLS_OR_PACKS}",
    rf"(?:taget|tog|slugt|slugte|spist|spiste|taken|took|swallowed|ate|eaten) (?:\w+ )?{_PACK_OF}",
    # "mange" alone is ordinary medicine ("mange piller for min ryg"): only without a reason after it
    rf"(?:taget|tog|slugt|slugte|spist|spiste|taken|took|swallowed) (?:\w+ )?(?:mange|many|so many|way too many) _"
    rf" {_PILLS}(?! (?:for|mod|imod|against|til|i arevis|over|gennem|through|in my)(?!\w))",
    # all of them at once or tonight, or all of a strong kind: "tager alle mine sovepiller i aften"
    rf"(?:tager|sluger|take|swallow|taking|swallowing) (?:\w+ )?{_MANY} _ {_PILLS_OR_PACKS} (?:\w+ )?{_SOON}"
    r"(?! (?:om|in|with|med|til|hver|every|each|at)(?!\w))",
    rf"{_SOON} (?:\w+ )?(?:tager|sluger|take|swallow|taking) (?:\w+ )?{_MANY} _ {_PILLS_OR_PACKS}",
    r"(?:tager|sluger|take|swallow|taking) (?:\w+ )?(?:alle|all) (?:\w+ ){0,2}(?:sovepille\w*|lykkepille\w*"
    r"|antidepress\w*|sleeping (?:pills|tablets|meds))(?! (?:med|with|om|in|hver|every|til|for|to)(?!\w))",
    # mixed with drink: "drukket en flaske vodka og taget nogle piller", "mixed my pills with alcohol"
    rf"(?:blande\w*|blandet|mix\w*) _ {_PILLS} _ (?:med|with|og|and) _ {_ALCOHOL}",
    rf"{_ALCOHOL} (?:\w+ ){{0,2}}(?:og|and) (?:\w+ )?{_MANY} _ {_PILLS}",
    rf"{_ALCOHOL} __ (?:taget|tog|slugt|slugte|took|taken|swallowed|had) (?:\w+ )?(?:{_MANY}|mange|many|nogle|some"
    rf"|flere|several|en del) _ {_PILLS}",
    rf"(?:taget|tog|slugt|slugte|took|taken|swallowed) (?:\w+ )?(?:{_MANY}|mange|many|nogle|some|flere|several"
    rf"|en del) _ {_PILLS} __ {_ALCOHOL}",
    rf"(?:ill|i will|going to|vil|skal) (?:\w+ )?(?:tage|take|sluge|swallow) (?:\w+ )?{_MANY} _ {_PILLS_OR_PACKS}",
    r"(?<!man )(?:taget|tog|tager|taken|took|take|taking|had) (?:\w+ )?(?:en |an )?overdos\w*"
    r"|overdosed|overdoserede|overdoseret|jeg overdoser\w*",
    r"(?:slugt|slugte|drukket|drak|spist|spiste|swallowed|drank|drunk) (?:noget |some )?(?:gift|poison"
    r"|rottegift|klorin|bleach|aflobsrens|antifreeze|frostvaske\w*)",
)), ("goodbye", (
    # "har skrevet afskedsbreve", "I've said goodbye to everyone", "mit sidste farvel"
    r"(?:afskedsbrev|farvelbrev|afskedsbesked|farvelbesked)\w*",
    r"(?:goodbye|farewell|suicide) (?:note|letter)s?",
    r"(?:wrote|written|writing|skrevet|skrev|skriver) _ (?:goodbye|farvel) (?:note|letter|brev|besked)",
    # to family or friends, not to a place ("til alle på mit gamle arbejde"), though "på facebook" is a farewell
    rf"(?:sagt|sagde|siger|sige|skrevet|skrev|said|say|saying|written|wrote|texted|sendt|sent) (?:\w+ )?(?:farvel"
    rf"|goodbye|goodbyes) (?:til|to) (?:\w+ \w+ (?:og|and) )?{_LOVED_ONES}(?! (?:pa|fra|at|on|from|in|hos)"
    r" (?!(?:facebook|messenger|sms|snap\w*|insta\w*|mail|telefon\w*|whatsapp)(?!\w))"
    r"| i (?!(?:dag|gar|aftes|aften|nat|morges)(?!\w)))",
    rf"(?:texted|told|wrote|messaged|skrev til|sagde til|sms\w* til) {_LOVED_ONES} (?:\w+ )?(?:goodbye|farvel)",
    r"(?:farvel|goodbye) __ (?:for sidste gang|for the last time|for good|for altid|forever)",
    # the last time they see me: "sidste gang min mor ser mig", "the last time my kids will see me"
    rf"(?:sidste gang|last time) {_WHO_SEES}(?:\w+ ){{0,2}}(?:ser|vil se|kommer til at se|skal se|see|sees|will see"
    r"|are going to see|get to see|ever see) (?:mig|me)(?! (?:selv|her|here|pa|i|at|in|on|til|igen|again|uden"
    r"|without|som|as)(?!\w))",
    rf"(?:det var|that was|it was) (?:den |the )?(?:sidste gang|last time) {_WHO_SEES}(?:\w+ ){{0,2}}(?:sa|saw)"
    r" (?:mig|me)(?! selv)",
    # not here or alive soon: "jeg er her nok ikke til jul", "ikke i live om en måned", "won't be here by Friday"
    rf"(?:ikke|not|wont|dont think ill|dont think i will|never|no longer) (?:\w+ ){{0,2}}(?:i live|alive)"
    rf" (?:{_LATER}|to see|for long)",
    rf"{_NO_REASON_TO_BE_AWAY}er (?:jeg )?(?:(?:her|der) {_PROBABLY}ikke|{_PROBABLY}ikke (?:her|der)) {_LATER}",
    rf"{_NO_REASON_TO_BE_AWAY}er (?:jeg )?(?:her ikke|ikke her) (?:(?:mere |langere )?{_LATER} (?:\w+ )?alligevel"
    rf"|(?:mere|langere) {_LATER})",
    rf"(?:regner|forventer) ikke med at (?:vare|blive) (?:her|der|i live) {_LATER}|(?:dont|do not) expect to"
    rf" (?:be (?:here|there|around|alive)|live) {_LATER}",
    r"(?:aldrig|never) (?:\w+ )?(?:se|ser|see) (?:mig|me) (?:igen|again)(?! (?:at|pa|her|here|in|i)(?!\w))"
    r"|ser mig aldrig (?:\w+ )?igen",
    rf"{_NO_REASON_TO_BE_AWAY}(?:wont|will not|not going to|not gonna) (?:\w+ )?be (?:around|here) (?:(?:\w+ ){{0,3}}"
    r"anyway|by|before|to see|for much longer|much longer|for long|long enough)(?!\w)",
    rf"lever (?:\w+ )?ikke (?!mere|langere){_LATER}|(?:wont|will not|not going to|never) (?:live|survive)"
    r" (?:to see|until|till|past|through)|nar ikke at (?:se|opleve) (?:\w+ )?(?:jul|nytar|sommer\w*|foraret"
    r"|efterar\w*|vinter\w*|fodselsdag\w*)",
    rf"{_NO_REASON_TO_BE_AWAY}(?:by|before|inden|om) (?:\w+ ){{1,5}}(?:ill be|i will be|im|er jeg|jeg er) (?:\w+ )?"
    r"(?:gone|dead|dod|borte)"
    r"(?! (?:from|fra|pa|on|for|af|of)(?!\w))|(?:ill|i will|im going to) be dead (?:by|before|in|within|next)"
    r"|(?:jeg er|er jeg) (?:\w+ )?dod (?:inden|om|for|til)(?!\w)",
    r"said my goodbyes|sagt mine farvel\w*|mit sidste farvel|my (?:last|final) goodbye|farvel for altid"
    r"|goodbye forever|goodbye cruel world|farvel grusomme verden",
)), ("suicide", (
    # "tage mit (eget) liv", "slå mig selv ihjel", "gøre en ende på det", "springe ud foran toget"
    r"tag\w* (?:jeg )?(?:mit|mig) (?:eget )?liv\w*"
    r"(?! (?:tilbage|i egen hand|i hand|op|seriost|alvorligt|videre)(?!\w))",
    r"tag\w* (?:jeg )?livet af mig(?: selv)?|tag\w* (?:jeg )?mig af dage",
    r"(?:sla\w*|drab\w*|skyd\w*) (?:jeg |du )?mig (?:selv )?(?:\w+ )?ihjel|mig selv ihjel",
    r"(?:jeg|at) (?:\w+ )?(?:\w+ )?mig ihjel",
    r"drab\w* (?:jeg )?mig(?: selv)?",
    r"(?:gor|gore|gjor\w*|lav\w*) (?:\w+ ){0,2}ende pa (?:det hele|alt\w*|livet|mit liv|mig selv|mig"
    r"|det(?! (?:her|med|nu med) [a-z]| (?:forlob|samarbejde|sag|job)))",
    r"(?:satte|satter) en stopper for (?:det hele|livet|mit liv|alt)|gor\w* det af med mig(?: selv)?",
    r"(?:ende|ender|afslut\w*|slutte) (?:mit liv|livet|mig selv|det hele(?= \.|$| nu| snart| i aften| i nat| for altid"
    r"| og| men))",
    r"(?:lyst til at|vil|tanker pa at|overvejer at) kore galt",
    r"skyd\w* (?:jeg )?mig en kugle|en kugle (?:for|gennem|i) (?:panden|hovedet)|bullet (?:in|through) my"
    r" (?:head|brain)",
    r"h[ae]ng\w* (?:jeg )?(?:mig|myself)(?! ud)",
    r"(?:spring\w*|hop\w*|kast\w* mig|smid\w* mig|jump\w*|throw\w* myself|step\w*|walk\w*|lag\w* mig"
    r"|lie down|ga|gar|gik) (?:jeg )?(?:ud |out )?(?:foran|in front of|pa skinnerne|on the tracks|under) (?:\w+ ){0,2}"
    r"(?:toget|togene|et tog|tog(?= \.|$)|bil|bilen|biler|en bil|bus|bussen|lastbil\w*|metro\w*|train\w*"
    r"|a train|car|cars|truck|lorry)",
    r"(?:spring\w*|hop\w*|kast\w* mig|smid\w* mig|jump\w*|throw\w* myself) (?:jeg )?(?:ud |ned |out |off )?(?:fra|af"
    r"|off|out of|from|ud af) (?:\w+ ){0,2}(?:broen|bron|bro|en bro|taget|altanen|altan|vinduet|et vindue"
    r"|bygningen|klippen|hojhuset|bridge|roof|building|window|balcony|cliff|tower|\d+ \. (?:sal|etage)"
    r"|(?:\w+ )?(?:sal|etage|floor|storey))",
    r"kil+\w* myself|(?:end|ending|take|taking|took) my (?:own )?life(?! back)|end (?:it all|everything|myself)",
    r"end\w* (?:things|it all)(?! with)|(?:want|wish|need) (?:it all|everything) to (?:end|stop|be over)",
    r"(?:vil|onsker|har lyst til at|vil bare) (?:\w+ )?(?:have )?(?:at )?det hele (?:til at )?(?:stoppe|stopper"
    r"|slutte|slutter|hore op|horer op|ende|ender|er slut|v[ae]re slut)(?= \.|$| nu| snart| for altid| og| men)",
    r"(?:ill|i will|want to|going to|im going to) end it(?= \.|$| all| now| tonight| today)",
    r"end it (?:tonight|now|today|soon|for good)",
    # "ende det" and "end it" with nothing after: the "it" is the life ("ende det her forløb" is not)
    r"(?:ende|ender) det(?= \.|$| nu| snart| i aften| i nat| for altid| og| men| i weekenden| inden| pa \w+dag)",
    r"(?:to|ill|will|just|could|should|must|gonna|finally) end it(?= \.|$| now| tonight| today| soon| for good"
    r"| here| once)",
    r"finish (?:it all|myself off|me off)(?= \.|$| now| tonight| for good| forever| once| and)",
    r"(?:unalive|off|shoot|shooting|drown|drowning|poison|poisoning|gas|gassing) myself",
    # asking for the suicide helpline is asking for help now
    r"(?:selvmords|suicid\w* |crisis |krise)(?:linj\w*|linien|hot ?line|helpline|line)|livslinie\w*|livslinje\w*",
    r"(?:skyd\w*|drukn\w*|forgift\w*|gass\w*) mig selv|jeg _ (?:skyde|drukne|forgifte|gasse) mig(?! i(?!\w))",
    r"(?:kor\w*|crash\w*|drive|driving) _ (?:galt|ind i|into) _ (?:med vilje|on purpose|deliberately)",
    rf"(?:vil|ville|skal|lyst til at|tanker pa at|tankt pa at|overvejer at|overvejet at|tankt mig at|want to|going to"
    rf"|gonna|thinking about|thought about|thinking of|planning to|urge to|tempted to|will|ill) (?:\w+ ){{0,3}}(?:kore"
    rf"|styre|drive|driving|crash\w*|steer\w*|swerv\w*|ram\w*) (?:\w+ ){{0,3}}{_INTO_HARD}",
    rf"(?:korer|styrer) (?:jeg )?(?:\w+ ){{0,2}}{_INTO_HARD}",
)), ("self_harm", (
    # "skære i mig selv", "cutter mig", "skade/brænde mig selv", "hurt/cut myself"
    r"skar\w* (?:jeg )?(?:i|pa) (?:mig|mine?|mit)|skar\w* (?:jeg )?mig selv",
    r"(?:cutter|cuttet|cutte|cuttede|cutting|kutter|kutte|kuttet) (?:\w+ )?(?:mig|myself)",
    r"(?:jeg|im|ive|been|started|keep|still|am) (?:\w+ ){0,2}(?:cutter|cuttet|cutte|cuttede|kutter|kuttet)",
    r"(?:been|started|keep|still|stopped) cutting(?! (?:costs|back|down|hair|the|my hours|out|corners|class"
    r"|school)(?!\w))",
    r"(?:skad\w*|brand\w*|sla|slar|hurt\w*|harm\w*|burn\w*|cut\w*|hit\w*|punch\w*|starv\w*|sult\w*|krads\w*"
    r"|scratch\w*) (?:\w+ )?(?:pa |i )?(?:mig selv|myself)",
    r"(?:gor\w*|gjor\w*|gjort) (?:\w+ )?mig selv (?:ondt|fortrad|noget|skade)|gor\w* mig (?:selv )?noget"
    r"|(?:gor\w*|gjor\w*|gjort) noget (?:ved|mod) mig selv|do (?:something|things|stuff) to myself",
    # until it bleeds: "kradser mig til blods", "slår mig selv til jeg bløder", "punch walls until my knuckles bleed"
    rf"(?:jeg|i) (?:\w+ ){{0,3}}{_HURTING} __ {_BLEEDING}|{_HURTING} (?:mig|myself) (?:\w+ ){{0,4}}{_BLEEDING}",
    r"brand\w* (?:mig|min \w+|mine \w+|myself|my \w+) (?:\w+ )?(?:med|pa|with|on) (?:\w+ ){0,2}(?:lighter\w*"
    r"|cigaret\w*|smog\w*|tandstik\w*|strygejern\w*|cigarettes?|matches|iron)",
    r"(?:skar\w*|cut\w*|slit\w*) _ (?:handled\w*|pulsar\w*|wrists?|veins?|arme\w*|arms?|lar|larene"
    r"|thighs?)",
)), ("wish_dead", (
    # "ønsker jeg var død", "jeg vil ikke leve mere", "better off dead", "ikke vågne igen", "træt af livet"
    r"(?:onsk\w*|gid|wish\w*|haber|hope) (?:at |that )?(?:jeg|i) (?:bare |just )?(?:var|vare|were|was|er)"
    r" (?:bare |just |already |allerede )?(?:dod|dead|(?:vak|borte|gone)(?! (?:fra|herfra|hjemmefra|pa|i|til"
    r"|from)(?!\w)))",
    r"(?:onsk\w*|gid) _ aldrig (?:var|vare|er|blev) (?:blevet )?fodt"
    r"|(?:wish\w*|gid) _ (?:never been born|never was born|had not been born|hadnt been born)",
    r"(?:vil|ville|lyst til at|onsker at|haber at|trang til at|skal bare|bare vil|klar til at|hellere)"
    r" (?:(?:bare|gerne|helst|hellere|bar|sa|sgu|faktisk|egentlig|ogsa|jo|nu|allerhelst) )*do",
    r"vil jeg (?:bare |helst |hellere )?do",
    r"(?<!dont )(?<!not )(?<!never )(?<!didnt )(?:want|wanted|wish|deserve|ready|need|hope|rather)"
    r" (?:(?:to|just|really|so|simply|i could) )*(?:die|be dead)|let me die",
    rf"(?:vil|ville|gider|orker|magter|onsker|har) (?:\w+ )?(?:ikke|ingen) _ (?:at )?leve{_NOT_LIFESTYLE}",
    rf"(?:dont|no longer|never) (?:\w+ )?(?:want|wish|feel like) (?:to )?(?:live|be alive|exist|go on living"
    rf"|keep living|{_WAKING}){_NOT_LIFESTYLE}",
    r"dont (?:\w+ )?want to be (?:here|around) (?:anymore|any longer|no more)",
    r"(?:wont|not going to) be (?:around|here) (?:\w+ )?(?:longer|anymore)",
    r"(?:vil|ville|gider|orker|onsker|lyst til at) (?:\w+ )?(?:ikke|ingen) _ (?:at )?v[ae]re (?:her|til|i live"
    r"|pa jorden|her pa jorden|her i verden) (?:mere|langere)|ikke (?:at )?v[ae]re i live"
    r"|ikke (?:at )?eksistere",
    r"(?:ikke|not|isnt|intet|ingenting) (?:\w+ )?(?:vard|vart|verd|worth) (?:at leve|living)",
    r"(?:mit liv|my life) (?:er|is) (?:ikke noget vard|intet vard|ingenting vard|worth nothing|worthless"
    r"|not worth anything)(?! uden| without)",
    r"ikke (?:overskue|holde ud|klare|bare) at leve",
    r"(?:better|bedre|nemmere|lettere|easier) _ (?:dead|dod)|(?:better|bedre) _ (?:vak|borte|gone)"
    r"(?= \.|$| for altid| forever)",
    # not "what should I do": "do" is the Danish "dø" only after a Danish verb
    r"(?:burde|fortjener at) (?:\w+ )?(?:v[ae]re dod|do)|(?:should|deserve to) (?:\w+ )?(?:be dead|die)",
    r"(?:ikke|aldrig|never|not) (?:at )?(?:vagne|vagner|wake)(?: op| up)? (?:igen|again|mere|i morgen|tomorrow)",
    rf"(?:haber|hab|gid|onsk\w*|hope|wish|want) _ (?:ikke|aldrig|never|not|dont) (?:\w+ )?{_WAKING}",
    r"(?:vil|gider|orker|magter|onsk\w*|haber|hab|gid|lyst til at|want|wish|hope) (?:\w+ ){0,3}(?:ikke|aldrig|not"
    r"|never|dont|wouldnt|wont|didnt) (?:at |to )?(?:vagne|vagner|wake)(?: op| up)?(?= \.|$| igen| again| mere"
    r"| anymore| i morgen| tomorrow| nogensinde| ever| i nat| og| and| men| but| efter| after)",
    r"(?:besluttet|bestemt) mig for at (?:do|tage mit liv)|(?:decided|made up my mind) to die"
    r"|regner (?:\w+ )?med at (?:vare )?(?:dod|borte)|expect to be dead|dont expect to (?:be alive|live)",
    rf"(?:sove|sleep|falde i sovn|fall asleep) _ (?:aldrig|never|not|ikke) (?:\w+ )?{_WAKING}",
    r"(?:sove|sleep) (?:ind )?(?:for altid|for evigt|forever)|forsvinde for (?:altid|evigt)|disappear forever",
    r"(?:trat|tired|fardig|done|sick) (?:af|of|med|with) (?:livet|life|living|at leve|being alive"
    r"|v[ae]re i live|at v[ae]re til)|livstrat\w*|livslede\w*|giv\w* op pa livet|opgiv\w* livet"
    r"|(?:given|give|giving) up on life|(?:orker|magter) ikke livet",
    r"(?:haber|hab|gid|onsk\w*|hope|wish) (?:at |that )?(?:jeg|i) (?:bare |just )?(?:dor|dode|die|dies|would die"
    r"|could die)",
    r"(?:intet|ingenting|ikke noget|ikke nogen|ikke mere|nothing|no one|nobody|no reason|ingen grund|no point"
    r"|ingen mening|ingen pointe|no purpose|intet formal) (?:\w+ )?(?:at leve for|to live for|(?:til|to|in"
    r"|med) (?:at )?(?:leve|live|living|go on living|keep living|be alive|v[ae]re i live|v[ae]re her))",
    r"(?:pointen|meningen|point|use) (?:med|of|in) (?:at leve|living|being alive|v[ae]re i live)",
    rf"(?:ved ikke|ikke sikker pa|usikker pa|not sure|dont know) (?:om|if|whether) (?:jeg|i) (?:\w+ )?(?:vil"
    rf"|gider|orker|want to|can) (?:\w+ )?(?:leve|live|go on){_NOT_LIFESTYLE}",
    r"(?:tanker|tankt|tanke|tankte) (?:\w+ )?(?:pa|om) at do|thinking (?:about|of) dying|dodstanke\w*"
    r"|dodsonske\w*|udvej\w* end (?:at do|doden|at tage mit liv)",
)), ("burden", (
    # "jeg er en byrde", "alle har det bedre uden mig", "ingen vil savne mig"
    r"(?:jeg er|foler mig som|foles som|er bare|er kun|im|i feel like|feel like|v[ae]re|be) (?:\w+ ){0,2}"
    r"(?:en |a )?(?:byrde|burden|belastning)|waste of (?:space|oxygen|air)|spild af (?:plads|ilt)",
    r"(?:bedre|better|nemmere|easier|lettere|gladere|happier) _ (?:uden mig|without me)",
    r"(?:ingen|nobody|no one|noone) _ (?:savne|savner|miss|care if|notice if|opdage det hvis|bemarke hvis"
    r"|kede af det hvis|ked af det hvis|be sad if)"
    r" (?:\w+ )?(?:mig|me|i|jeg)",
    r"(?:bedre|nemmere|lettere|better|easier) (?:for alle )?(?:hvis|if) (?:jeg|i) (?:ikke var|ikke er|wasnt|werent"
    r"|var vak|var dod|was gone|were gone|was dead|were dead)",
    # "det er det bedste for dem når jeg er væk", "they'll be better off once I'm gone"
    r"(?:bedst\w*|best|better|bedre|nemmere|lettere|easier|happier|gladere) __ (?:nar|efter|when|once|after)"
    r" (?:jeg er|im|i am) (?:\w+ )?(?:vak|borte|dod|gone|dead)(?! (?:pa|fra|on|from|for|til|to|i|in)(?!\w))",
    r"(?:nar|efter|when|once|after) (?:jeg er|im|i am) (?:vak|borte|dod|gone|dead) __ (?:bedre|bedst\w*|better"
    r"|best|happier|gladere|nemmere|easier)",
    r"hvis jeg (?:var|er|ikke var|ikke er) (?:\w+ )?(?:vak|dod|borte|her) __ (?:bedre|nemmere|lettere"
    r"|gladere)|if i (?:was|were|wasnt|werent) (?:\w+ )?(?:gone|dead|here|around) __ (?:better|easier"
    r"|happier)",
))])

# A plan, a letter to family or gifts of one's things: a crisis next to any talk of death, of being gone or of
# giving up ("jeg har besluttet mig . jeg kan ikke mere"). Alone, a plan with no object is unsure (the assistant
# asks); a letter or a gift alone is ordinary ("har lagt et brev til min far på køkkenbordet").
_PLANS = _table([("plan", (
    # "jeg har besluttet mig", "planlagt det hele til fredag", "fundet ud af hvordan jeg gør det"
    r"(?:besluttet|bestemt) mig(?= \.|$| og| men| nu| for det| sa)",
    r"(?:truffet|taget) (?:min|en|den) (?:endelige )?beslutning(?! om| at| i| pa)",
    r"(?:ive|i have|i) (?:\w+ )?(?:decided|made up my mind|made my decision|made a decision)(?= \.|$| and| now| so)",
    rf"planlagt (?:det hele|alt|alting|det)(?: (?:til|pa|for) (?:pa )?{_WHEN})?(?= \.|$| og| sa| men| nu)",
    rf"(?:det hele|alt|alting|everything|it all|it) (?:er|is) (?:\w+ )?(?:planlagt|planned)(?: (?:til|pa|for|on)"
    rf" (?:pa )?{_WHEN})?(?= \.|$| og| sa| men| nu| and| so| now)",
    rf"(?:planned|planed) (?:it all|everything|it)(?: (?:for|on) {_WHEN})?(?= \.|$| and| so| now)",
    r"(?:have|got|har) (?:it all|everything|alt|det hele) (?:planned|planlagt)(?= \.|$| og| and| now| nu)",
    r"fundet ud af hvordan (?:jeg )?(?:skal |vil )?(?:gor|gore) det(?= \.|$| og| men| nu| sa)",
    r"(?:figured|worked|found) out how (?:to|im going to|ill|i will|i am going to|i can) do it(?= \.|$| and| now"
    r"| so)",
))])

_PREPARATIONS = _table([("plan", (
    # the plans above where a comma used to end them: "besluttet mig, jeg kan ikke mere"
    r"(?:besluttet|bestemt) mig(?! for| om| til)|(?:decided|made up my mind)(?! to| on| that| whether)",
    rf"planlagt (?:det hele|alt|alting)(?! (?:til|for|med|om|pa) (?!{_WHEN}))|planned (?:it all|everything)"
    rf"(?! (?:for|on|with) (?!{_WHEN}))",
    r"fundet ud af hvordan (?:jeg )?(?:skal |vil )?gore? det|(?:figured|worked|found) out how (?:\w+ ){0,3}do it",
    # an intent that only points back at a death just mentioned: "når jeg er død . det regner jeg med"
    r"(?:tankt|tanker) mig (?:at )?(?:gore|gor) det|har tankt mig det",
    r"det har jeg (?:\w+ )?(?:planlagt|besluttet|bestemt)|(?:i|im|i am|ive been) plan(?:ning)? (?:it|to do it|on it"
    r"|on doing it)(?!\w)|(?:going|gonna) to do it(?= \.|$| soon"
    r"| tonight| now| anyway)|ill do it(?= \.|$| soon| tonight)",
    r"(?:det|hvilket) regner jeg (?:\w+ )?med|regner med (?:at )?(?:vare|blive) det|det bliver (?:jeg )?(?:\w+ )?snart"
    r"|det er (?:planen|snart)|thats the plan|its planned|which i (?:will|plan to) be",
    r"gor det (?:snart|i aften|i nat|i morgen|pa \w+dag|inden)",
)), ("goodbye", (
    # a letter or instructions left for family: "lagt et brev til min far", "skrevet til min søster at hun skal ..."
    rf"(?:brev|breve|brevet|besked|beskeder|beskeden|seddel|sedlen|note|notes|letter|letters|message|messages)"
    rf" (?:\w+ ){{0,2}}(?:til|for|to) {_LOVED_ONES}",
    rf"(?:skrevet|skrev|lagt|efterladt|efterlod|wrote|written|left) {_LOVED_ONES} (?:\w+ ){{0,2}}(?:brev|besked"
    rf"|seddel|note|letter|message)",
    rf"(?:skrevet|skrev|sagt|sagde|bedt|bad|wrote|written|told|asked|texted) (?:til )?{_LOVED_ONES}"
    rf" (?:\w+ ){{0,2}}(?:at|to|that) (?:\w+ ){{0,2}}(?:passe pa|tage sig af|tage over|look after|take care of"
    rf"|take over)",
    # one's things given away: "givet min cykel væk", "I gave my guitar to my friend"
    r"(?:givet|gav|giver|foraret|forarede|forarer|given|gave|giving|give) (?:\w+ ){0,6}(?:vak|away)",
    rf"(?:givet|gav|given|gave|giving) (?:min|mit|mine|my) (?:\w+ ){{0,2}}(?:til|to) {_LOVED_ONES}",
))])

_GONE = _table([("gone", (
    # "så er jeg væk", "I won't be here after", "jeg får ikke brug for dem": next to a plan, not alone
    r"(?:nar|efter|sa|for) (?:jeg er|er jeg) (?:vak|borte|dod)(?! (?:pa|fra|i|til)(?!\w))",
    r"(?:when|once|after|then|so|and) (?:im|ill be|i will be) (?:gone|dead)(?! (?:on|from|to|for|in)(?!\w))",
    r"(?:wont|will not|not going to) be (?:here|around|alive)|(?:er|er jeg|jeg er) (?:her ikke|ikke her|ikke i live)"
    r" (?:mere|langere|efter)",
    r"ikke (?:\w+ )?brug for (?:dem|den|det|noget|nogen)|skal ikke bruge (?:dem|den|det|noget) (?:mere|langere)"
    r"|(?:wont|will not|dont|no longer) need (?:it|them|this|these|any of (?:it|this|them)|anything)"
    r"|(?:wont|will not|no longer) need (?:\w+ ){1,4}(?:anymore|any more|any longer)|where im going",
))])

_UNSURE = _table([("hopeless", (
    # "jeg kan ikke mere", "det hele er ligegyldigt", "hvad er pointen", "I can't go on like this"
    rf"(?:kan|orker|magter|klarer) (?:bare |simpelthen |virkelig |altsa )?ikke (?:mere|mer|langere)"
    rf"(?:{_CLAUSE_END}| (?:jeg|og|men|nu|alt|af det|med noget|med det hele|med livet)(?!\w))",
    rf"kan ikke (?:klare|holde|tage|overskue|bare) (?:\w+ ){{0,2}}(?:mere|langere){_CLAUSE_END}",
    rf"(?:orker|magter) (?:ikke noget|ingenting|intet)(?: (?:mere|langere|som helst|overhovedet))?{_CLAUSE_END}",
    # tired of everything, not of one thing: "træt af alt", "tired of it all" ("træt af at søge job" is ordinary)
    r"(?:trat|tired|sick|fed up|fardig) (?:af|of|med|with) (?:alt|alting|det hele|everything|it all|all of it"
    r"|all this)(?= \.|$| og| men| nu| mere| and| but| now| anymore| right now)",
    r"(?:intet|ingenting|nothing|alt|alting|det hele|livet|mit liv|everything|life|my life) (?:\w+ )?(?:giver|gir"
    r"|makes|make|has) (?:\w+ )?(?:mening|sense|meaning) (?:\w+ )?(?:mere|langere|anymore|any longer|for mig|to me)"
    r"|(?:intet|ingenting) giver mening|nothing makes sense(?= \.|$)",
    # given up, on nothing in particular: "jeg har opgivet", "I've given up" ("opgivet at finde ..." is ordinary)
    r"(?:har|ive|have|i) (?:\w+ )?(?:opgivet|givet op|given up|gave up)(?= \.|$| og| men| nu| helt| totalt"
    r"| fuldstandig| and| but| now| completely| totally)",
    r"(?:want|wish|need) (?:it|this|the pain) to (?:stop|end|be over)(?= \.|$)|(?:vil|onsker) (?:bare )?(?:have )?"
    r"(?:at )?(?:det|smerten) (?:skal )?(?:stoppe|stopper|hore op|horer op)(?= \.|$| nu| og)",
    # it will never get better: "det bliver aldrig bedre", "things are never going to get better"
    r"(?:det|det hele|livet|mit liv|tingene|alting|alt|it|its|thats|things|life|my life|nothing|intet|ingenting)"
    r" (?:\w+ ){0,2}(?:aldrig|never|nogensinde|ever) (?:\w+ ){0,4}(?:bedre|better|godt igen|good again|okay again"
    r"|ok again|fine again)(?! (?:end|than|at|til|for)(?!\w))",
    # a black hole, a dark place: "jeg er i et sort hul", "I'm in a dark place"
    r"(?:i|in|into|et|a|ned i|fast i|stuck in) (?:(?:et|a|really|very|meget|virkelig|sa|so|rigtig|super) )*(?:sort"
    r"|sorte|morkt|morke|black|dark) (?:hul|hullet|sted|hole|place)(?! (?:i|med|in|with) (?:\w+ )?(?:okonomi\w*"
    r"|budget\w*|regnskab\w*|finances|money|budget))",
    # feeling awful and lost: "har det virkelig skidt og ved ikke hvad jeg skal gøre"
    rf"{_FEELING_AWFUL} __ {_AT_A_LOSS}|{_AT_A_LOSS} __ {_FEELING_AWFUL}",
    r"(?:det hele|alt|alting|livet|mit liv|intet|ingenting|everything|life|my life|it all) (?:er|bliver"
    r"|foles|virker|is|feels|seems) (?:\w+ )?(?:ligegyldig\w*|meningslos\w*|hablos\w*|sort|tomt|lige meget"
    r"|uden mening|pointless|hopeless|meaningless|black|empty)",
    r"(?:ligegyldig\w*|meningslos\w*|hablos\w*|lige meget|pointless|hopeless|meaningless) (?:\w+ )?(?:det"
    r" hele|alt|alting|livet|everything|it all)",
    r"nothing (?:really )?matters|(?:intet|ingenting) betyder noget|nothing means anything",
    # not "hvad er meningen med livet": the philosopher's question, asked as small talk
    rf"(?:hvad er|hvor er|hvad skal) (?:\w+ )?(?:pointen(?: med (?:det hele|noget|noget som helst|alt|alting"
    rf"|mit liv|mig))?|(?:meningen|formalet) med (?:det hele|noget|noget som helst|alt|alting|mit liv|mig))"
    rf"(?: (?:overhovedet|egentlig|egentligt|mere|sa))?{_CLAUSE_END}",
    rf"(?:whats|what is|wheres) the (?:point|use)(?: (?:of|in) (?:anything|it all|life|me|trying|going on"
    rf"|everything|any of this))?(?: (?:anymore|anyway))?{_CLAUSE_END}",
    r"(?:no|ingen|intet) (?:point|mening|pointe|formal|hope|hab|reason) _ (?:anymore|mere|med noget"
    r"|i noget|med det hele|in anything|in trying|in going on|left|tilbage)",
    rf"(?<!giver )(?<!gav )(?:no|ingen) (?:point|pointe){_CLAUSE_END}",
    r"giv\w* op (?:pa|on) (?:det hele|alt|alting|everything|it all|mig selv|myself)|opgiv\w* (?:det hele"
    r"|alt|alting|mig selv)|(?:given|give|giving) up on (?:everything|it all|myself)|lost all hope"
    r"|mistet (?:alt |alt mit )?hab\w*|opgivet hab\w*",
    r"cant (?:go on|carry on|keep going|cope|continue)(?= \.|$| like| anymore| any longer| living"
    r"| with (?:life|this|it|anything)| and| i(?!\w))"
    r"|cant (?:take|do|handle|bear|stand) (?:it|this|life|any of this|anything) (?:anymore|any longer"
    r"|no more)|(?:cant|dont) (?:\w+ )?see (?:a|any) way out|no way out",
    r"(?:ingen|nogen|anden|andre) (?:\w+ )?udvej\w*(?! end(?!\w))",
    r"(?:jeg|mig|im|i feel|feeling|feel) (?:\w+ ){0,2}(?:hablos\w*|hopeless)(?! (?:at|til|med|with)(?!\w))",
    r"(?:vil|ville|want to|onsker at|lyst til at) (?:bare |just |gerne |helst )?(?:forsvinde|disappear"
    r"|vak fra (?:det hele|alt|alting)|get away from (?:it all|everything))",
    r"(?:jeg er|im) (?:\w+ )?(?:fardig|done) (?:med|with) (?:det hele|alt|alting|everything|it all)"
    r"(?! (?:det|den|de|that|this|the|for|i dag|today)(?!\w))",
    r"(?:bange for|frygter|ender med|kommer til|afraid|scared|might|going to|will|ill) _ (?:gore|gor|do)"
    r" (?:noget|something) (?:dumt|stupid)",
    r"(?:ser|har|see|have) (?:ingen|no) fremtid\w*(?! (?:i|inden|som|pa|in|as|at)(?!\w)| for (?!mig))"
    r"|no future for me|(?:ingen|no) fremtid\w* for mig|(?:der er|there is|theres) (?:ingen|no) fremtid\w*"
    r"(?! (?:i|inden|som|pa|in|as|at)(?!\w))|(?:dont|do not) (?:\w+ )?have (?:a|any) future(?! (?:in|as|at)(?!\w))"
    r"|har ikke (?:nogen|en) fremtid(?! (?:i|som|pa)(?!\w))|(?:i have|ive got|i got) no future(?! (?:in|as|at"
    r"|with)(?!\w))",
    r"(?:kan|cant) (?:ikke )?(?:leve|live) (?:sadan|like this|like that|med det her|with this)",
    r"(?:morke|sorte|dark|black) (?:tanker|thoughts)",
    r"(?:ingen|nogen|no) (?:grund|reason) til at (?:fortsatte|blive ved)|no reason to (?:go on|continue|keep going)",
    rf"(?:det er|er det|its|it is) (?:slut|over) for (?:mig|me){_CLAUSE_END}|(?:jeg|jg) vil ikke mere{_CLAUSE_END}",
    rf"(?:jeg|at jeg|som) ikke (?:kan|orker|magter) (?:mere|langere){_CLAUSE_END}",
    rf"(?:kan|orker|magter) (?:bare |simpelthen )?ikke (?:at )?(?:fortsatte|blive ved)(?: (?:mere|langere|sadan))?"
    rf"{_CLAUSE_END}",
)), ("death_mention", (
    # own death mentioned vaguely: "hvad sker der med mine penge hvis jeg dør", "if I die"
    r"(?:hvis|nar|efter|inden|for) jeg (?:\w+ )?(?:dor|dode|do|er dod|gar bort|gik bort)",
    r"(?:if|when|after|once|before|in case) i (?:\w+ )?(?:die|died|dies|pass away|passed away|am dead"
    r"|was dead|were dead)|(?:if|when|after|once) im (?:dead|gone(?! (?:on|to|for|from|away)(?!\w)))",
    r"(?:efter|ved|after|upon) (?:min|my) (?:egen |own )?(?:dod|death|bortgang)|(?:min|my) (?:egen |own )?"
    r"(?:begravelse|funeral)",
    r"jeg (?:\w+ )?(?:dor|skal do|er ved at do|kommer til at do)",
    r"(?:im|ill|i will|i think im|going to) (?:\w+ ){0,2}(?:die|dying)(?! (?:to|for|of)(?!\w))",
    r"(?:vil|ville) ikke do|dont (?:\w+ )?want to die|(?:bange|angst|afraid|scared) (?:for|of) (?:at do"
    r"|doden|dying|death|to die)",
    r"(?:tanker|tankt|tanke|thinking|think|thoughts) (?:\w+ ){0,2}(?:pa|om|about|of) (?:doden|death|min dod"
    r"|my death|my own death|min egen dod)",
))])


# --- Assessment -------------------------------------------------------------------------------------

def _blanked(words: str, table: Table) -> Tuple[str, List[str]]:
    """The words with every match of the table replaced by a clause break, and the signals found."""
    found = []
    for signal, pattern in table:
        words, count = pattern.subn(" . ", words)
        if count:
            found.append(signal)
    return " ".join(words.split()), found


def _first(words: str, table: Table) -> Optional[Tuple[str, Match]]:
    """The signal and match of the first pattern in the table that matches."""
    for signal, pattern in table:
        match = pattern.search(words)
        if match:
            return signal, match
    return None


def _crisis_signal(signal: str, words: str, start: int) -> str:
    """A threat made in an "if ..." clause is reported as conditional."""
    if signal in ("suicide", "self_harm", "wish_dead", "pills_taken", "plan") and _CONDITION.search(words[:start]):
        return "conditional"
    return signal


def _mention(words: str) -> Optional[CrisisAssessment]:
    """Any mention of suicide or self-harm left over: unsure when asked about in the abstract."""
    match = _MENTION.search(words)
    if not match:
        return None
    if _ABSTRACT_TOPIC.search(words) or (_ABSTRACT_QUESTION.search(words) and not _FIRST_PERSON.search(words)):
        return CrisisAssessment(UNSURE, "abstract")
    signal = "suicide" if match.group().startswith(("selvmord", "suicid")) else "self_harm"
    return CrisisAssessment(CRISIS, _crisis_signal(signal, words, match.start()))


def _prepared(words: str) -> Optional[CrisisAssessment]:
    """A plan, a letter or a gift: a crisis next to death, being gone or giving up; a bare plan is unsure."""
    rest, plans = _blanked(words, _PLANS)
    rest, preparations = _blanked(rest, _PREPARATIONS)
    found = plans + preparations
    if not found:
        return None
    if _MENTION.search(rest) or any(_first(rest, table) for table in (_GONE, _UNSURE)):
        return CrisisAssessment(CRISIS, found[0])
    return CrisisAssessment(UNSURE, "plan") if plans else None


def assess_crisis(text: str) -> CrisisAssessment:
    """Whether a message speaks of suicide or self-harm ("crisis"), might ("unsure"), or not ("none")."""
    words, idioms = _blanked(normalise(text or ""), _IDIOMS)
    words, unsure_signals = _blanked(words, _NEGATED)
    crisis = _first(words, _CRISIS)
    if crisis:
        signal, match = crisis
        return CrisisAssessment(CRISIS, _crisis_signal(signal, words, match.start()))
    prepared = _prepared(words)
    if prepared:
        return prepared
    mention = _mention(words)
    if mention:
        return mention
    if unsure_signals:
        return CrisisAssessment(UNSURE, unsure_signals[0])
    unsure = _first(words, _UNSURE)
    if unsure:
        return CrisisAssessment(UNSURE, unsure[0])
    # "jeg keder mig ihjel": the idiom is what the message is about, and callers may trust that.
    return CrisisAssessment(NONE, "idiom" if idioms else None)
