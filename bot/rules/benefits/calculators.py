"""Estimates of monthly dagpenge and weekly sygedagpenge, the reading of amounts typed the Danish or
English way, and the plain-language text that shows inputs, rule, year and who decides.
Pure functions: no Rasa, no database."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional, Tuple
from urllib.parse import urlparse

from bot.rules.reading import read_hours
from bot.rules.benefits.rates import Figure, Rates, figure, format_amount

# The bounds only catch typing mistakes; a real value is never near them.
# Monthly income: the dagpenge cap is reached at about 25.500 kr. a month, so a lower bound would
# change no estimate; more than a million a month is an annual salary or extra zeros.
MAX_MONTHLY_INCOME = Decimal(1_000_000)
# Hourly wage: the sygedagpenge cap is reached at about 127 kr. an hour; 5.000 kr. an hour is far
# above any wage and most likely a weekly or monthly amount typed in the wrong place.
MAX_HOURLY_WAGE = Decimal(5_000)
# Weekly hours: a week has 168 hours; more than 80 paid hours a week is a typo, not a job.
MAX_WEEKLY_HOURS = Decimal(80)
# Both years we have set the weekly maximum at exactly 37 times the hourly maximum, so more than
# 37 hours a week can never raise the estimate; we count at most 37 and say so.
COUNTED_WEEKLY_HOURS = Decimal(37)

# Dagpenge are 90 % of the income left after the 8 % labour-market contribution (arbejdsmarkedsbidrag),
# never of the gross income (facts-da.md § 2, from laka.dk and ca.dk).
AM_BIDRAG_SHARE = Decimal("0.08")
DAGPENGE_SHARE = Decimal("0.90")
INSURANCE_TYPES = ("full_time", "part_time")

_DAGPENGE_CAPS = {"full_time": "dagpenge_max_full_time", "part_time": "dagpenge_max_part_time"}

# One number: "25 000" (space-grouped) or "25.000", "25,000", "25000,50", "25.000,50", with an
# optional sign before it and an optional "k"/"mio"/"tusind" after it.
_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[.,])"
    r"(?P<sign>[-−–]\s?|minus\s+)?"
    r"(?P<digits>\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    r"(?P<multiplier>\s?(?:k|mio\.?|millioner|million|millions|tusinde|tusind|thousand)\b)?",
    re.IGNORECASE,
)
_MULTIPLIERS = {"k": 1_000, "tusind": 1_000, "tusinde": 1_000, "thousand": 1_000,
                "mio": 1_000_000, "mio.": 1_000_000, "million": 1_000_000, "millioner": 1_000_000,
                "millions": 1_000_000}


def _digits_to_decimal(digits: str) -> Optional[Decimal]:
    """ "25.000" and "25,000" are thousands (a separator followed by exactly three digits);
    "25000,50", "180,5" and "37.5" are decimals; with both signs, the last one is the decimal."""
    digits = digits.replace(" ", "").replace("\u00a0", "")
    if "." in digits and "," in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        whole, _, fraction = digits.rpartition(decimal_mark)
        grouping = "." if decimal_mark == "," else ","
        if not _well_grouped(whole.split(grouping)):
            return None
        return Decimal(whole.replace(grouping, "") + "." + fraction)
    for mark in ".,":
        if mark in digits:
            parts = digits.split(mark)
            if len(parts) == 2 and len(parts[1]) != 3:
                return Decimal(parts[0] + "." + parts[1])
            if not _well_grouped(parts):
                return None
            return Decimal("".join(parts))
    return Decimal(digits)


def _well_grouped(parts) -> bool:
    """Thousands groups: one to three digits first, then groups of exactly three."""
    return 1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:])


def parse_amount(text: str, maximum: Decimal = MAX_MONTHLY_INCOME) -> Tuple[Optional[Decimal], Optional[str]]:
    """The one positive number in `text`, or a problem code for the caller to ask again:
    "not_a_number", "several_numbers", "zero_or_negative" or "absurd" (above `maximum`)."""
    matches = list(_NUMBER.finditer(text or ""))
    if not matches:
        return None, "not_a_number"
    if len(matches) > 1:
        return None, "several_numbers"
    match = matches[0]
    try:
        value = _digits_to_decimal(match.group("digits"))
    except InvalidOperation:
        value = None
    if value is None:
        return None, "not_a_number"
    multiplier = (match.group("multiplier") or "").strip().lower()
    if multiplier:
        value *= _MULTIPLIERS[multiplier]
    if match.group("sign") or value <= 0:
        return None, "zero_or_negative"
    if value > maximum:
        return None, "absurd"
    return value, None


def parse_monthly_income(text: str) -> Tuple[Optional[Decimal], Optional[str]]:
    return parse_amount(text, MAX_MONTHLY_INCOME)


def parse_hourly_wage(text: str) -> Tuple[Optional[Decimal], Optional[str]]:
    return parse_amount(text, MAX_HOURLY_WAGE)


_HOURS_PROBLEMS = {"range": "several_numbers", "negative": "zero_or_negative", "not_a_number": "not_a_number"}


def parse_weekly_hours(text: str) -> Tuple[Optional[Decimal], Optional[str]]:
    """Hours a week, read like every other hours answer (bot.rules.reading: "ti timer" is 10)."""
    hours, problem = read_hours(text)
    if problem:
        return None, _HOURS_PROBLEMS.get(problem, "not_a_number")
    value = Decimal(format(hours, "g"))
    if value <= 0:
        return None, "zero_or_negative"
    if value > MAX_WEEKLY_HOURS:
        return None, "absurd"
    return value, None


# ---------------------------------------------------------------- inputs given in the opening question
# "beregn mine dagpenge, jeg tjente 28.000 om måneden": a number counts only when what stands next to
# it says what it is (kr, om måneden, i timen, timer, "timeløn på"); a bare number ("for 2025", "3 uger")
# is never taken, and two different values for the same thing are a question for the form to ask.
_MONEY = r"(?:kr\.?|kroner|dkk|,-)"
_PER = r"(?:om|i|pr\.?|per|a|an|each|every|/)\s*"
_AFTER_HOURLY = re.compile(rf"\s*{_MONEY}?\s*(?:{_PER}(?:timen|time|t|hour|hr)\b|hourly\b)")
_AFTER_MONTHLY = re.compile(rf"\s*{_MONEY}?\s*(?:{_PER}(?:m(?:å|aa|a)ned(?:en)?|mdr?\.?|month)(?!\w)"
                            r"|m(?:å|aa|a)nedlig|monthly\b)")
_AFTER_OTHER_PERIOD = re.compile(
    rf"\s*{_MONEY}?\s*(?:{_PER}(?:ugen|uge|week|dagen|dag|day|(?:å|aa|a)ret|(?:å|aa|a)r|year)\b"
    r"|(?:p(?:å|aa|a)|over|in|within)\s+\d+\s*(?:(?:å|aa|a)r|years?)\b|(?:(?:å|aa|a)rlig|annual|yearly|weekly))")
_AFTER_HOURS = re.compile(r"\s*(?:timer|tim|hours?|hrs?)\b(?!\s*(?:om|i|pr\.?|per|a)\s*(?:m(?:å|aa|a)ned|month|"
                          r"(?:å|aa|a)r|year|dag|day))")
_AFTER_MONEY = re.compile(rf"\s*{_MONEY}(?!\w)")
_BEFORE_MONEY = re.compile(r"(?:kr\.?|dkk)\s*$")
# What may stand between the name of an amount and the amount: "timeløn er ca. kr." -> 128.
_LEADS_TO_AMOUNT = r"\s*(?:er|var|p(?:å|aa|a)|of|is|was|:|=)?\s*(?:ca\.?|omkring|about|around)?\s*(?:kr\.?|dkk)?\s*$"
_BEFORE_HOURLY = re.compile(r"(?:timel(?:ø|oe|o)n(?:nen)?|hourly\s+(?:wage|pay|rate))" + _LEADS_TO_AMOUNT)
_BEFORE_MONTHLY = re.compile(r"(?:m(?:å|aa|a)nedsl(?:ø|oe|o)n(?:nen)?|monthly\s+(?:income|salary|pay|wage))"
                             + _LEADS_TO_AMOUNT)
_BEFORE_EARNED = re.compile(r"\b(?:tjen(?:te|er|t)|earn(?:ed|s)?|made|l(?:ø|oe|o)n(?:nen)?\s+(?:er|var|p(?:å|aa|a))|"
                            r"income\s+(?:is|was|of)|salary\s+(?:is|was|of))\s+(?:ca\.?|omkring|about|around)?\s*$")
_INSURED_CONTEXT = re.compile(r"forsikr|insured|insurance")
_RANGE_CONTINUES = re.compile(r"\s*(?:kr\.?\s*)?(?:-|–|til|to|eller|or|og|and)\s*\d")


@dataclass(frozen=True)
class GivenInputs:
    """What the opening question already says; None where it says nothing clear."""

    monthly_income: Optional[Decimal] = None
    insured: Optional[str] = None
    hourly_wage: Optional[Decimal] = None
    weekly_hours: Optional[Decimal] = None


def _kind_of_number(before: str, after: str) -> Optional[str]:
    """What the words around one number say it is: "hourly", "monthly", "hours", "money" or None."""
    if _AFTER_HOURLY.match(after) or _BEFORE_HOURLY.search(before):
        return "hourly"
    if _AFTER_MONTHLY.match(after) or _BEFORE_MONTHLY.search(before):
        return "monthly"
    if _AFTER_OTHER_PERIOD.match(after):
        return None          # a weekly, daily or yearly amount is not what either calculator asks for
    if _AFTER_HOURS.match(after):
        return "hours"
    if _AFTER_MONEY.match(after) or _BEFORE_MONEY.search(before) or _BEFORE_EARNED.search(before):
        return "money"
    return None


def _numbers_by_kind(text: str) -> dict:
    """The numbers of `text` grouped by kind; both ends of a range ("25.000-30.000 om måneden") get the
    kind of the last, so the range reads as two values and stays unclear."""
    lowered = (text or "").lower()
    found: dict = {}
    range_start = []
    for match in _NUMBER.finditer(lowered):
        after = lowered[match.end():match.end() + 40]
        if _RANGE_CONTINUES.match(after):
            range_start.append(match.group(0))
            continue
        kind = _kind_of_number(lowered[:match.start()], after)
        if kind:
            found.setdefault(kind, []).extend(range_start + [match.group(0)])
        range_start = []
    return found


def _one_value(candidates, parse) -> Optional[Decimal]:
    """The value when every candidate reads as the same valid amount; None when unclear."""
    values = {parse(candidate)[0] for candidate in candidates}
    return values.pop() if len(values) == 1 and None not in values else None


def inputs_given_in(text: str) -> GivenInputs:
    """The monthly income, insurance type, hourly wage and weekly hours a message clearly gives."""
    found = _numbers_by_kind(text)
    income = _one_value(found.get("monthly") or found.get("money") or [], parse_monthly_income)
    insured = parse_insurance_type(text or "") if _INSURED_CONTEXT.search((text or "").lower()) else None
    return GivenInputs(monthly_income=income, insured=insured,
                       hourly_wage=_one_value(found.get("hourly", []), parse_hourly_wage),
                       weekly_hours=_one_value(found.get("hours", []), parse_weekly_hours))


@dataclass(frozen=True)
class DagpengeEstimate:
    monthly_income: Decimal
    insured: str
    share: Decimal
    am_bidrag: Decimal          # 8 % of the monthly income
    after_am_bidrag: Decimal    # the income the 90 % is taken of
    uncapped: Decimal
    cap: Figure
    amount: Decimal
    cap_applied: bool

    @property
    def figure_years(self) -> Tuple[int, ...]:
        return (self.cap.year,)


@dataclass(frozen=True)
class SygedagpengeEstimate:
    hourly_wage: Decimal
    weekly_hours: Decimal
    counted_hours: Decimal
    hourly_cap: Figure
    weekly_cap: Figure
    uncapped: Decimal          # wage × hours as typed, before any limit
    amount: Decimal
    hourly_cap_applied: bool
    weekly_cap_applied: bool

    @property
    def hours_capped(self) -> bool:
        return self.counted_hours < self.weekly_hours

    @property
    def cap_applied(self) -> bool:
        return self.hourly_cap_applied or self.weekly_cap_applied

    @property
    def figure_years(self) -> Tuple[int, ...]:
        return tuple(sorted({self.hourly_cap.year, self.weekly_cap.year}))


def estimate_dagpenge(monthly_income: Decimal, insured: str, rates: Rates, today: date) -> DagpengeEstimate:
    """90 % of the previous monthly income after the 8 % arbejdsmarkedsbidrag, at most the maximum
    rate for the insurance type."""
    if insured not in INSURANCE_TYPES:
        raise ValueError(f"insured must be one of {INSURANCE_TYPES}, not {insured!r}")
    if not 0 < monthly_income <= MAX_MONTHLY_INCOME:
        raise ValueError("monthly_income must be read with parse_monthly_income first")
    cap = figure(rates, _DAGPENGE_CAPS[insured], today)
    am_bidrag = monthly_income * AM_BIDRAG_SHARE
    after_am_bidrag = monthly_income - am_bidrag
    uncapped = after_am_bidrag * DAGPENGE_SHARE
    return DagpengeEstimate(monthly_income=monthly_income, insured=insured, share=DAGPENGE_SHARE,
                            am_bidrag=am_bidrag, after_am_bidrag=after_am_bidrag, uncapped=uncapped,
                            cap=cap, amount=min(uncapped, cap.value), cap_applied=uncapped > cap.value)


def estimate_sygedagpenge(hourly_wage: Decimal, weekly_hours: Decimal, rates: Rates,
                          today: date) -> SygedagpengeEstimate:
    """Hourly wage × hours (at most 37), at most the maximum hourly rate and the maximum weekly rate."""
    if not 0 < hourly_wage <= MAX_HOURLY_WAGE:
        raise ValueError("hourly_wage must be read with parse_hourly_wage first")
    if not 0 < weekly_hours <= MAX_WEEKLY_HOURS:
        raise ValueError("weekly_hours must be read with parse_weekly_hours first")
    hourly_cap = figure(rates, "sygedagpenge_max_hourly", today)
    weekly_cap = figure(rates, "sygedagpenge_max_weekly", today)
    counted_hours = min(weekly_hours, COUNTED_WEEKLY_HOURS)
    per_week = min(hourly_wage, hourly_cap.value) * counted_hours
    return SygedagpengeEstimate(hourly_wage=hourly_wage, weekly_hours=weekly_hours,
                                counted_hours=counted_hours, hourly_cap=hourly_cap,
                                weekly_cap=weekly_cap, uncapped=hourly_wage * weekly_hours,
                                amount=min(per_week, weekly_cap.value),
                                hourly_cap_applied=hourly_wage > hourly_cap.value,
                                weekly_cap_applied=per_week > weekly_cap.value)


# Every sentence the calculators say, in both languages, in one place.
_TEXTS = {
    "da": {
        "dagpenge_inputs": "Du har oplyst: en indkomst på {income} om måneden, og at du er {insured}.",
        "full_time": "fuldtidsforsikret", "part_time": "deltidsforsikret",
        "dagpenge_rule": "Reglen: dagpenge er 90 % af din tidligere indkomst, efter at der er trukket "
                         "arbejdsmarkedsbidrag (8 %) fra, men højst {cap} om måneden for {insured_plural} "
                         "(sats for {year}).",
        "full_time_plural": "fuldtidsforsikrede", "part_time_plural": "deltidsforsikrede",
        "dagpenge_am_bidrag": "Først trækkes arbejdsmarkedsbidrag (8 %) fra: {income} − {am_bidrag} = "
                              "{after}.",
        "dagpenge_capped": "90 % af {after} er {uncapped}. Det er mere end den højeste sats, "
                           "så du får højst satsen.",
        "dagpenge_uncapped": "90 % af {after} er {uncapped}.",
        "dagpenge_result": "Dit skøn: ca. {amount} om måneden.",
        "dagpenge_decides": "Det er et skøn — a-kassen afgør det endelige beløb.",
        "dagpenge_stale": "Satsen er fra {year}, som er det nyeste tal, vi har — spørg din a-kasse om "
                          "den aktuelle sats.",
        "syg_inputs": "Du har oplyst: en timeløn på {wage} og {hours} timer om ugen.",
        "syg_rule": "Reglen: sygedagpenge regnes ud fra din timeløn gange dine timer, men højst {hourly} "
                    "i timen og højst {weekly} om ugen ({years}).",
        "syg_hours_capped": "Der regnes med højst 37 timer om ugen, fordi den højeste ugesats svarer "
                            "til 37 timer.",
        "syg_hourly_capped": "Din timeløn er højere end den højeste timesats, så der regnes med {hourly} "
                             "i timen.",
        "syg_sum": "{rate} × {hours} timer = {per_week}.",
        "syg_weekly_capped": "Det er mere end den højeste ugesats, så du får højst {weekly}.",
        "syg_result": "Dit skøn: ca. {amount} om ugen.",
        "syg_decides": "Det er et skøn — kommunen afgør det endelige beløb.",
        "syg_stale": "Satserne er fra {year}, som er det nyeste tal, vi har — spørg kommunen om den "
                     "aktuelle sats.",
        "third_party": "Bemærk: Tallene fra {year} kommer fra {domain}, som ikke er en officiel kilde.",
        "years_one": "satser for {year}", "years_many": "satser for {years}",
        "source": "Kilde: {links}",
        "sources": "Kilder: {links}",
    },
    "en": {
        "dagpenge_inputs": "You told me: an income of {income} a month, and that you are {insured}.",
        "full_time": "insured full-time", "part_time": "insured part-time",
        "dagpenge_rule": "The rule: dagpenge are 90% of your previous income after the 8% labour market "
                         "contribution (arbejdsmarkedsbidrag) is taken off, but at most {cap} a month for "
                         "people {insured} ({year} rate).",
        "dagpenge_am_bidrag": "First the labour market contribution (8%) is taken off: {income} − "
                              "{am_bidrag} = {after}.",
        "dagpenge_capped": "90% of {after} is {uncapped}. That is more than the maximum rate, so you "
                           "get the maximum.",
        "dagpenge_uncapped": "90% of {after} is {uncapped}.",
        "dagpenge_result": "Your estimate: about {amount} a month.",
        "dagpenge_decides": "This is an estimate — your a-kasse decides the final amount.",
        "dagpenge_stale": "The rate is from {year}, the newest figure we have — ask your a-kasse for the "
                          "current rate.",
        "syg_inputs": "You told me: an hourly wage of {wage} and {hours} hours a week.",
        "syg_rule": "The rule: sygedagpenge are your hourly wage times your hours, but at most {hourly} an "
                    "hour and at most {weekly} a week ({years}).",
        "syg_hours_capped": "At most 37 hours a week are counted, because the maximum weekly rate "
                            "equals 37 hours.",
        "syg_hourly_capped": "Your hourly wage is above the maximum hourly rate, so {hourly} an hour is "
                             "used.",
        "syg_sum": "{rate} × {hours} hours = {per_week}.",
        "syg_weekly_capped": "That is more than the maximum weekly rate, so you get at most {weekly}.",
        "syg_result": "Your estimate: about {amount} a week.",
        "syg_decides": "This is an estimate — the municipality (kommunen) decides the final amount.",
        "syg_stale": "The rates are from {year}, the newest figures we have — ask the municipality for "
                     "the current rate.",
        "third_party": "Note: the {year} figures come from {domain}, which is not an official source.",
        "years_one": "{year} rates", "years_many": "{years} rates",
        "source": "Source: {links}",
        "sources": "Sources: {links}",
    },
}


def _kroner(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _hours(value: Decimal, language: str) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if language == "da" else text


def _texts(language: str) -> dict:
    return _TEXTS["en" if language == "en" else "da"]


def _sources_line(figures, language: str) -> str:
    links = list(dict.fromkeys(f.source for f in figures))
    return _texts(language)["sources" if len(links) > 1 else "source"].format(links="; ".join(links))


def _domain(url: str) -> str:
    host = urlparse(url).netloc
    return host[4:] if host.startswith("www.") else host


def _third_party_lines(figures, language: str):
    seen = []
    for item in figures:
        key = (item.year, _domain(item.source))
        if not item.official and key not in seen:
            seen.append(key)
    return [_texts(language)["third_party"].format(year=year, domain=domain) for year, domain in seen]


def _joined(lines) -> str:
    # A sentence that ends on an amount ("... 22.500 kr.") must not get a second full stop.
    return "\n".join(line.replace("kr..", "kr.") for line in lines)


def describe_dagpenge(result: DagpengeEstimate, language: str) -> str:
    """The estimate in plain words: inputs, rule with the rate's year, result, and who decides."""
    t, money = _texts(language), (lambda value: format_amount(value, language))
    insured = t[result.insured]
    lines = [
        t["dagpenge_inputs"].format(income=money(result.monthly_income), insured=insured),
        t["dagpenge_rule"].format(cap=money(result.cap.value), year=result.cap.year, insured=insured,
                                  insured_plural=t.get(f"{result.insured}_plural", insured)),
        t["dagpenge_am_bidrag"].format(income=money(result.monthly_income),
                                       am_bidrag=money(_kroner(result.am_bidrag)),
                                       after=money(_kroner(result.after_am_bidrag))),
        t["dagpenge_capped" if result.cap_applied else "dagpenge_uncapped"].format(
            after=money(_kroner(result.after_am_bidrag)), uncapped=money(_kroner(result.uncapped))),
        t["dagpenge_result"].format(amount=money(_kroner(result.amount))),
    ]
    if result.cap.stale:
        lines.append(t["dagpenge_stale"].format(year=result.cap.year))
    lines += _third_party_lines([result.cap], language)
    lines += [t["dagpenge_decides"], _sources_line([result.cap], language)]
    return _joined(lines)


