"""Signs that make a message a crisis only next to each other (a plan or a farewell next to talk of
death, of being gone or of giving up), and what alone makes it unsure: hopelessness and one's own
death mentioned vaguely."""
from __future__ import annotations

from bot.rules.crisis.patterns import AT_A_LOSS, CLAUSE_END, FEELING_AWFUL, LOVED_ONES, PILLS, WHEN, table

# A plan, a letter to family or gifts of one's things: a crisis next to any talk of death, of being gone or of
# giving up ("jeg har besluttet mig . jeg kan ikke mere"). Alone, a plan with no object is unsure (the assistant
# asks); a letter or a gift alone is ordinary ("har lagt et brev til min far på køkkenbordet").
PLANS = table([("plan", (
    # "jeg har besluttet mig", "planlagt det hele til fredag", "fundet ud af hvordan jeg gør det"
    r"(?:besluttet|bestemt) mig(?= \.|$| og| men| nu| for det| sa)",
    r"(?:truffet|taget) (?:min|en|den) (?:endelige )?beslutning(?! om| at| i| pa)",
    r"(?:ive|i have|i) (?:\w+ )?(?:decided|made up my mind|made my decision|made a decision)(?= \.|$| and| now| so)",
    rf"planlagt (?:det hele|alt|alting|det)(?: (?:til|pa|for) (?:pa )?{WHEN})?(?= \.|$| og| sa| men| nu| det (?:sker|skal ske))",
    rf"(?:det hele|alt|alting|everything|it all|it) (?:er|is) (?:\w+ )?(?:planlagt|planned)(?: (?:til|pa|for|on)"
    rf" (?:pa )?{WHEN})?(?= \.|$| og| sa| men| nu| and| so| now)",
    rf"(?:planned|planed) (?:it all|everything|it)(?: (?:for|on) {WHEN})?(?= \.|$| and| so| now)",
    r"(?:have|got|har) (?:it all|everything|alt|det hele) (?:planned|planlagt)(?= \.|$| og| and| now| nu)",
    r"fundet ud af hvordan (?:jeg )?(?:skal |vil )?(?:gor|gore) det(?= \.|$| og| men| nu| sa)",
    # pills kept ready: "jeg har pillerne liggende klar" (not "... klar til min mor i morgen")
    rf"(?:har|have|got|keep) (?:\w+ ){{0,2}}{PILLS} (?:\w+ )?(?:klar|parat|fremme|ready|at hand)(?! (?:til|for|pa|i|to)(?!\w))",
    rf"{PILLS} (?:ligger|er|are|is) (?:\w+ )?(?:klar|parat|fremme|ready)(?! (?:til|for|pa|i|to)(?!\w))",
    r"(?:figured|worked|found) out how (?:to|im going to|ill|i will|i am going to|i can) do it(?= \.|$| and| now"
    r"| so)",
))])

PREPARATIONS = table([("plan", (
    # the plans above where a comma used to end them: "besluttet mig, jeg kan ikke mere"
    r"(?:besluttet|bestemt) mig(?! for| om| til)|(?:decided|made up my mind)(?! to| on| that| whether)",
    rf"planlagt (?:det hele|alt|alting)(?! (?:til|for|med|om|pa) (?!{WHEN}))|planned (?:it all|everything)"
    rf"(?! (?:for|on|with) (?!{WHEN}))",
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
    rf" (?:\w+ ){{0,2}}(?:til|for|to) {LOVED_ONES}",
    rf"(?:skrevet|skrev|lagt|efterladt|efterlod|wrote|written|left) {LOVED_ONES} (?:\w+ ){{0,2}}(?:brev|besked"
    rf"|seddel|note|letter|message)",
    rf"(?:skrevet|skrev|sagt|sagde|bedt|bad|wrote|written|told|asked|texted) (?:til )?{LOVED_ONES}"
    rf" (?:\w+ ){{0,2}}(?:at|to|that) (?:\w+ ){{0,2}}(?:passe pa|tage sig af|tage over|look after|take care of"
    rf"|take over)",
    # one's things given away: "givet min cykel væk", "I gave my guitar to my friend"
    r"(?:givet|gav|giver|foraret|forarede|forarer|given|gave|giving|give) (?:\w+ ){0,6}(?:vak|away)",
    rf"(?:givet|gav|given|gave|giving) (?:min|mit|mine|my) (?:\w+ ){{0,2}}(?:til|to) {LOVED_ONES}",
))])

GONE = table([("gone", (
    # "så er jeg væk", "I won't be here after", "jeg får ikke brug for dem": next to a plan, not alone
    r"(?:nar|efter|sa|for) (?:jeg er|er jeg) (?:vak|borte|dod)(?! (?:pa|fra|i|til)(?!\w))",
    r"(?:when|once|after|then|so|and) (?:im|ill be|i will be) (?:gone|dead)(?! (?:on|from|to|for|in)(?!\w))",
    r"(?:wont|will not|not going to) be (?:here|around|alive)|(?:er|er jeg|jeg er) (?:her ikke|ikke her|ikke i live)"
    r" (?:mere|langere|efter)",
    r"ikke (?:\w+ )?brug for (?:dem|den|det|noget|nogen)|skal ikke bruge (?:dem|den|det|noget) (?:mere|langere)"
    r"|(?:wont|will not|dont|no longer) need (?:it|them|this|these|any of (?:it|this|them)|anything)"
    r"|(?:wont|will not|no longer) need (?:\w+ ){1,4}(?:anymore|any more|any longer)|where im going",
))])

