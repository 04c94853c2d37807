"""The one reading core: yes/no, numbers, hours, names, corrections, date shifts, buttons, stop, asking
for a person and questions, in Danish and English, with typos and without æøå. Pure functions."""
import pytest

from bot.rules import journal, profile, sick_leave, vacancy
from bot.rules.reading import (
    Correction, NUMBER_WORDS, asks_for_person, clean_name, field_named_in, find_duration, find_durations,
    is_stop, looks_like_question, match_button, read_correction, read_corrections, read_hours, read_number,
    read_range, read_relative_shift, read_yes_no, value_after_no,
)

# --- Yes / no ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ja", "Ja", "JA", "ja.", "Ja!", "jah", "jaa", "Jaaaa", "jaja", "jep", "jepper", "jeps", "jo", "yes", "Yes!",
    "yeah", "yep", "yup", "sure", "ok", "OK", "okay", "korrekt", "helt sikkert", "det passer", "det er rigtigt",
    "rigtigt", "præcis", "praecis", "pracis", "selvfølgelig", "selvfoelgelig", "selvfolgelig", "gerne",
    "ja tak", "Ja tak", "ja gerne", "ja tak, gem", "👍", "👍🏽", "tak 👍", "yes please", "of course",
    "definitely",
    "hvorfor ikke", "why not", "no problem", "klart", "absolut", "naturligvis", "det er fint", "det tror jeg",
    "I think so", "øh ja", "altså ja", "well yes", "ja, ring gerne",
    # typos in words of six letters or more
    "korekt", "korrket", "selvfølgelit", "rigtgt", "helt sikert", "det paser",
])
def test_yes(text):
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", [
    "nej", "Nej", "NEJ!", "neeej", "nej tak", "Nej tak.", "nope", "nah", "no", "No thanks", "ikke rigtigt",
    "ikke rigtig", "forkert", "det er forkert", "det passer ikke", "absolut ikke", "selvfølgelig ikke",
    "of course not", "👎", "det tror jeg ikke", "not really", "not at all", "I don't think so", "aldrig",
    "never", "slet ikke", "ellers tak", "nej ellers tak", "ikke nødvendigt", "ikke nodvendigt",
    "nej, ikke nødvendigt", "nej, det er fint", "nej tak, det er jo fint", "det er ikke rigtigt", "wrong",
    "incorrect", "forkret", "det paser ikke",
])
def test_no(text):
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", [
    "ja, men ikke om aftenen",          # a yes with a reservation is a yes
    "ja tak, men kun om formiddagen",
    "yes, but not on Sundays",
    "ok, så gør vi det",
    "jo, det kan jeg godt",
])
def test_a_yes_with_a_reservation_is_a_yes(text):
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", [
    "ja nej", "Ja, nej", "yes no", "nej ja", "no, yes", "👍👎", "ja 👎",     # both answers
    "ved ikke", "Ved det ikke", "måske", "maaske", "maske", "maybe", "ja, måske", "nej, måske", "not sure",
    "I don't know", "no idea", "ingen anelse", "det kommer an på",             # not knowing
    "jeg søgte hos Netto og de sagde ja",       # "ja" inside other content
    "hvad betyder ja", "de sagde nej til mig", "Jahn Teigen",
    "", "   ", "🙂", "tak", "hej", "gem", "Netto", "hope so", "sur",             # no yes or no
])
def test_unclear_or_no_answer_gives_none(text):
    assert read_yes_no(text) is None


