"""What is blanked before a message is read (idioms, negated and past mentions) and the statements
that make a message a crisis on their own. Checked in order; each row gives the signal reported."""
from __future__ import annotations

from bot.rules.crisis.patterns import (
    ALCOHOL, BLEEDING, DEAD_OF_LAUGHTER, HURTING, INJURE, INTO_HARD, LATER, LAUGH, LOVED_ONES, MANY,
    NO_REASON_TO_BE_AWAY, NOT_LIFESTYLE, PACK_OF, PILLS, PILLS_OR_PACKS, PROBABLY, SOON, THIRD, TO_ME, WAKING,
    WHO_SEES, table,
)

IDIOMS = table([("idiom", (
    # "dør af grin", "døde af kedsomhed", "dying to know", "bored to death"
    r"(?:do|dor|dode|dod|doende) (?:\w+ ){0,2}af (?:grin\w*|latter|kedsomhed|sult|torst|varme|kulde|skam|skrak"
    r"|nervositet|spanding|nysgerrighed|stress|trathed|misundelse)",
    r"(?:dying|died|die) (?:to|for|of (?:laughter|boredom|curiosity|embarrassment|shame)|laughing)",
    r"(?:bored|scared|sick|tired|worked|frightened|worried) to death",
    # laughing: "lol I'm dying", "haha jeg døde", "I'm dead lmao" (not "I want to be dead lol")
    rf"{LAUGH} _ {DEAD_OF_LAUGHTER}(?= \.|$| {LAUGH})|{DEAD_OF_LAUGHTER} _ {LAUGH}",
    # "keder mig ihjel", "kedet mig til døde", "arbejder mig ihjel", "fryser ihjel"
    r"(?:ked|grin|frys|fros|sved|arbejd|knokl|slid|kor|lob|bekymr|stress|irriter|vent|snak|trat)\w*"
    r" (?:(?:mig|sig|dig|os|jer) )?(?:selv )?(?:\w+ )?(?:ihjel|til dode|til doden)",
    # something else kills me: "ventetiden slår mig ihjel", "det dræber mig", "det tager livet af mig"
    r"(?!jeg )\w+ (?:slar|draber|tager livet af) (?:mig|en)(?! selv)(?: (?:\w+ )?ihjel)?",
    r"(?:det|den|dette|der) ~ (?:sla|drabe|tage livet af) mig(?! selv)(?: (?:\w+ )?ihjel)?",
    r"(?:is|are|was|its|it|this|that|thats|will|going to) (?:\w+ )?(?:killing|kills|kill) me",
    # dead things and places, not people: "det er helt dødt i byen" (the neuter form is never said of a
    # person), "min telefon er død", "my laptop just died"
    r"(?:er|var|blev|bliver|virker|is|was) (?:\w+ ){0,2}dodt",
    r"(?:telefon|mobil|batteri|computer|pc|bil|printer|router|skarm|oplader|internet|wifi|forbindelse|app"
    r"|hjemmeside|system|phone|cellphone|battery|laptop|car|screen|charger|connection|website)\w*"
    r" (?:\w+ ){0,2}(?:er dod|var dod|dode|gik dod|is dead|was dead|died|went dead)",
    # a brush with death told in the past is no wish to die: "jeg var ved at dø af skræk", "I nearly died"
    r"(?:var|blev) (?:lige |naesten |narmest |tat pa )?ved at do(?: af \w+)?|(?:almost|nearly) died",
    # dead as the price of a missed deadline: "jeg er død hvis jeg ikke når det", "I'm dead if I miss it"
    r"(?:er|am|im|be) (?:\w+ )?(?:dod|dead) (?:hvis|if) (?:jeg|i) (?:ikke )?(?:nar|naede|misser|miss|missed|kommer for"
    r" sent|bliver fa\w*dig|afleverer|glemmer|forget|dont make|dont finish|dont get it done|am late|im late)",
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
    rf"(?:ved et uheld|by accident|accidentally|kom til at|i en ulykke|in an accident) _ {INJURE} {TO_ME}",
    rf"{INJURE} {TO_ME} _ (?:ved et uheld|by accident|accidentally|pa arbejde\w*|pa jobbet|at work"
    r"|on the job|i kokkenet|in the kitchen|while cooking|pa komfuret)",
))])

