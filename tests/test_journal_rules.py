"""Job journal and profile rules: Danish dates, reading an activity from free text, checks, counts,
tips and CV facts. Pure functions, no Rasa, no database."""
from datetime import date

import pytest

from bot.rules import journal as rules
from bot.rules import profile
from bot.rules.dates import date_problem, find_date, parse_date_answer
from bot.rules.profile import apply_answer, parse_profile_answer
from bot.rules.reading import field_named_in
from bot.text import clean_text_value, trim

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize("text, expected", [
    ("i dag", date(2026, 11, 23)),
    ("idag", date(2026, 11, 23)),
    ("i går", date(2026, 11, 22)),
    ("i gaar", date(2026, 11, 22)),
    ("igår", date(2026, 11, 22)),
    ("i gar", date(2026, 11, 22)),
    ("i forgårs", date(2026, 11, 21)),
    ("i forgaars", date(2026, 11, 21)),
    ("mandag", date(2026, 11, 16)),       # today is Monday: "mandag" is last week's
    ("i mandags", date(2026, 11, 16)),
    ("fredag", date(2026, 11, 20)),
    ("søndag", date(2026, 11, 22)),
    ("sondag", date(2026, 11, 22)),
    ("20/11", date(2026, 11, 20)),
    ("20.11", date(2026, 11, 20)),
    ("20-11-2026", date(2026, 11, 20)),
    ("20/11/26", date(2026, 11, 20)),
    ("20. november", date(2026, 11, 20)),
    ("den 20. november", date(2026, 11, 20)),
    ("20 nov", date(2026, 11, 20)),
    ("20/1", date(2026, 1, 20)),
    ("24/11", date(2026, 11, 24)),        # no year, tomorrow: kept, so it can be refused as future
    ("20/12", date(2026, 12, 20)),        # within a month ahead: this year's (refused later)
    ("20/3", date(2026, 3, 20)),
    ("20/2/2026", date(2026, 2, 20)),
    ("3 dage siden", date(2026, 11, 20)),
    ("for en uge siden", date(2026, 11, 16)),
    ("for to uger siden", date(2026, 11, 9)),
    ("ti dage siden", date(2026, 11, 13)),
    ("two weeks ago", date(2026, 11, 9)),
    ("a week ago", date(2026, 11, 16)),
    ("yesterday", date(2026, 11, 22)),
    ("last friday", date(2026, 11, 20)),
    ("November 20", date(2026, 11, 20)),
    ("30. november", date(2026, 11, 30)),  # named month, a week ahead: this year's (refused later), as "30/11"
    ("30. novmber", date(2026, 11, 30)),
    ("20. december", date(2026, 12, 20)),
    ("30. december", date(2025, 12, 30)),  # more than a month ahead: last year's
    ("20. novmber", date(2026, 11, 20)),  # one typo in the month
    ("20 noevmber", date(2026, 11, 20)),
])
def test_danish_and_english_dates(text, expected):
    assert parse_date_answer(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "ved ikke", "32/11", "31/02", "bilka", "🙂", "20 banana"])
def test_unreadable_dates_give_none(text):
    assert parse_date_answer(text, TODAY) is None


def test_a_date_is_found_inside_a_sentence():
    found = find_date("jeg søgte som lagerarbejder hos Bilka i går via jobnet", TODAY)
    assert found.value == date(2026, 11, 22)


def test_a_misspelt_month_inside_a_sentence_is_a_date_and_not_part_of_the_employer():
    found = find_date("jeg har også søgt hos Netto 20. novmber", TODAY)
    assert found.value == date(2026, 11, 20)
    activity = rules.parse_activity("jeg har også søgt hos Netto 20. novmber som kasseassistent", TODAY)
    assert (activity.employer, activity.job_title, activity.applied_on) == ("Netto", "kasseassistent",
                                                                            date(2026, 11, 20))
    assert find_date("10 timer om ugen fra 1. decmber", TODAY).value == date(2026, 12, 1)