# --- Numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, number", [
    ("0", 0.0), ("7", 7.0), ("10", 10.0), ("-3", -3.0), ("minus 3", -3.0), ("7,5", 7.5), ("7.5", 7.5),
    ("0,125", 0.125), ("12.500", 12500.0), ("12.500,50", 12500.5), ("12,500", 12500.0), ("1.000.000", 1e6),
    ("2½", 2.5), ("ca. 10", 10.0), ("omkring 37,5 kr", 37.5),
    # Danish words
    ("nul", 0.0), ("en", 1.0), ("én", 1.0), ("et", 1.0), ("to", 2.0), ("tre", 3.0), ("fire", 4.0), ("fem", 5.0),
    ("seks", 6.0), ("syv", 7.0), ("otte", 8.0), ("ni", 9.0), ("ti", 10.0), ("elleve", 11.0), ("tolv", 12.0),
    ("tretten", 13.0), ("fjorten", 14.0), ("femten", 15.0), ("seksten", 16.0), ("sytten", 17.0), ("atten", 18.0),
    ("nitten", 19.0), ("tyve", 20.0), ("enogtyve", 21.0), ("femogtyve", 25.0), ("fem og tyve", 25.0),
    ("niogtyve", 29.0), ("tredive", 30.0), ("toogtredive", 32.0), ("fyrre", 40.0), ("halvtreds", 50.0),
    ("tres", 60.0), ("halvfjerds", 70.0), ("firs", 80.0), ("halvfems", 90.0), ("nioghalvfems", 99.0),
    ("hundrede", 100.0), ("et hundrede", 100.0), ("halvanden", 1.5), ("en halv", 0.5), ("to og en halv", 2.5),
    ("2 og en halv", 2.5), ("TI", 10.0),
    # English words
    ("zero", 0.0), ("one", 1.0), ("two", 2.0), ("ten", 10.0), ("twelve", 12.0), ("fifteen", 15.0),
    ("twenty", 20.0), ("twenty five", 25.0), ("twenty-five", 25.0), ("thirty", 30.0), ("ninety nine", 99.0),
    ("a hundred", 100.0), ("half", 0.5), ("a half", 0.5), ("two and a half", 2.5),
    # one typo in words of six letters or more
    ("fjortn", 14.0), ("femtne", 15.0), ("twelwe", 12.0), ("halvtres", 50.0),
    # the article "en"/"et" counts only when nothing else does
    ("jeg har en søn og arbejder 20 timer", 20.0), ("en uge", 1.0),
    # English "to" is no number
    ("I want to work 15 hours", 15.0), ("up to 15", 15.0),
])
def test_one_number(text, number):
    assert read_number(text) == number


@pytest.mark.parametrize("text", [
    "et par", "et par stykker", "nogle", "a few", "a couple", "flere", "several", "mange", "",  # vague or none
    "10-12", "10 eller 20",                                                                     # several
    "thirsty", "eighth", "den ellevte", "tredie",              # words one typo from a number word
    "hej", "Netto", "tak",
])
def test_vague_several_or_no_number_gives_none(text):
    assert read_number(text) is None


def test_every_number_word_from_0_to_100_is_in_the_one_table():
    danish = {"nul", "en", "et", "to", "ti", "tyve", "enogtyve", "femogtyve", "halvtreds", "hundrede"}
    english = {"zero", "one", "ten", "twenty", "ninety", "hundred"}
    assert danish | english <= set(NUMBER_WORDS)
    assert {int(value) for value in NUMBER_WORDS.values() if value == int(value)} >= {0, 1, 20, 21, 99, 100}


# --- Hours ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, hours", [
    ("10", 10.0), ("10 timer", 10.0), ("ti timer", 10.0), ("Ti timer", 10.0), ("10 t", 10.0), ("10t", 10.0),
    ("10t/uge", 10.0), ("10 timer om ugen", 10.0), ("10 timer/uge", 10.0), ("ca. 10 timer", 10.0),
    ("cirka ti timer om ugen", 10.0), ("ten hours", 10.0), ("10 hours a week", 10.0), ("10 hrs", 10.0),
    ("10h", 10.0), ("7,5", 7.5), ("7.5", 7.5), ("7,5 timer", 7.5), ("halvanden time", 1.5), ("en time", 1.0),
    ("en halv time", 0.5), ("to og en halv time", 2.5), ("femogtyve timer", 25.0), ("fem og tyve timer", 25.0),
    ("tyve", 20.0), ("twenty hours", 20.0), ("0", 0.0), ("op til 15 timer", 15.0), ("up to 15 hours", 15.0),
    ("10 timer, 2 dage om ugen", 10.0),       # the number before the hours word wins
    ("jeg kan arbejde 12 timer", 12.0), ("I can work 12 hours", 12.0), ("fjortn timer", 14.0),
])
def test_hours(text, hours):
    assert read_hours(text) == (hours, None)


