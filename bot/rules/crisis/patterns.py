"""How the crisis tables are written: the pattern language (word gaps, I/me) and the word groups
the tables share, in normalised spelling (see bot.rules.crisis.normalise)."""
from __future__ import annotations

import re
from typing import List, Pattern, Sequence, Tuple


def table_pattern(pattern: str) -> Pattern:
    """A table pattern as a regex over the normalised words, matched at word edges. In a pattern
    " _ " is up to three words, " __ " up to six, and " ~ " up to four words none of which is I/me."""
    pattern = (pattern.replace(" __ ", r" (?:\w+ ){0,6}").replace(" _ ", r" (?:\w+ ){0,3}")
               .replace(" ~ ", r" (?:(?!jeg |mig |i |im )\w+ ){0,4}"))
    if "_" in pattern or "~" in pattern:
        raise ValueError(f"a gap marker needs a space on both sides: {pattern}")
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


Table = List[Tuple[str, Pattern]]  # (signal, pattern), checked in order


def table(rows: Sequence[Tuple[str, Sequence[str]]]) -> Table:
    return [(signal, table_pattern(pattern)) for signal, patterns in rows for pattern in patterns]


# --- Word groups used in the tables (normalised spellings) -------------------------------------------

THIRD = (r"(?:(?:min|mit|mine|vores|hans|hendes|en|et|my|our|a) (?:\w+ )?(?:son\w*|datter\w*|dotre\w*"
         r"|barn\w*|born\w*|bror\w*|brodre\w*|soster\w*|mor|moren|far|faren|mand|manden|kone\w*|kareste\w*"
         r"|ven|vennen|venner\w*|veninde\w*|kollega\w*|nabo\w*|partner\w*|samlever\w*|daughter|child|kid"
         r"|kids|brother|sister|mum|mom|mother|dad|father|husband|wife|boyfriend|girlfriend|friend"
         r"|colleague|neighbou?r)|han|hun|he|she|hes|shes)")
PILLS = (r"(?:piller\w*|pille|tablet\w*|sovepille\w*|lykkepille\w*|nervepille\w*|panodil\w*|pamol\w*|ipren\w*"
         r"|paracetamol|smertestillende|medicin\w*|antidepress\w*|benzo\w*|stesolid\w*|morfin\w*|tramadol"
         r"|pills?|tablets?|meds|medication|painkillers?|tylenol|advil|ibuprofen|aspirin)")
PILLS_OR_PACKS = rf"(?:{PILLS}|pakke\w*|pakning\w*|glas|glasset|aske\w*|packet|pack|bottle|box)"
MANY = (r"(?:alle|hele|en hel|et helt|for mange|en masse|en handfuld|all|a whole|the whole|too many"
        r"|a lot of|loads of|lots of|a bunch of|a handful of|\d\d+)")
# After "leve"/"live": not a way of living ("leve af kontanthjælp", "live in Aarhus").
NOT_LIFESTYLE = (r"(?! (?:af|pa|i|for|med|uden|sammen|hos|under|som|et|en|sit|mit|in|on|off|with|at"
                 r"|near|there|together|alone)(?!\w))")
CLAUSE_END = r"(?= \.|$)"
# Feeling awful (not about one thing: "har det skidt med min ryg") and not knowing what to do (not about a form).
FEELING_AWFUL = (r"(?:har det|feel|feeling|im) (?:\w+ ){0,2}(?:skidt|darligt|elendigt|forfardeligt|ad helvede til"
                 r"|awful|terrible|horrible|bad|like shit|like crap|miserable)"
                 r"(?! (?:med|over|i|til|about|with|in|pa|at)(?!\w))")
AT_A_LOSS = (r"(?:ved ikke|aner ikke|dont know|have no idea|no idea) (?:\w+ )?(?:hvad|what) (?:jeg |i )?(?:\w+ )?"
             r"(?:gore|gor|stille op|do)(?= \.|$| mere| langere| anymore| af mig selv| with myself| og| and| men"
             r"| but| har det| jeg har| i feel| im)")
# A container of pills swallowed whole: "et glas sovepiller", "a bottle of sleeping pills" (not "et glas vand").
PACK_OF = (rf"(?:en|et|a|an) (?:hel |helt |whole |full )?(?:pakke|pakning|glas|aske|flaske|bottle|box|pack|packet"
           rf"|strip|tube)\w* (?:of |med |af )?(?:\w+ )?{PILLS}")
ALCOHOL = (r"(?:alkohol|sprut|spiritus|vodka|whisky|snaps|vin|vinen|rodvin|hvidvin|ol|ollerne|flaske|flasken"
           r"|alcohol|booze|liquor|wine|beer|beers|bottle)")