@pytest.mark.parametrize("value, problem", [
    (date(2026, 11, 23), None),
    (date(2026, 11, 24), "future"),
    (date(2027, 1, 1), "future"),
    (date(2025, 11, 23), None),          # exactly a year back is allowed
    (date(2025, 11, 22), "too_old"),
])
def test_activity_dates_must_be_past_and_within_a_year(value, problem):
    assert date_problem(value, TODAY) == problem


# Sentences about an application sent that give the employer, the job, the day and the channel.
@pytest.mark.parametrize("text, employer, job_title, applied_on, channel", [
    ("jeg søgte som lagerarbejder hos Bilka i går via jobnet",
     "Bilka", "lagerarbejder", date(2026, 11, 22), "job_ad"),
    # typos, no æøå, lower case
    ("jeg sogte som lagerarbjeder hos bilka igar via jobnett",
     "Bilka", "lagerarbjeder", date(2026, 11, 22), "job_ad"),
    ("Sendt uopfordret ansøgning til Netto som butiksassistent 20/11",
     "Netto", "butiksassistent", date(2026, 11, 20), "unsolicited"),
    ("søgte job hos Aarhus Kommune som pædagogmedhjælper den 20. november via jobnet.dk",
     "Aarhus Kommune", "pædagogmedhjælper", date(2026, 11, 20), "job_ad"),
    ("I applied for a job as a cleaner at ISS yesterday through a temp agency",
     "ISS", "cleaner", date(2026, 11, 22), "agency"),
])
def test_a_whole_activity_is_read_from_one_sentence(text, employer, job_title, applied_on, channel):
    assert rules.parse_activity(text, TODAY).values() == {
        "employer": employer, "job_title": job_title, "applied_on": applied_on, "channel": channel, "status": "sent"}


@pytest.mark.parametrize("text, expected", [
    ("har været til samtale hos Føtex som kassemedarbejder i mandags",
     {"employer": "Føtex", "job_title": "kassemedarbejder", "applied_on": date(2026, 11, 16),
      "status": "interview"}),
    ("jeg ringede til Lego i dag og spurgte om job som operatør",
     {"employer": "Lego", "job_title": "operatør", "applied_on": date(2026, 11, 23),
      "channel": "personal_contact"}),
    ("jeg søgte som social- og sundhedsmedarbejder hos Aarhus Kommune i går",
     {"employer": "Aarhus Kommune", "job_title": "social- og sundhedsmedarbejder", "applied_on": date(2026, 11, 22),
      "status": "sent"}),
    ("jeg har søgt et job", {"status": "sent"}),
    ("note: ringer igen fredag", {"note": "ringer igen fredag"}),
])
def test_a_sentence_that_leaves_fields_out_sets_only_those_it_gives(text, expected):
    assert rules.parse_activity(text, TODAY).values() == expected


@pytest.mark.parametrize("text, expected", [
    ("arbejdsgiver: Netto", {"employer": "Netto"}),
    ("stillingen er kok", {"job_title": "kok"}),
    ("det var hos Netto", {"employer": "Netto"}),
    ("ret datoen til i forgårs", {"applied_on": date(2026, 11, 21)}),
    ("status: afslag", {"status": "rejected"}),
    ("arbejdsgiveren hedder Bilka", {"employer": "Bilka"}),
    ("nej, jobbet var som lagermand", {"job_title": "lagermand"}),
    ("ret stillingen til kok", {"job_title": "kok"}),            # "til kok" is no employer
    ("the employer should be Netto", {"employer": "Netto"}),
    ("arbejdsgiveren er forkert, det skal være Bilka", {"employer": "Bilka"}),
])
def test_corrections_name_one_field(text, expected):
    assert rules.parse_activity(text, TODAY).values() == expected