@pytest.mark.parametrize("text, problem", [
    ("10-12 timer", "range"), ("10 - 12", "range"), ("10–12 timer", "range"), ("10 til 12", "range"),
    ("mellem 10 og 12", "range"), ("mellem 10 og 12 timer", "range"), ("between 10 and 12", "range"),
    ("10 to 12 hours", "range"), ("fra 10 til 12 timer", "range"), ("to til tre timer", "range"),
    ("10 eller 12", "range"), ("en eller to timer", "range"), ("mellem fem og tyve timer", "range"),
    ("", "not_a_number"), ("ingen", "not_a_number"), ("mange", "not_a_number"), ("et par timer", "not_a_number"),
    ("a few hours", "not_a_number"), ("fuld tid", "not_a_number"), ("10 og 20", "not_a_number"),
    ("🙂", "not_a_number"),
    ("-5", "negative"), ("-5 timer", "negative"), ("minus 3 timer", "negative"),
])
def test_hours_problems(text, problem):
    assert read_hours(text) == (None, problem)


@pytest.mark.parametrize("text, hours", [("20 timer", 20.0), ("20", None), ("delvis, 15 timer", 15.0),
                                         ("tyve timer", 20.0), ("100 %", None)])
def test_hours_that_need_an_hours_word(text, hours):
    assert read_hours(text, needs_unit=True)[0] == hours


@pytest.mark.parametrize("text, expected", [
    ("10-12 timer", (10.0, 12.0)), ("mellem 10 og 12", (10.0, 12.0)), ("to til tre", (2.0, 3.0)),
    ("between ten and twelve", (10.0, 12.0)), ("10 timer", None), ("10 og 12", None), ("op til 15", None),
])
def test_a_range_gives_both_numbers(text, expected):
    assert read_range(text) == expected


@pytest.mark.parametrize("text", ["ti timer", "10 timer", "10"])
def test_sick_leave_and_smaajob_agree_on_hours(text):
    assert sick_leave.parse_hours_worked(text) == (10.0, None)
    assert vacancy.validate_hours(text).value == 10
    assert profile.parse_profile_answer("hours_per_week", text).value == 10


# --- Durations and shifts ------------------------------------------------------------------------


@pytest.mark.parametrize("text, days, unit", [
    ("3 uger", 21, "week"), ("tre uger", 21, "week"), ("en uge", 7, "week"), ("a week", 7, "week"),
    ("14 dage", 14, "day"), ("fjorten dage", 14, "day"), ("2 måneder", 60, "month"), ("2 maaneder", 60, "month"),
    ("two weeks", 14, "week"), ("3uger", 21, "week"), ("syg i 10 dage", 10, "day"), ("et døgn", 1, "day"),
])
def test_a_duration(text, days, unit):
    found = find_duration(text)
    assert (found.days, found.unit) == (days, unit)


@pytest.mark.parametrize("text", ["et par uger", "nogle dage", "halvanden uge", "til 15. december", "uge 50", ""])
def test_no_duration(text):
    assert find_duration(text) is None


def test_durations_are_found_in_order_with_their_place_in_the_squashed_text():
    found = find_durations("for 3 dage siden og om to uger")
    assert [(d.days, d.start, d.end) for d in found] == [(3, 4, 10), (14, 23, 30)]


@pytest.mark.parametrize("text, days", [
    ("tre dage senere end jeg skrev", 3), ("en uge tidligere", -7), ("2 uger længere", 14), ("2 uger laengere", 14),
    ("forlænget med 14 dage", 14), ("forlaenget med 14 dage", 14), ("en uge mere", 7), ("en uge til", 7),
    ("fem dage før", -5), ("fem dage foer", -5), ("a week later than I said", 7), ("two days earlier", -2),
    ("3 days later", 3), ("extended by two weeks", 14), ("forkortet med 3 dage", -3), ("udskudt en uge", 7),
    ("yderligere 2 uger", 14), ("another two weeks", 14), ("en uge senre", 7), ("to dage tidligre", -2),
    ("Tre Dage Senere", 3),
])
def test_a_relative_shift(text, days):
    assert read_relative_shift(text) == days