def describe_sygedagpenge(result: SygedagpengeEstimate, language: str) -> str:
    """The estimate in plain words: inputs, rule with the rates' year, the sum, result, who decides."""
    t, money = _texts(language), (lambda value: format_amount(value, language))
    caps = [result.hourly_cap, result.weekly_cap]
    years = result.figure_years
    year_text = (t["years_one"].format(year=years[0]) if len(years) == 1
                 else t["years_many"].format(years="/".join(map(str, years))))
    rate = min(result.hourly_wage, result.hourly_cap.value)
    per_week = rate * result.counted_hours
    lines = [
        t["syg_inputs"].format(wage=money(result.hourly_wage), hours=_hours(result.weekly_hours, language)),
        t["syg_rule"].format(hourly=money(result.hourly_cap.value), weekly=money(result.weekly_cap.value),
                             years=year_text),
    ]
    if result.hours_capped:
        lines.append(t["syg_hours_capped"])
    if result.hourly_cap_applied:
        lines.append(t["syg_hourly_capped"].format(hourly=money(result.hourly_cap.value)))
    lines.append(t["syg_sum"].format(rate=money(rate), hours=_hours(result.counted_hours, language),
                                     per_week=money(per_week)))
    if result.weekly_cap_applied:
        lines.append(t["syg_weekly_capped"].format(weekly=money(result.weekly_cap.value)))
    lines.append(t["syg_result"].format(amount=money(_kroner(result.amount))))
    stale_years = sorted({cap.year for cap in caps if cap.stale})
    if stale_years:
        lines.append(t["syg_stale"].format(year=stale_years[-1]))
    lines += _third_party_lines(caps, language)
    lines += [t["syg_decides"], _sources_line(caps, language)]
    return _joined(lines)


_PART_TIME = re.compile(r"\b(deltid\w*|part[\s-]?time\w*|halvtid)\b")
_FULL_TIME = re.compile(r"\b(fuldtid\w*|fuld\s+tid|full[\s-]?time\w*)\b")


def parse_insurance_type(text: str) -> Optional[str]:
    """ "fuldtidsforsikret" -> "full_time", "deltid" -> "part_time"; None when unclear or both."""
    folded = text.lower()
    part, full = bool(_PART_TIME.search(folded)), bool(_FULL_TIME.search(folded))
    if part == full:
        return None
    return "part_time" if part else "full_time"