NEGATED = table([("negated", (
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
    rf"{THIRD} ~ (?:(?:begik|har begat|begat) selvmord|tog sit (?:eget )?liv\w*|slog sig (?:selv )?ihjel"
    r"|drabte sig selv|hangte sig"
    r"|committed suicide|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life"
    r"|hanged (?:himself|herself)|died by suicide|dode (?:ved|af) selvmord)",
    r"(?:mistet|mistede|lost) _ (?:til|to) (?:selvmord|suicide)",
    r"(?:min|mit|mine|vores|my|our) \w+s (?:selvmord|suicide)",
))])

CRISIS_STATEMENTS = table([("conditional", (
    # a threat whose verb comes after the condition: "hvis I stopper min ydelse, tager jeg alle mine piller"
    rf"(?:hvis|if) __ (?:sa )?(?:tager|sluger) jeg (?:\w+ )?{MANY} _ {PILLS_OR_PACKS}",
)), ("third_party", (
    # "min søn har selvmordstanker", "my friend talks about killing herself", "hun skærer i sig selv"
    rf"{THIRD} ~ (?:(?:selvmord|suicid|selvskad)\w*|selfharm\w*|(?:vil|ville|onsker at|har lyst til at)"
    rf" (?:bare )?do|vil ikke leve{NOT_LIFESTYLE}|(?:snakker|taler|talks?|talking|skriver|writes)"
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
    rf"hvor mange {PILLS} __ (?:for at do|do|dode|dod|ihjel|overdos\w*|dodelig\w*|skal (?:der )?til)",
    rf"how (?:many|much) {PILLS} __ (?:die|dead|lethal|kill|overdose\w*|fatal)",
    r"(?:smertefri\w*|painless\w*|(?:least|mindst) (?:painful|smertefuld\w*)|nemmeste|easiest|hurtigste|quickest"
    r"|fastest|sikreste|surest|bedste|best)"
    r" _ (?:made at do|dod|way to die|ways to die|way to kill|death|suicide|selvmord\w*)",
    r"(?:dodelig\w*|lethal|deadly|fatal) (?:dosis|dose)",
)), ("plan", (
    # "har købt reb", "har samlet piller", "I've been stockpiling pills", "står på broen"
    r"(?:kobt|kobte|kober|har|fundet|lavet|bought|buy|buying|got|have|found|ordered|bestilt|made|tied)"
    r" (?:\w+ ){0,2}(?:reb|rebet|rope|noose)",
    rf"(?:samlet|samler|hamstret|hamstrer|gemt|stockpil\w*|saving|saved|collecting|collected|hoarding|hoarded"
    rf"|stashing|stashed)(?! pa) _ {PILLS}",
    rf"sparet (?:\w+ )?{PILLS} (?:op|sammen)|sparet (?:op|sammen) _ {PILLS}",
    r"(?:har|have|got|made|lavet|lagt|ved|know|fundet) (?:\w+ ){0,2}(?:plan|planer|planen|planlagt) _"
    r" (?:for|om|til|to|on|hvordan|how|hvornar|when) _ (?:at do|skal do|vil do|dode|dor|selvmord\w*|die"
    r"|dying|kill\w*|ende|end|ihjel|liv|life)",
    r"planlagt _ (?:min dod|at do|skal do|selvmord\w*|ihjel)",
    rf"(?:{PILLS}|reb) nok til|enough {PILLS} to",
    r"(?:star|sidder|standing|sitting|stood|stod) (?:\w+ ){0,2}(?:pa|on|at|ved) (?:kanten af )?(?:broen|bron|en bro"
    r"|skinnerne|togskinnerne|the bridge|a bridge|the edge|the ledge|the tracks)",
    r"(?:going to|ill|i will|want to|vil|skal|planning to|planlagger at) (?:\w+ )?(?:overdose|tage en overdosis)",
    r"(?:givet|gav|foraret|forarede|given|gave|giving|giver) _ (?:ting|ejendele|things|stuff|belongings"
    r"|possessions) (?:vak|away)|(?:given|gave|giving) away _ (?:things|stuff|belongings|possessions)",
)), ("pills_taken", (
    # "har taget en hel pakke panodil", "I took a whole bottle of pills", "taget en overdosis"
    rf"(?:taget|tog|slugt|slugte|spist|spiste|taken|took|swallowed|ate|eaten) (?:\w+ )?{MANY} _ {PILLS_OR_PACKS}",
    rf"(?:tager|take|sluger|swallow|taking) (?:\w+ )?(?:en hel|et helt|hele|a whole|the whole) _ {PILLS_OR_PACKS}",
    rf"(?:taget|tog|slugt|slugte|spist|spiste|taken|took|swallowed|ate|eaten) (?:\w+ )?{PACK_OF}",
    # "mange" alone is ordinary medicine ("mange piller for min ryg"): only without a reason after it
    rf"(?:taget|tog|slugt|slugte|spist|spiste|taken|took|swallowed) (?:\w+ )?(?:mange|many|so many|way too many) _"
    rf" {PILLS}(?! (?:for|mod|imod|against|til|i arevis|over|gennem|through|in my)(?!\w))",
    # all of them at once or tonight, or all of a strong kind: "tager alle mine sovepiller i aften"
    rf"(?:tager|sluger|take|swallow|taking|swallowing) (?:\w+ )?{MANY} _ {PILLS_OR_PACKS} (?:\w+ )?{SOON}"
    r"(?! (?:om|in|with|med|til|hver|every|each|at)(?!\w))",
    rf"{SOON} (?:\w+ )?(?:tager|sluger|take|swallow|taking) (?:\w+ )?{MANY} _ {PILLS_OR_PACKS}",
    r"(?:tager|sluger|take|swallow|taking) (?:\w+ )?(?:alle|all) (?:\w+ ){0,2}(?:sovepille\w*|lykkepille\w*"
    r"|antidepress\w*|sleeping (?:pills|tablets|meds))(?! (?:med|with|om|in|hver|every|til|for|to)(?!\w))",
    # mixed with drink: "drukket en flaske vodka og taget nogle piller", "mixed my pills with alcohol"
    rf"(?:blande\w*|blandet|mix\w*) _ {PILLS} _ (?:med|with|og|and) _ {ALCOHOL}",
    rf"{ALCOHOL} (?:\w+ ){{0,2}}(?:og|and) (?:\w+ )?{MANY} _ {PILLS}",
    rf"{ALCOHOL} __ (?:taget|tog|slugt|slugte|took|taken|swallowed|had) (?:\w+ )?(?:{MANY}|mange|many|nogle|some"
    rf"|flere|several|en del) _ {PILLS}",
    rf"(?:taget|tog|slugt|slugte|took|taken|swallowed) (?:\w+ )?(?:{MANY}|mange|many|nogle|some|flere|several"
    rf"|en del) _ {PILLS} __ {ALCOHOL}",
    rf"(?:ill|i will|going to|vil|skal) (?:\w+ )?(?:tage|take|sluge|swallow) (?:\w+ )?{MANY} _ {PILLS_OR_PACKS}",
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
    rf"|goodbye|goodbyes) (?:til|to) (?:\w+ \w+ (?:og|and) )?{LOVED_ONES}(?! (?:pa|fra|at|on|from|in|hos)"
    r" (?!(?:facebook|messenger|sms|snap\w*|insta\w*|mail|telefon\w*|whatsapp)(?!\w))"
    r"| i (?!(?:dag|gar|aftes|aften|nat|morges)(?!\w)))",
    rf"(?:texted|told|wrote|messaged|skrev til|sagde til|sms\w* til) {LOVED_ONES} (?:\w+ )?(?:goodbye|farvel)",
    r"(?:farvel|goodbye) __ (?:for sidste gang|for the last time|for good|for altid|forever)",
    # it doesn't matter since I'll be gone: "det er lige meget, for jeg er her ikke om en uge"
    rf"{NO_REASON_TO_BE_AWAY}(?:lige meget|ligegyldigt|ligemeget|doe?snt matter|dont matter|no matter) (?:\w+ ){{0,3}}(?:for|fordi|da|because|since"
    r"|cause|as) (?:jeg er|er jeg|im|i am|i will|ill) (?:\w+ )?(?:her ikke|ikke her|ikke i live|not here|not be here"
    r"|be gone|gone|vak|borte|dod|dead)(?! (?:pa|fra|on|from|at|hos|with|med)(?!\w))",
    # a round of calls to say goodbye: "har ringet til alle mine venner og sagt farvel"
    rf"(?:ringet|ringede|ringer|called|phoned|rang|skrevet|skrev|texted) (?:rundt |around |round )?(?:til )?{LOVED_ONES} (?:\w+ ){{0,2}}(?:og|and)"
    r" (?:\w+ )?(?:sagt|sagde|said|sige) (?:\w+ )?(?:farvel|goodbye)(?! (?:til|to|pa|at|fra|from)(?!\w))",
    # the last time they see me: "sidste gang min mor ser mig", "the last time my kids will see me"
    rf"(?:sidste gang|last time) {WHO_SEES}(?:\w+ ){{0,2}}(?:ser|vil se|kommer til at se|skal se|see|sees|will see"
    r"|are going to see|get to see|ever see) (?:mig|me)(?! (?:selv|her|here|pa|i|at|in|on|til|igen|again|uden"
    r"|without|som|as)(?!\w))",
    rf"(?:det var|that was|it was) (?:den |the )?(?:sidste gang|last time) {WHO_SEES}(?:\w+ ){{0,2}}(?:sa|saw)"
    r" (?:mig|me)(?! selv)",
    # not here or alive soon: "jeg er her nok ikke til jul", "ikke i live om en måned", "won't be here by Friday"
    rf"(?:ikke|not|wont|dont think ill|dont think i will|never|no longer) (?:\w+ ){{0,2}}(?:i live|alive)"
    rf" (?:{LATER}|to see|for long)",
    rf"{NO_REASON_TO_BE_AWAY}er (?:jeg )?(?:(?:her|der) {PROBABLY}ikke|{PROBABLY}ikke (?:her|der)) {LATER}",
    rf"{NO_REASON_TO_BE_AWAY}er (?:jeg )?(?:her ikke|ikke her) (?:(?:mere |langere )?{LATER} (?:\w+ )?alligevel"
    rf"|(?:mere|langere) {LATER})",
    rf"(?:regner|forventer) ikke med at (?:vare|blive) (?:her|der|i live) {LATER}|(?:dont|do not) expect to"
    rf" (?:be (?:here|there|around|alive)|live) {LATER}",
    r"(?:aldrig|never) (?:\w+ )?(?:se|ser|see) (?:mig|me) (?:igen|again)(?! (?:at|pa|her|here|in|i)(?!\w))"
    r"|ser mig aldrig (?:\w+ )?igen",
    rf"{NO_REASON_TO_BE_AWAY}(?:wont|will not|not going to|not gonna) (?:\w+ )?be (?:around|here) (?:(?:\w+ ){{0,3}}"
    r"anyway|by|before|to see|for much longer|much longer|for long|long enough)(?!\w)",
    rf"lever (?:\w+ )?ikke (?!mere|langere){LATER}|(?:wont|will not|not going to|never) (?:live|survive)"
    r" (?:to see|until|till|past|through)|nar ikke at (?:se|opleve) (?:\w+ )?(?:jul|nytar|sommer\w*|foraret"
    r"|efterar\w*|vinter\w*|fodselsdag\w*)",
    rf"{NO_REASON_TO_BE_AWAY}(?:by|before|inden|om) (?:\w+ ){{1,5}}(?:ill be|i will be|im|er jeg|jeg er) (?:\w+ )?"
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
    rf"|styre|drive|driving|crash\w*|steer\w*|swerv\w*|ram\w*) (?:\w+ ){{0,3}}{INTO_HARD}",
    rf"(?:korer|styrer) (?:jeg )?(?:\w+ ){{0,2}}{INTO_HARD}",
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
    rf"(?:jeg|i) (?:\w+ ){{0,3}}{HURTING} __ {BLEEDING}|{HURTING} (?:mig|myself) (?:\w+ ){{0,4}}{BLEEDING}",
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
    # "jeg vil bare være død", "jeg ville hellere være død"
    r"(?:jeg (?:vil|ville)|lyst til at|onsker at|hellere) (?:(?:bare|helst|hellere|gerne|sa|bar|nu|allerhelst) )*"
    r"v(?:a|ae|e)re (?:\w+ )?dod(?!\w)",
    r"(?<!dont )(?<!not )(?<!never )(?<!didnt )(?:want|wanted|wish|deserve|ready|need|hope|rather)"
    r" (?:(?:to|just|really|so|simply|i could) )*(?:die|be dead)|let me die",
    rf"(?:vil|ville|gider|orker|magter|onsker|har) (?:\w+ )?(?:ikke|ingen) _ (?:at )?leve{NOT_LIFESTYLE}",
    rf"(?:dont|no longer|never) (?:\w+ )?(?:want|wish|feel like) (?:to )?(?:live|be alive|exist|go on living"
    rf"|keep living|{WAKING}){NOT_LIFESTYLE}",
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
    rf"(?:haber|hab|gid|onsk\w*|hope|wish|want) _ (?:ikke|aldrig|never|not|dont) (?:\w+ )?{WAKING}",
    # the negation first: "tror ikke jeg gider vågne mere", "don't think I want to wake up again"
    r"(?:ikke|not|dont) (?:\w+ )?(?:jeg|i) (?:\w+ )?(?:gider|orker|magter|vil|want to|will) (?:at |to )?(?:vagne|vagner"
    r"|wake)(?: op| up)?(?= \.|$| igen| again| mere| anymore| nogensinde| ever)",
    r"(?:vil|gider|orker|magter|onsk\w*|haber|hab|gid|lyst til at|want|wish|hope) (?:\w+ ){0,3}(?:ikke|aldrig|not"
    r"|never|dont|wouldnt|wont|didnt) (?:at |to )?(?:vagne|vagner|wake)(?: op| up)?(?= \.|$| igen| again| mere"
    r"| anymore| i morgen| tomorrow| nogensinde| ever| i nat| og| and| men| but| efter| after)",
    r"(?:besluttet|bestemt) mig for at (?:do|tage mit liv)|(?:decided|made up my mind) to die"
    r"|regner (?:\w+ )?med at (?:vare )?(?:dod|borte)|expect to be dead|dont expect to (?:be alive|live)",
    rf"(?:sove|sleep|falde i sovn|fall asleep) _ (?:aldrig|never|not|ikke) (?:\w+ )?{WAKING}",
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
    rf"|gider|orker|want to|can) (?:\w+ )?(?:leve|live|go on){NOT_LIFESTYLE}",
    r"(?:tanker|tankt|tanke|tankte) (?:\w+ )?(?:pa|om) at do|thinking (?:about|of) dying|dodstanke\w*"
    # death as the only way out: "det eneste der kan løse det er hvis jeg døde", "death is the only solution"
    r"|(?:eneste|only) (?:\w+ ){0,3}(?:losning\w*|udvej\w*|lose|loser|way out|solution|answer|fix) (?:\w+ ){0,4}(?:hvis"
    r" (?:bare )?jeg (?:\w+ )?(?:do|dor|dode|var dod|er dod)|at (?:jeg )?(?:do|dor|tage mit liv)|doden|if i (?:\w+ )?(?:die"
    r"|died|was dead|were dead)|to die|(?:my )?death|killing myself)(?!\w)"
    r"|(?:doden|at do|death|dying|killing myself) (?:er|is|ville vare|would be) (?:\w+ )?(?:den |the )?(?:eneste|only)"
    r" (?:losning|udvej|way out|solution|option)"
    # how to die: "tænker på hvordan jeg kan dø uden at det gør ondt", "googled how to die painlessly"
    r"|(?:tanker|tankt|tanke|tankte|overvejer|googl\w*|sogt pa|undersog\w*) (?:\w+ )?(?:pa |om )?hvordan (?:jeg|man)"
    r" (?:\w+ ){0,2}(?:do|dor|tage mit liv|tager mit liv)(?! (?:af|i|pa|som)(?!\w))"
    r"|(?:thinking|thought|wondering|googl\w*|searched|looking up|looked up) (?:\w+ )?(?:about |of )?how (?:i|to)"
    r" (?:\w+ ){0,2}(?:die|kill myself|end it)(?! (?:of|in|at|from|my|the|it|your|her|his)(?!\w))"
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
