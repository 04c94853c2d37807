"""Spots suicide and self-harm language in a citizen's message, Danish or English, so it is answered first.

How a message is read, with no model:
1. Normalised: lower-case, æ/ø/å squashed (bot.text.squash_danish: "død", "doed" and "dod" all become
   "dod"; "være" → "vare", "skære" → "skare", "hænge" → "hange", "begået" → "begat"), apostrophes
   dropped ("don't" → "dont"), punctuation turned into a clause break " . ", short spellings written out
   ("ik" → "ikke", "kms" → "kill myself"), and one typo in a key word (normalise._FUZZY_STEMS,
   _FUZZY_WORDS) corrected: "selmordstanker", "myslef", "ihjl".
2. Idioms are blanked first (tables.IDIOMS: "dør af grin", "lol I'm dying", "ventetiden slår mig ihjel",
   "keder mig ihjel", "økonomisk selvmord", an accident at work, away on holiday), so a crisis statement
   next to one still counts.
3. A negated mention ("jeg er ikke selvmordstruet") and someone else's past suicide are blanked and
   remembered as "unsure".
4. The crisis table (tables.CRISIS_STATEMENTS).
5. A plan, a letter to family or a gift (signs.PLANS, PREPARATIONS): "crisis" next to death, being gone
   (signs.GONE) or hopelessness; a plan alone ("jeg har besluttet mig") is "unsure", a letter or a gift
   alone nothing.
6. Any remaining mention of suicide or self-harm: "unsure" when asked in the abstract ("hvad er selvmord",
   "hvad gør man hvis man ..." with no I/me), otherwise "crisis".
7. The unsure table (signs.UNSURE_STATEMENTS): hopelessness, and one's own death mentioned vaguely.
A crisis statement after "hvis"/"if"/"ellers" gets the signal "conditional".
"""
from bot.rules.crisis.assessment import CRISIS, NONE, UNSURE, CrisisAssessment, assess_crisis
from bot.rules.crisis.normalise import normalise

__all__ = ["CRISIS", "NONE", "UNSURE", "CrisisAssessment", "assess_crisis", "normalise"]