@pytest.mark.parametrize("text, field", [("ret datoen", "applied_on"), ("arbejdsgiveren er forkert", "employer"),
                                         ("ret stillingen", "job_title"), ("hej", None),
                                         ("arbejdsgivren er forkert", "employer"), ("ret titlen", "job_title"),
                                         ("ret søgemåden", "channel"), ("change the date", "applied_on")])
def test_a_correction_without_a_value_names_the_field(text, field):
    assert field_named_in(text, rules.FIELD_WORDS) == field
    assert rules.parse_activity(text, TODAY).named_fields[:1] == ([field] if field else [])


def test_several_labelled_fields_in_one_message():
    activity = rules.parse_activity("arbejdsgiver: Netto, stilling: kok", TODAY)
    assert (activity.values(), activity.named_fields) == ({"employer": "Netto", "job_title": "kok"},
                                                          ["employer", "job_title"])


@pytest.mark.parametrize("text, expected", [
    ("Bilka i går via jobnet", "Bilka"), ("Netto", "Netto"), ("Aarhus Kommune", "Aarhus Kommune"),
    ("det var Bilka tror jeg", "Bilka"), ("arbejdsgiveren hedder Netto", "Netto"), ("Netto, det skrev jeg", "Netto"),
    ("hos Netto", "Netto"), ("det er Føtex i går", "Føtex"), ("som lagermand", "lagermand"),
    ("social- og sundhedsmedarbejder", "social- og sundhedsmedarbejder"),
])
def test_a_bare_answer_is_the_words_before_any_date_or_channel(text, expected):
    assert rules.leading_value(text, TODAY) == expected


@pytest.mark.parametrize("text, channel", [
    ("Jobopslag", "job_ad"), ("Uopfordret ansøgning", "unsolicited"), ("Eget netværk", "network"),
    ("Rekrutterings- eller vikarbureau", "agency"), ("Via praktik eller løntilskud", "internship"),
    ("Telefon eller personlig henvendelse", "personal_contact"), ("Jobsamtale", "interview"),
    ("Job ad", "job_ad"), ("Unsolicited application", "unsolicited"), ("Own network", "network"),
    ("Recruitment or temp agency", "agency"), ("Via internship or wage subsidy", "internship"),
    ("Phone or in person", "personal_contact"), ("Job interview", "interview"),
    ("uopfordret", "unsolicited"), ("via jobnet", "job_ad"), ("hmm", None),
])
def test_every_channel_button_and_typed_channel_is_understood(text, channel):
    assert rules.parse_channel(text) == channel


@pytest.mark.parametrize("text, status", [
    ("Sendt", "sent"), ("Til samtale", "interview"), ("Afslag", "rejected"), ("Tilbudt jobbet", "offered"),
    ("Fik jobbet", "hired"), ("Sent", "sent"), ("Interview", "interview"), ("Rejected", "rejected"),
    ("Offered the job", "offered"), ("Got the job", "hired"), ("fik jobbet!", "hired"), ("blå", None),
])
def test_every_status_button_and_typed_status_is_understood(text, status):
    assert rules.parse_status(text) == status


@pytest.mark.parametrize("value, problem", [("Bilka", None), ("", "empty"), ("   ", "empty"),
                                            ("🙂🙂", "no_letters"), ("!!!", "empty"), ("7-Eleven", None)])
def test_an_employer_needs_letters_or_digits(value, problem):
    assert rules.employer_problem(clean_text_value(value)) == problem


def test_a_very_long_title_is_trimmed_at_a_word_and_says_so():
    value, cut = trim("lagerarbejder " * 150, rules.MAX_JOB_TITLE_CHARS)
    assert cut and len(value) <= rules.MAX_JOB_TITLE_CHARS and value.endswith("lagerarbejder")
    assert trim("kok", rules.MAX_JOB_TITLE_CHARS) == ("kok", False)