@pytest.mark.parametrize("text", [
    "et par dage senere", "nogle dage senere", "a few days later", "a couple of days later",   # vague: ask
    "til 15. december", "15/12", "mandag",                                                     # a plain date
    "3 uger", "om en uge", "i 14 dage",                                                        # no direction
    "3 dage for sent", "for 3 dage siden",                                                     # not a shift
    "2 uger senere og 3 dage tidligere", "", "senere",
])
def test_no_relative_shift(text):
    assert read_relative_shift(text) is None


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, name", [
    ("Netto, det skrev jeg", "Netto"), ("det er Netto", "Netto"), ("Det er Netto", "Netto"), ("hos Netto", "Netto"),
    ("arbejdsgiveren hedder Netto", "Netto"), ("Arbejdsgiveren er Netto.", "Netto"), ("firmaet hedder Netto", "Netto"),
    ("det var Bilka tror jeg", "Bilka"), ("Netto.", "Netto"), ("Netto!", "Netto"), ('"Netto"', "Netto"),
    ("it's Netto", "Netto"), ("It’s Netto", "Netto"), ("its Netto", "Netto"), ("the company is Netto", "Netto"),
    ("som lagermand", "lagermand"), ("som en lagermand", "lagermand"), ("as a cleaner", "cleaner"),
    ("stillingen er kok", "kok"), ("jeg arbejder hos Netto", "Netto"), ("I work at ISS", "ISS"),
    ("Netto tak", "Netto"), ("Netto, som jeg skrev", "Netto"), ("Bilka i think", "Bilka"),
    ("øh, det er Føtex", "Føtex"), ("det hedder Fotex", "Fotex"), ("  Netto   Valby  ", "Netto Valby"),
    ("kontaktpersonen er Mette Hansen", "Mette Hansen"),
])
def test_the_name_inside_filler(text, name):
    assert clean_name(text) == name


@pytest.mark.parametrize("text", [
    "social- og sundhedsmedarbejder", "Netto i Valby", "Bakken Bageri (Valby)", "7-Eleven", "3F", "Den Blå Avis",
    "Det Kongelige Teater", "Kok <b>deltid</b>", "ISS A/S", "Jo", "Tak", "det er", "ved ikke", "pædagogmedhjælper",
    "Hos Anna",             # "hos" is filler only written in lower case: a café can be called "Hos Anna"
])
def test_a_name_without_filler_is_unchanged(text):
    assert clean_name(text) == text


@pytest.mark.parametrize("text, cleaned", [("", ""), ("   ", ""), ("...", ""), ("🙂", "🙂")])
def test_empty_names_stay_empty(text, cleaned):
    assert clean_name(text) == cleaned


# --- Fields and corrections ----------------------------------------------------------------------

JOURNAL_WORDS = journal.FIELD_WORDS


@pytest.mark.parametrize("text, correction", [
    ("det er forkert, det skal være Bilka", Correction(None, "Bilka")),
    ("det er forkert, det skal vaere Bilka", Correction(None, "Bilka")),
    ("arbejdsgiveren hedder Bilka", Correction("employer", "Bilka")),
    ("arbejdsgiveren er Bilka", Correction("employer", "Bilka")),
    ("arbejdsgivren hedder Bilka", Correction("employer", "Bilka")),           # one typo
    ("firmaet var Bilka", Correction("employer", "Bilka")),
    ("arbejdsgiver: Netto", Correction("employer", "Netto")),
    ("ret datoen til fredag", Correction("applied_on", "fredag")),
    ("ret datoen til i forgårs", Correction("applied_on", "i forgårs")),
    ("ret arbejdsgiver", Correction("employer", None)),
    ("ret arbejdsgiveren", Correction("employer", None)),
    ("arbejdsgiveren er forkert", Correction("employer", None)),
    ("arbejdsgiveren er forkert, det skal være Bilka", Correction("employer", "Bilka")),
    ("nej, jobbet var som lagermand", Correction("job_title", "lagermand")),
    ("stillingen er social- og sundhedsmedarbejder", Correction("job_title", "social- og sundhedsmedarbejder")),
    ("ret stillingen til kok, det skrev jeg", Correction("job_title", "kok")),
    ("the employer should be Netto", Correction("employer", "Netto")),
    ("change the employer to Netto", Correction("employer", "Netto")),
    ("the company is called Netto", Correction("employer", "Netto")),
    ("the job title is warehouse worker", Correction("job_title", "warehouse worker")),
    ("status: afslag", Correction("status", "afslag")),
    ("nej, Netto, det skrev jeg", Correction(None, "Netto")),
    ("nej, det var Netto", Correction(None, "Netto")),
    ("forkert, det er Netto i Valby", Correction(None, "Netto i Valby")),
    ("ret det til Bilka", Correction(None, "Bilka")),
    ("no, it should be Netto", Correction(None, "Netto")),
    ("jeg mente Bilka", Correction(None, "Bilka")),
    ("Netto, det skrev jeg", Correction(None, None)),       # no correction cue
    ("det var Netto", Correction(None, None)),
    ("Netto", Correction(None, None)),
    ("nej", Correction(None, None)),
    ("nej tak", Correction(None, None)),
    ("det er forkert", Correction(None, None)),
    ("nej, jeg vil gerne stoppe", Correction(None, None)),
    ("ret godt", Correction(None, None)),
    ("", Correction(None, None)),
])
def test_a_correction(text, correction):
    assert read_correction(text, JOURNAL_WORDS) == correction