SOON = r"(?:i aften|i nat|nu|lige nu|pa en gang|tonight|now|right now|at once|all at once|in one go)"
# A time to come, with only small words before it: "til jul", "om en måned", "by the end of the month"
# (not "til mødet i næste uge").
LATER = (r"(?:(?:til|om|inden|efter|ved|by|before|in|next|until|till) (?:(?:en|et|min|mit|naste|denne|dette|par|fa"
         r"|to|tre|fire|\d+|the|a|an|my|next|this|few|couple|of|two|three|slutningen af|udgangen af|end of) )*"
         r"(?:jul|julen|nytar|paske|sommer\w*|foraret|efterar\w*|vinter\w*|weekend\w*|fodselsdag\w*|uge\w*|maned\w*"
         r"|ar|aret|dage|month|months|week|weeks|year|christmas|summer|spring|birthday|weekend)|mere|langere"
         r"|anymore|much longer)(?!\w)")
# A message with no ordinary reason to be away ("vi skal på ferie", "I'm moving"), checked from its start, so
# "jeg er her nok ikke til jul" counts and "jeg er her nok ikke til jul, vi skal til Thailand på ferie" does not.
NO_REASON_TO_BE_AWAY = (r"^(?!.*(?:ferie|holiday|vacation|rejse|rejser|flytter|moving|travel|udlandet|abroad"
                        r"|sommerhus|kursus|interview|jobsamtale|bryllup|wedding))(?:.* )?")
PROBABLY = r"(?:(?:nok|sikkert|formentlig|sandsynligvis|vist|alligevel|heller) )+"
WHEN = (r"(?:i aften|i nat|i morgen|i weekenden|weekenden|naste \w+|mandag|tirsdag|onsdag|torsdag|fredag|lordag"
        r"|sondag|jul|nytar|den \d+\w*|tonight|tomorrow|the weekend|this weekend|next \w+|monday|tuesday"
        r"|wednesday|thursday|friday|saturday|sunday|christmas)")
# Family and friends, to whom a farewell or a letter is addressed (a boss or a colleague is no farewell).
LOVED_ONES = (r"(?:(?:min|mit|mine|vores|my|our) (?:\w+ )?(?:mor|far|foraldre|born|son|sonner|datter|dotre|familie"
              r"|bror|brodre|soster|sostre|soskende|kareste|kone|mand|ven|venner|veninde\w*|mormor|farmor|morfar"
              r"|farfar|parents|mum|mom|mother|dad|father|kids|children|sons?|daughters?|family|brothers?|sisters?"
              r"|siblings|wife|husband|partner|girlfriend|boyfriend|friends?|grandma|grandmother|grandpa"
              r"|grandfather)|familien|the family|alle|everyone|everybody|dem jeg elsker|the people i love"
              r"|mine kare|mine narmeste)")
# Something hard to drive into: "køre ind i en mur", "drive into a tree", "styre ind i en modkørende lastbil".
INTO_HARD = (r"(?:ind i|ind foran|into|in front of|mod) (?:\w+ ){0,2}(?:mur|muren|vag|vaggen|tra|traet|traer"
             r"|lastbil\w*|bropille\w*|betonmur\w*|autovarn\w*|modkorende|wall|tree|truck|lorry|bridge|pillar"
             r"|oncoming)")
# Waking, but not early, late or someone else: "ikke vågne igen", not "don't want to wake up early".
WAKING = (r"(?:vagne|vagner|wake)(?!(?: op| up)? (?:tidligt|sent|for|early|late|too|the|my|min|mit|mine|kl|klokken"
          r"|at|til|by|to|i tide|on time|in time|baby|barnet|naboen|naboerne|neighbours?|him|her|them|ham|hende"
          r"|dem)(?!\w))")
WHO_SEES = rf"(?:at |that )?(?:{LOVED_ONES}|de|du|i|han|hun|nogen|they|you|he|she|anyone|anybody|people|folk) "
HURTING = (r"(?:krads\w*|klor|klo|kloede|river|rev|revet|rive|sla|slar|slog|slaet|dunk\w*|bank\w*|bider|bid"
           r"|bed|brand\w*|skar\w*|skrab\w*|scratch\w*|hit|hits|hitting|punch\w*|bang\w*|bite|bit|biting"
           r"|burn\w*|cut|cuts|cutting|pick\w*|scrap\w*|tear\w*|rip\w*)")
BLEEDING = (r"(?:til blods|til (?:\w+ ){0,2}(?:bloder|blodte|blodet|blod)|(?:until|till|untill|so) (?:\w+ ){0,2}"
            r"(?:bleed\w*|bled|blood\w*))")
LAUGH = r"(?:lol|lolz|haha\w*|hehe\w*|lmao|lmfao|rofl|xd|laughing|laughed|griner|grinede)"
DEAD_OF_LAUGHTER = (r"(?:(?:im|i am) (?:\w+ )?(?:dying|dead)|i (?:\w+ )?died|dying|(?:jeg )?(?:dor|dode)|killed me"
                    r"|kills me)")
INJURE = r"(?:skar|skaret|skadede|skadet|brandte|brandt|slog|cut|burnt|burned|hurt|injured)"
TO_ME = r"(?:mig|sig|myself|himself|herself)(?: selv)?"