def test_exact_duplicates_ignore_case_and_spelling_of_aeoeaa():
    saved = [{"employer": "Føtex", "job_title": "Kasse", "applied_on": "2026-11-20", "channel": "job_ad"}]
    assert rules.is_duplicate({"employer": "foetex", "job_title": "kasse", "applied_on": "2026-11-20",
                               "channel": "job_ad"}, saved)
    assert not rules.is_duplicate({"employer": "Føtex", "job_title": "Kasse", "applied_on": "2026-11-21",
                                   "channel": "job_ad"}, saved)
    assert not rules.is_duplicate({"employer": "Føtex", "job_title": "Kasse", "applied_on": "2026-11-20",
                                   "channel": "network"}, saved)


def test_overview_counts_this_week_and_the_four_before():
    dates = [date(2026, 11, 23), date(2026, 11, 20), date(2026, 11, 16), date(2026, 11, 2),
             date(2026, 10, 26), date(2026, 10, 19)]
    overview = rules.journal_overview(dates, TODAY, weekly_target=3)
    assert (overview.this_week.week_number, overview.this_week.count) == (48, 1)
    assert [(w.week_number, w.count) for w in overview.previous_weeks] == [(47, 2), (46, 0), (45, 1), (44, 1)]
    assert overview.last_four_weeks_total == 4
    assert overview.days_since_last == 0 and not overview.needs_nudge


@pytest.mark.parametrize("dates, nudge", [
    ([], True), ([date(2026, 11, 9)], True), ([date(2026, 11, 10)], False),
])
def test_a_nudge_after_fourteen_days_without_activity(dates, nudge):
    assert rules.journal_overview(dates, TODAY, None).needs_nudge is nudge


@pytest.mark.parametrize("channels, tip", [
    ([], None),
    (["job_ad"], "agency"),
    (["job_ad", "network"], "internship"),
    (["job_ad", "network", "job_ad"], "unsolicited"),
    (["job_ad", "unsolicited"], None),        # already uses a channel that works: no tip
    (["agency"], None),
    (["internship", "network"], None),
])
def test_at_most_one_tip_and_only_without_an_effective_channel(channels, tip):
    assert rules.pick_tip(channels) == tip


def test_status_in_words_finds_the_newest_matching_entry():
    entries = [{"id": 1, "employer": "Bilka", "applied_on": date(2026, 11, 1)},
               {"id": 2, "employer": "Bilka", "applied_on": date(2026, 11, 20)},
               {"id": 3, "employer": "Netto", "applied_on": date(2026, 11, 22)}]
    assert rules.parse_status_update("jeg fik jobbet hos bilka") == ("hired", "Bilka")
    assert rules.parse_status_update("fik afslag fra Coop") == ("rejected", "Coop")
    assert rules.best_matching_entry(entries, "Bilka")["id"] == 2
    assert rules.best_matching_entry(entries, None)["id"] == 3
    assert rules.best_matching_entry(entries, "Coop") is None


@pytest.mark.parametrize("text, update", [
    ("I started my new job at ISS on monday as a cleaner", ("hired", "ISS")),
    ("jeg er startet i nyt job i mandags hos Bygma", ("hired", "Bygma")),
    ("har fået jobbet hos Netto", ("hired", "Netto")),
    ("jeg søgte job hos Netto i går", ("sent", "Netto")),
])
def test_starting_a_new_job_is_news_that_it_went_well(text, update):
    assert rules.parse_status_update(text) == update