def test_a_message_can_correct_several_fields():
    assert read_corrections("arbejdsgiver: Netto, stilling: kok", JOURNAL_WORDS) == [
        Correction("employer", "Netto"), Correction("job_title", "kok")]
    assert read_corrections("arbejdsgiveren er Netto og stillingen er lagermand", JOURNAL_WORDS) == [
        Correction("employer", "Netto"), Correction("job_title", "lagermand")]


@pytest.mark.parametrize("field_words, text, correction", [
    (sick_leave.FIELD_WORDS, "arbejdsgiveren hedder Bilka", Correction("employer", "Bilka")),
    (sick_leave.FIELD_WORDS, "ret første sygedag til mandag", Correction("first_day", "mandag")),
    (sick_leave.FIELD_WORDS, "timerne skal være 20", Correction("partial_hours", "20")),
    (sick_leave.FIELD_WORDS, "jeg er tilbage en anden dag", Correction("expected_return", None)),
    (vacancy.FIELD_WORDS, "telefonnummeret er 23456789", Correction("phone", "23456789")),
    (vacancy.FIELD_WORDS, "firmanavnet skal være Bakken Bageri", Correction("company", "Bakken Bageri")),
    (vacancy.FIELD_WORDS, "ret stillingen til opvasker", Correction("job_title", "opvasker")),
    (vacancy.FIELD_WORDS, "the email should be mette@bakken.dk", Correction("email", "mette@bakken.dk")),
    (profile.FIELD_WORDS, "min uddannelse er SOSU-assistent", Correction("education", "SOSU-assistent")),
])
def test_the_same_reader_serves_every_journey(field_words, text, correction):
    assert read_correction(text, field_words) == correction


WORDS = {"employer": ("arbejdsgiver", "firma", "employer"), "applied_on": ("dato", "datoen", "date"),
         "job_title": ("stilling", "job", "job title"), "channel": ("kanal",)}


@pytest.mark.parametrize("text, field", [
    ("ret arbejdsgiveren", "employer"), ("ARBEJDSGIVER", "employer"), ("arbjedsgiver", "employer"),
    ("firmaet er forkert", "employer"), ("ret datoen", "applied_on"), ("dato", "applied_on"),
    ("change the job title", "job_title"), ("ret jobbet", None),       # short words only as written
    ("data", None), ("kanalen", "channel"),                          # five letters or more: inflected too
    ("datoen og arbejdsgiveren er forkerte", "employer"),            # the longest word wins
    ("ret kanalen og firmaet", "channel"),                           # as long: the first written
    ("hej", None), ("", None), ("Netto", None),
])
def test_the_field_named(text, field):
    assert field_named_in(text, WORDS) == field


# --- Buttons -------------------------------------------------------------------------------------

SAVE = [{"title": "Gem", "payload": "/affirm"}, {"title": "Ret noget", "payload": "/deny"}]
CONTACT = [{"title": "Chat", "payload": "chat"}, {"title": "Telefon", "payload": "phone"},
           {"title": "Skriftligt svar", "payload": "written"}]
YES_NO = [{"title": "👍 Ja", "payload": "/affirm"}, {"title": "👎 Nej", "payload": "/deny"}]
CHANNELS = [{"title": "Jobopslag", "payload": "job_ad"}, {"title": "Uopfordret ansøgning", "payload": "unsolicited"},
            {"title": "Eget netværk", "payload": "network"}]
PICK = [{"title": "1. Lagerarbejder – Bilka", "payload": "1"}, {"title": "2. Kok – Netto", "payload": "2"},
        {"title": "3. Kok – Føtex", "payload": "3"}]
TOPICS = [{"title": "Dagpenge", "payload": '/benefit_topic{"benefit_topic":"dagpenge"}'},
          {"title": "Sygedagpenge", "payload": '/benefit_topic{"benefit_topic":"sygedagpenge"}'}]