UNSURE_STATEMENTS = table([("hopeless", (
    # "jeg kan ikke mere", "det hele er ligegyldigt", "hvad er pointen", "I can't go on like this"
    rf"(?:kan|orker|magter|klarer) (?:bare |simpelthen |virkelig |altsa )?ikke (?:mere|mer|langere)"
    rf"(?:{CLAUSE_END}| (?:jeg|og|men|nu|alt|af det|med noget|med det hele|med livet|hverken)(?!\w))",
    rf"kan ikke (?:klare|holde|tage|overskue|bare) (?:\w+ ){{0,2}}(?:mere|langere){CLAUSE_END}",
    rf"(?:orker|magter) (?:ikke noget|ingenting|intet)(?: (?:mere|langere|som helst|overhovedet))?{CLAUSE_END}",
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
    rf"{FEELING_AWFUL} __ {AT_A_LOSS}|{AT_A_LOSS} __ {FEELING_AWFUL}",
    r"(?:det hele|alt|alting|livet|mit liv|intet|ingenting|everything|life|my life|it all) (?:er|bliver"
    r"|foles|virker|is|feels|seems) (?:\w+ )?(?:ligegyldig\w*|meningslos\w*|hablos\w*|sort|tomt|lige meget"
    r"|uden mening|pointless|hopeless|meaningless|black|empty)",
    r"(?:ligegyldig\w*|meningslos\w*|hablos\w*|lige meget|pointless|hopeless|meaningless) (?:\w+ )?(?:det"
    r" hele|alt|alting|livet|everything|it all)",
    r"nothing (?:really )?matters|(?:intet|ingenting) betyder noget|nothing means anything",
    # not "hvad er meningen med livet": the philosopher's question, asked as small talk
    rf"(?:hvad er|hvor er|hvad skal) (?:\w+ )?(?:pointen(?: med (?:det hele|noget|noget som helst|alt|alting"
    rf"|mit liv|mig))?|(?:meningen|formalet) med (?:det hele|noget|noget som helst|alt|alting|mit liv|mig))"
    rf"(?: (?:overhovedet|egentlig|egentligt|mere|sa))?{CLAUSE_END}",
    rf"(?:whats|what is|wheres) the (?:point|use)(?: (?:of|in) (?:anything|it all|life|me|trying|going on"
    rf"|everything|any of this))?(?: (?:anymore|anyway))?{CLAUSE_END}",
    r"(?:no|ingen|intet) (?:point|mening|pointe|formal|hope|hab|reason) _ (?:anymore|mere|med noget"
    r"|i noget|med det hele|in anything|in trying|in going on|left|tilbage)",
    rf"(?<!giver )(?<!gav )(?:no|ingen) (?:point|pointe){CLAUSE_END}",
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
    r"|(?:har|kan) ikke (?:se )?(?:nogen|en) fremtid(?! (?:i|som|pa)(?!\w))|(?:i have|ive got|i got) no future(?! (?:in|as|at"
    r"|with)(?!\w))",
    r"(?:kan|cant) (?:ikke )?(?:leve|live) (?:sadan|like this|like that|med det her|with this)",
    r"(?:morke|sorte|dark|black) (?:tanker|thoughts)",
    # not wanting to live without someone: "har ikke lyst til at leve uden min kone" (not "... uden min bil")
    r"(?:ikke|not|dont|cant) (?:\w+ ){0,3}(?:leve|live) (?:uden|without) (?:min|mit|mine|my|hende|ham|dem|her|him|them)"
    r"(?! (?:\w+ )?(?:bil|job|arbejde|telefon|computer|kaffe|penge|lon|indkomst|ydelse|dagpenge|kontanthjalp"
    r"|sygedagpenge|car|phone|coffee|money|salary|income|benefits)\w*(?!\w))",
    r"(?:ingen|nogen|no) (?:grund|reason) til at (?:fortsatte|blive ved)|no reason to (?:go on|continue|keep going)",
    # no reason to be here at all: "der er ingen grund til at jeg er her" (not "... her til mødet")
    r"(?:ingen|no) (?:grund|reason) (?:til at|for) (?:jeg|me to|me|i) (?:er|be|am|being) (?:her|here)(?! (?:til|pa|i|at"
    r"|in|for|on|to|today|i dag|hos|with|med)(?!\w))",
    # decided, or just no more: "besluttet at jeg ikke gider mere" (not "... gider mere af det her job")
    r"at jeg ikke (?:gider|orker|magter|kan) (?:mere|langere)(?! (?:med|at|af|til|pa|i|end|om|of|with)(?!\w))",
    rf"(?:det er|er det|its|it is) (?:slut|over) for (?:mig|me){CLAUSE_END}|(?:jeg|jg) vil ikke mere{CLAUSE_END}",
    rf"(?:jeg|at jeg|som) ikke (?:kan|orker|magter|gider) (?:mere|langere){CLAUSE_END}",
    rf"(?:kan|orker|magter) (?:bare |simpelthen )?ikke (?:at )?(?:fortsatte|blive ved)(?: (?:mere|langere|sadan))?"
    rf"{CLAUSE_END}",
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