@pytest.mark.parametrize("field, text, value", [
    ("experience", "lagerarbejder hos Bilka i 3 år", {"title": "lagerarbejder", "employer": "Bilka", "years": 3}),
    ("experience", "kok i 2,5 år", {"title": "kok", "employer": "", "years": 2.5}),
    ("wished_jobs", "lagerarbejder, chauffør og pædagogmedhjælper", ["lagerarbejder", "chauffør", "pædagogmedhjælper"]),
    ("languages", "dansk, engelsk og arabisk", ["Dansk", "Engelsk", "Arabisk"]),
    ("driving_licence", "ja", ["B"]),
    ("driving_licence", "B og CE", ["B", "CE"]),
    ("driving_licence", "nej", []),
    ("hours_per_week", "37", 37),
    ("hours_per_week", "20 timer", 20),
    ("hours_per_week", "tyve timer", 20),
    ("hours_per_week", "37 hours", 37),
    ("weekly_target", "fem", 5),
    ("driving_licence", "jep", ["B"]),
    ("driving_licence", "nope", []),
    ("driving_licence", "ja, B og CE", ["B", "CE"]),
    ("postcode", "8000", "8000"),
    ("postcode", "jeg bor i 4200 Slagelse", "4200"),
    ("weekly_target", "5", 5),
])
def test_profile_answers_become_values(field, text, value):
    answer = parse_profile_answer(field, text)
    assert answer.problem is None and answer.value == value


@pytest.mark.parametrize("field, text, problem", [
    ("hours_per_week", "mange", "not_a_number"), ("hours_per_week", "60", "out_of_range"),
    ("hours_per_week", "-5", "out_of_range"), ("hours_per_week", "0", "out_of_range"),
    ("hours_per_week", "10-12 timer", "not_a_number"), ("hours_per_week", "et par timer", "not_a_number"),
    ("weekly_target", "et par", "not_a_number"), ("weekly_target", "3 eller 4", "not_a_number"),
    ("hours_per_week", "7,5", "out_of_range"), ("postcode", "123", "bad_postcode"),
    ("postcode", "0123", "bad_postcode"), ("weekly_target", "100", "out_of_range"),
    ("driving_licence", "måske", "bad_licence"), ("education", "🙂", "empty"), ("wished_jobs", "", "empty"),
])
def test_bad_profile_answers_say_why(field, text, problem):
    assert parse_profile_answer(field, text).problem == problem


def test_list_fields_grow_without_duplicates_and_can_be_cleared():
    profile = {"wished_jobs": ["Lagerarbejder"], "experience": []}
    grown = apply_answer(profile, "wished_jobs", parse_profile_answer("wished_jobs", "lagerarbejder, kok"))
    assert grown["wished_jobs"] == ["Lagerarbejder", "kok"]
    assert apply_answer(grown, "wished_jobs", parse_profile_answer("wished_jobs", "ingen"))["wished_jobs"] == []


@pytest.mark.parametrize("text, field", [("jeg vil opdatere min uddannelse", "education"),
                                         ("mit korekort", "driving_licence"), ("skift postnummer", "postcode"),
                                         ("mit ugentlige mål", "weekly_target"), ("hej", None),
                                         ("jeg ønsker at opdatere min uddannelse", "education"),
                                         ("mine kørekort", "driving_licence"), ("mit maal", "weekly_target"),
                                         ("jeg er maler", None), ("uddanelse", "education")])
def test_the_profile_field_is_found_in_words(text, field):
    assert field_named_in(text, profile.FIELD_WORDS) == field


@pytest.mark.parametrize("count, language, phrase", [
    (0, "da", "0 aktiviteter"), (1, "da", "1 aktivitet"), (2, "da", "2 aktiviteter"),
    (1, "en", "1 activity"), (3, "en", "3 activities"),
])
def test_the_weekly_count_is_said_in_singular_or_plural(count, language, phrase):
    assert rules.activities_phrase(count, language) == phrase


@pytest.mark.parametrize("text, just_a_date", [
    ("20. novmber", True), ("i går", True), ("den 20/11", True),
    ("Netto", False), ("Bilka 20/11", False), ("kasseassistent", False), ("7-Eleven", False), ("3F", False),
])
def test_a_date_alone_is_not_a_name(text, just_a_date):
    assert rules.is_just_a_date(text, TODAY) == just_a_date
    assert (rules.employer_problem(text, TODAY) == "a_date") == just_a_date