@pytest.mark.parametrize("buttons, text, payload", [
    (SAVE, "gem", "/affirm"), (SAVE, "Gem", "/affirm"), (SAVE, "GEM!", "/affirm"), (SAVE, "ja tak, gem", "/affirm"),
    (SAVE, "gem den", "/affirm"), (SAVE, "gem tak", "/affirm"), (SAVE, "bare gem", "/affirm"),
    (SAVE, "ret noget", "/deny"), (SAVE, "ret", "/deny"), (SAVE, "ja", "/affirm"), (SAVE, "jep", "/affirm"),
    (SAVE, "nej", "/deny"), (SAVE, "👍", "/affirm"),
    (CONTACT, "chat", "chat"), (CONTACT, "Chat please", "chat"), (CONTACT, "chta", "chat"),
    (CONTACT, "telefon", "phone"), (CONTACT, "telefn", "phone"), (CONTACT, "tlefon tak", "phone"),
    (CONTACT, "skriftligt svar", "written"), (CONTACT, "skriftligt tak", "written"),
    (CONTACT, "skriftlig svar", "written"),
    (CONTACT, "skrftligt svr", "written"), (CONTACT, "Skriftligt svar 🙂", "written"),
    (YES_NO, "ja", "/affirm"), (YES_NO, "Ja tak", "/affirm"), (YES_NO, "nej tak", "/deny"), (YES_NO, "👎", "/deny"),
    (YES_NO, "ja, men ikke om aftenen", "/affirm"), (YES_NO, "sure", "/affirm"), (YES_NO, "nope", "/deny"),
    (CHANNELS, "jobopslag", "job_ad"), (CHANNELS, "uopfordret", "unsolicited"),
    (CHANNELS, "uopfordret ansogning", "unsolicited"), (CHANNELS, "eget netvaerk", "network"),
    (CHANNELS, "eget netværk tak", "network"),
    (PICK, "1", "1"), (PICK, "1.", "1"), (PICK, "nummer 1", "1"), (PICK, "nr. 2", "2"), (PICK, "Nummer to", "2"),
    (PICK, "number 3", "3"), (PICK, "lagerarbejder", "1"),
    (TOPICS, "dagpenge", '/benefit_topic{"benefit_topic":"dagpenge"}'),
    (TOPICS, "sygedagpenge", '/benefit_topic{"benefit_topic":"sygedagpenge"}'),
    (TOPICS, "sygedagpnge", '/benefit_topic{"benefit_topic":"sygedagpenge"}'),
])
def test_a_typed_button(buttons, text, payload):
    assert match_button(text, buttons) == payload


@pytest.mark.parametrize("buttons, text", [
    (SAVE, "gem den men ret datoen"),          # more than a title
    (SAVE, "ja, men ret datoen"),              # a yes that also names the other button
    (SAVE, "jeg vil gerne ændre noget andet"),
    (SAVE, "måske"), (SAVE, ""), (SAVE, "🙂"), (SAVE, "ja nej"),
    (CONTACT, "ja"),                           # no yes button
    (CONTACT, "ring"), (CONTACT, "chat eller telefon"), (CONTACT, "jeg vil gerne have et skriftligt svar om dagpenge"),
    (PICK, "kok"),                             # two titles start with it
    (PICK, "4"), (PICK, "10"),
    (YES_NO, "ved ikke"),
    (TOPICS, "sygedagpenge og dagpenge"),
])
def test_no_button_is_pressed(buttons, text):
    assert match_button(text, buttons) is None


def test_two_buttons_matching_equally_press_none():
    twins = [{"title": "Kok", "payload": "a"}, {"title": "kok", "payload": "b"}]
    assert match_button("kok", twins) is None


# --- Stop ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "stop", "Stop", "STOP!!!", "stop det", "stop det her", "stop nu", "nej stop", "stoppe", "jeg vil stoppe",
    "annuller", "annullér", "afbryd", "jeg vil gerne afbryde", "glem det", "drop det", "fortryd", "lad være",
    "lad vaere", "lad vær", "hold op", "cancel", "please cancel", "forget it", "never mind", "quit", "exit",
    "anuller", "afbyrd", "fortyd", "cancle",          # one typo in words of six letters or more
])
def test_stop(text):
    assert is_stop(text)


@pytest.mark.parametrize("text", [
    "annuller min sygemelding", "stop ikke", "don't stop", "kan jeg fortryde?", "hvordan stopper jeg",
    "stop med at skrive til mig nu tak",          # more than five words
    "stopur", "shop", "quiz", "stå op", "jeg stoppede på mit job", "Netto", "", "🙂", "nej",
])
def test_not_a_stop(text):
    assert not is_stop(text)


@pytest.mark.parametrize("text", [
    "nej ikke alligevel", "ikke alligevel tak", "jeg vil ikke alligevel", "alligevel ikke", "jeg har skiftet mening",
    "har fortrudt", "jeg fortryder", "jeg vil ikke fortsætte", "I changed my mind", "i dont want to continue",
])
def test_a_change_of_mind_is_a_stop(text):
    assert is_stop(text)


@pytest.mark.parametrize("text", ["jeg vil ikke stoppe", "ikke stop", "jeg vil ikke stoppe nu", "ikke"])
def test_a_negation_outside_the_stop_phrase_still_makes_it_no_stop(text):
    assert not is_stop(text)


# --- Asking for a person ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "kan jeg tale med en medarbejder", "Kan jeg tale med en medarbejder?", "jeg vil gerne snakke med en sagsbehandler",
    "kan jeg skrive med en rådgiver", "kan en radgiver ringe til mig", "jeg vil have fat i min jobkonsulent",
    "jeg vil gerne have kontakt til en medarbejder", "jeg vil have en sagsbehandler", "kan jeg tale med nogen",
    "kan jeg ikke bare tale med et menneske?", "jeg vil tale med et rigtigt menneske", "medarbejder",
    "Medarbejder!", "menneske tak", "en medarbejder tak", "sagsbehandler", "human", "a human please",
    "speak to someone", "I want to talk to a human", "get me an agent", "can someone call me",
    "I want to speak with a caseworker", "talk to an advisor", "medarbjder", "jeg vil snakke med en medarbjder",
])
def test_asks_for_a_person(text):
    assert asks_for_person(text)


@pytest.mark.parametrize("text", [
    "social- og sundhedsmedarbejder", "pædagogmedarbejder", "lagermedarbejder", "jeg søger job som medarbejder",
    "jeg vil have en stilling som medarbejder i Netto", "I applied as an agent", "jeg vil ikke tale med en medarbejder",
    "ring til mig", "nogen", "someone", "personale", "personlig henvendelse", "jeg taler med min leder",
    "hvem kan jeg tale med", "", "hej", "medarbejdernes kantine er lukket",
])
def test_does_not_ask_for_a_person(text):
    assert not asks_for_person(text)


# --- Questions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Netto?", "hvad er dagpenge", "Hvad er dagpenge", "hvordan søger jeg", "hvordn søger jeg", "hvorfor", "hvornår",
    "hvornaar får jeg svar", "hvornar", "hvem ringer", "hvor mange timer", "hvilke papirer", "hvilken dato",
    "kan jeg få hjælp", "må jeg", "maa jeg arbejde", "skal jeg melde mig", "får jeg dagpenge", "faar jeg penge",
    "er det rigtigt", "what is this", "How do I apply", "why", "when", "who", "can I work", "do I need",
    "is it ok", "will I get money", "ok ?🙂", "20 timer?",
])
def test_looks_like_a_question(text):
    assert looks_like_question(text)


@pytest.mark.parametrize("text", [
    "Netto", "ja", "jeg ved ikke", "hvidevarer", "20 timer",
    "det er rigtigt", "I can work", "it is ok", "", "🙂", "kanal", "whatever",
])
def test_does_not_look_like_a_question(text):
    assert not looks_like_question(text)


@pytest.mark.parametrize("text, value", [
    ("nej, 30", "30"), ("nej det skal være 3 dage senere end jeg skrev", "3 dage senere end jeg skrev"),
    ("Nej, det er Netto", "Netto"), ("no, it should be friday", "friday"), ("forkert, 25 timer", "25 timer"),
    ("nej", None), ("nej tak", None), ("nej, lad være", None), ("Nope!", None), ("ja, 30", None),
    ("nemlig", None), ("30", None),
])
def test_a_no_can_give_the_right_value_in_the_same_breath(text, value):
    assert value_after_no(text) == value


def test_a_no_with_the_right_value_presses_no_button():
    buttons = [{"title": "Ja, gem", "payload": "/affirm"}, {"title": "Nej, lad være", "payload": "/deny"}]
    assert match_button("nej, 30", buttons) is None
    assert match_button("nej, tre dage senere end jeg skrev", buttons) is None
    assert match_button("nej tak", buttons) == "/deny"

