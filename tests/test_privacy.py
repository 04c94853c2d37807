"""What is kept of what people write: CPR numbers and health details are replaced by placeholders
(bot/privacy.py, data/privacy/health_words.yml), and nothing else is touched."""
import re

import pytest
import yaml

from bot.privacy import (
    CPR_PLACEHOLDER, HEALTH_PLACEHOLDER, HEALTH_WORDS_FILE, Redaction, find_cpr_numbers, is_health_word,
    privacy_notice, redact_cpr_numbers, redact_health_details, redact_personal_details,
)
from bot.store.users import InvalidLogin, validate_login
from tests.helpers import NLU_DIR, PROJECT_ROOT, domain, nlu_examples

# --- CPR numbers ---


@pytest.mark.parametrize("text, redacted", [
    ("0101901234", CPR_PLACEHOLDER),
    ("010190-1234", CPR_PLACEHOLDER),
    ("mit cpr er 010190-1234", f"mit cpr er {CPR_PLACEHOLDER}"),
    ("mit cpr er 0101901234 tak", f"mit cpr er {CPR_PLACEHOLDER} tak"),
    ("010190 1234", CPR_PLACEHOLDER),
    ("010190 - 1234", CPR_PLACEHOLDER),
    ("010190–1234", CPR_PLACEHOLDER),                      # an en dash, as phones and Word type it
    ("010190\u00a01234", CPR_PLACEHOLDER),                 # a non-breaking space
    ("01 01 90 1234", CPR_PLACEHOLDER),
    ("01 01 90 12 34", CPR_PLACEHOLDER),
    ("01-01-90-1234", CPR_PLACEHOLDER),
    ("0101 901234", CPR_PLACEHOLDER),
    ("CPR-nr.:010190-1234.", f"CPR-nr.:{CPR_PLACEHOLDER}."),
    ("cpr0101901234", f"cpr{CPR_PLACEHOLDER}"),
    ("(0101901234)", f"({CPR_PLACEHOLDER})"),
    ("min søn 311205-4321 og jeg 010190-1234", f"min søn {CPR_PLACEHOLDER} og jeg {CPR_PLACEHOLDER}"),
    ("211062-5629", CPR_PLACEHOLDER),                      # passes the old modulus-11 check
    ("0101901234", CPR_PLACEHOLDER),                       # fails it: still a real number (given since 2007)
    ("290260-4001", CPR_PLACEHOLDER),                      # 29 February 1960
    ("010160-5000", CPR_PLACEHOLDER),                      # born 1860 (7th digit 5-8, year 58 or later)
    ("010105-4321", CPR_PLACEHOLDER),                      # born 2005 (7th digit 4, year before 37)
    ("٠١٠١٩٠١٢٣٤", CPR_PLACEHOLDER),                       # the same digits in Arabic script
])
def test_cpr_numbers_are_replaced_in_every_shape(text, redacted):
    assert redact_cpr_numbers(text) == (redacted, True)
    assert redact_personal_details(text) == Redaction(redacted, cpr_removed=True, health_removed=False)


@pytest.mark.parametrize("text", [
    "20304050", "ring på 20 30 40 50", "+45 20 30 40 50", "+4520304050", "0045 20304050",  # phone numbers
    "CVR 12345678", "cvr-nr. 12 34 56 78",                                          # company numbers
    "født 01-01-1990", "1990-01-01", "01.01.1990", "den 1/1-1990", "15/11",          # dates
    "01-01-1990 12:00", "01-01-1990 1200", "kl. 10-14",                              # a date and a time
    "12.500 kr", "12.500,00 kr.", "1.234.567 kr", "8000 Aarhus C", "2100 København Ø",  # amounts, postcodes
    "SJ-000012", "JA-000003",                                                        # the assistant's references
    "1234567890",                                    # day 12 of month 34
    "3201901234", "0113901234", "3102901234",        # no 32nd day, no 13th month, no 31 February
    "290261-4001",                                   # 1961 was no leap year
    "010130-4000",                                   # born 2030: not yet
    "01019012345", "10101901234",                    # eleven digits
    "DK50 0040 0440 1162 43",                        # an IBAN
])
def test_numbers_that_are_not_cpr_numbers_are_kept(text):
    assert redact_cpr_numbers(text) == (text, False)
    assert find_cpr_numbers(text) == []


def test_cpr_numbers_are_found_as_written():
    assert find_cpr_numbers("a 010190-1234 b 01 01 90 12 34 c 20304050") == ["010190-1234", "01 01 90 12 34"]


# --- Health details ---

@pytest.mark.parametrize("text", [
    # inflected (definite, plural, genitive) and as typed without æ/ø/å
    "kræft", "kræften", "kræftens", "kraeften", "depression", "depressionen", "depressioner", "angsten",
    "diagnosen", "diagnoserne", "migrænen", "influenzaen", "feberen", "operationen", "operationerne", "gigten",
    "stressen", "stresset", "stressede", "deprimeret", "deprimerede", "opereret", "opereres", "brækket",
    "brakket", "forkølet",
    # compounds
    "brystkræft", "lungekræften", "prostatakræft", "hudkræft", "blodkræft", "livmoderhalskræft", "hjernetumor",
    "rygoperation", "knæoperationen", "fødselsdepression", "panikangst", "leddegigt", "slidgigten",
    "lungebetændelse", "blærebetændelsen", "hjertesygdom", "kønssygdomme", "sindslidelse", "rygskade",
    "benbrud", "lårbensbrud", "knæsmerter", "rygproblemer", "nyresvigt", "hjerneblødning", "pollenallergi",
    "urinvejsinfektion", "kræftpatient", "kræftpatienter", "stressramt", "stresssygemeldt", "stressygemeldt",
    "depressionsbehandling", "migræneanfald", "gigtmedicin", "coronasmittet", "kræftforløbet",
    "maniodepressiv", "højgravid",
    # pregnancy
    "gravid", "gravide", "graviditeten", "graviditetsgener", "bækkenløsning", "aborten", "spontan abort",
    "svangerskabsforgiftning", "venter barn", "venter et barn", "ivf",
    # HIV, infections
    "hiv", "HIV", "hiv-positiv", "hivpositiv", "AIDS", "hepatitis", "klamydia", "covid", "covid-19",
    "corona", "mavesyge",
    # addiction
    "alkoholiker", "alkoholikere", "alkoholmisbrug", "stofmisbrug", "misbrugsbehandling", "hashmisbrug",
    "spilafhængig", "alkoholafhængighed", "ludoman", "narkoman", "afvænning", "antabus",
    # cancer types and treatment
    "leukæmi", "lymfom", "melanom", "tumor", "svulst", "metastaser", "kemo", "kemoterapi",
    "strålebehandling",
    # mental health, neurological, chronic
    "ADHD", "adhd'en", "PTSD", "autisme", "autist", "skizofreni", "bipolar", "psykose", "spiseforstyrrelse",
    "anoreksi", "udbrændt", "burnout", "sclerose", "dissemineret sclerose", "epilepsi", "diabetes",
    "sukkersyge", "astma", "KOL", "ALS", "demens", "alzheimers", "parkinsons", "hjernerystelse",
    "piskesmæld", "blodprop", "blodproppen", "diskusprolaps", "lykkepiller", "antidepressiva",
    # phrases
    "ondt i ryggen", "smerter i knæet", "psykisk syg", "psykiske problemer", "højt blodtryk", "kaster op",
    # English
    "cancer", "breast cancer", "depressed", "anxiety", "stressed", "pregnant", "pregnancy", "miscarriage",
    "addiction", "addicted", "alcoholic", "chemotherapy", "surgery", "a broken leg", "fractured", "migraine",
    "the flu", "pain in my back", "panic attacks", "heart attack", "burned out", "eating disorder",
    "mental health issues", "diagnosed", "concussion", "whiplash", "rehab",
])
def test_health_details_are_left_out(text):
    redacted, changed = redact_health_details(text)
    assert changed
    assert not any(is_health_word(word) for word in re.findall(r"[^\W\d_]+", redacted))
    assert HEALTH_PLACEHOLDER in redacted


@pytest.mark.parametrize("text, redacted", [
    ("jeg har brækket benet", "jeg har [helbredsoplysning] benet"),
    ("Min medarbejder har brystkræft og er sygemeldt", "Min medarbejder har [helbredsoplysning] og er sygemeldt"),
    ("hun er gravid i 5. måned", "hun er [helbredsoplysning] i 5. måned"),
    ("jeg har ondt i ryggen efter operationen", "jeg har [helbredsoplysning] efter [helbredsoplysning]"),
    ("I have breast cancer", "I have breast [helbredsoplysning]"),
    ("sygemeldt med stress fra i dag", "sygemeldt med [helbredsoplysning] fra i dag"),
])
def test_only_the_health_words_go(text, redacted):
    assert redact_health_details(text) == (redacted, True)


@pytest.mark.parametrize("text", [
    # what reporting sick and asking about benefits is about
    "jeg er syg", "sygemeldt", "sygemelding", "pga sygdom", "lægen har sygemeldt mig", "lægeerklæring",
    "jeg er indlagt på hospitalet", "barsel", "barselsdagpenge", "arbejdsskade", "sygedagpenge", "raskmeldt",
    # words that contain a health word
    "bekræftelse", "jeg har fået en bekræftelse", "det træder i kraft 1. juli", "vi mangler arbejdskraft",
    "jeg har ikke kræfter til det", "afhængigt af din alder", "uafhængigt", "fiskefangst", "halskæde",
    "hovedproblemet er transport", "desinfektion", "OECD", "fluer", "Als", "teaching aids", "hiv fat i mig",
    "allerlængst", "tasten", "øjesten", "kooperation", "seamstress", "headmistress",
    # job titles, workplaces and job-ad words
    "operationssygeplejerske", "kræftsygeplejerske", "misbrugskonsulent", "demenskoordinator", "stresscoach",
    "Kræftens Bekæmpelse", "Diabetesforeningen", "Scleroseforeningen", "Hjerteforeningen",
    "Astma-Allergi Danmark", "kursus i stresshåndtering", "et stressende job", "Operations Manager",
    "maskinoperatør", "sosu-assistent", "hjemmehjælper", "tandlæge", "fysioterapeut", "psykolog",
    "coronaramte virksomheder", "lampefeber før jobsamtalen", "hjertelig hilsen",
    # "abort" is a stop word like "annuller"
    "abort",
    # ordinary messages
    "Netto", "20 timer", "jeg søgte job hos Bilka i går", "kan jeg få dagpenge?", "ja tak", "mandag kl. 10",
])
def test_words_that_say_nothing_about_health_are_kept(text):
    assert redact_health_details(text) == (text, False)


def test_redacting_twice_changes_nothing_more():
    once = redact_personal_details("cpr 010190-1234, jeg har kræft og ondt i ryggen").text
    assert once == f"cpr {CPR_PLACEHOLDER}, jeg har {HEALTH_PLACEHOLDER} og {HEALTH_PLACEHOLDER}"
    assert redact_personal_details(once) == Redaction(once, False, False)


def _word_list():
    return yaml.safe_load(HEALTH_WORDS_FILE.read_text(encoding="utf-8"))


def test_every_listed_word_and_every_form_of_it_is_left_out():
    data = _word_list()
    kept = set(data["not_health"]["words"])
    for group, words in data["words"].items():
        for word, inflection in words.items():
            endings = data["endings"][inflection] if isinstance(inflection, str) else ["", *inflection]
            for form in (word + ending for ending in endings):
                if form not in kept:
                    assert is_health_word(form), (group, form)
    assert all(is_health_word(word) for word in data["case_sensitive"])


def test_the_word_list_covers_every_topic():
    assert set(_word_list()["words"]) == {"cancer", "mental_health", "pregnancy", "hiv_and_infections", "addiction",
                                          "chronic_and_neurological", "injury_and_surgery"}


def test_the_word_list_is_not_read_by_rasa_and_needs_no_retraining():
    from bot.launcher import NOT_MODEL_INPUTS

    assert "data/privacy" in NOT_MODEL_INPUTS
    assert HEALTH_WORDS_FILE.relative_to(PROJECT_ROOT).parts[:2] == ("data", "privacy")


def test_no_training_example_loses_a_word_except_those_that_name_an_illness():
    """The false-positive guard: every Danish and English example the model was trained on passes
    unchanged, except the four sick-leave examples that still spell an illness out."""
    changed = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        for intent, examples in nlu_examples(path).items():
            for example in examples:
                plain = re.sub(r"\[([^\]]*)\](?:\{[^}]*\}|\([^)]*\))", r"\1", example)
                redaction = redact_personal_details(plain)
                if redaction.changed:
                    changed[plain] = redaction.text
    assert changed == {
        "jeg har feber": "jeg har [helbredsoplysning]",
        "jeg har influenza og kan ikke arbejde": "jeg har [helbredsoplysning] og kan ikke arbejde",
        "i have the flu": "i have the [helbredsoplysning]",
        "jeg har ondt i hovedet og kaster op kan ikke arbejde":
            "jeg har [helbredsoplysning] og [helbredsoplysning] kan ikke arbejde",
    }


def test_the_assistants_own_answers_and_intents_have_no_health_words():
    texts = [(PROJECT_ROOT / "data" / "answers" / "benefits.yml").read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in (PROJECT_ROOT / "data" / "responses").glob("*.yml")]
    assert [word for text in texts for word in re.findall(r"[^\W\d_]+", text) if is_health_word(word)] == []
    for intent in domain().intents:
        assert redact_personal_details(f"/{intent}") == Redaction(f"/{intent}", False, False)


# --- Button payloads ---

@pytest.mark.parametrize("payload, redacted, cpr_removed, health_removed", [
    ('/log_job_activity{"journal_note":"0101901234"}', '/log_job_activity{"journal_note": "[cpr-nummer]"}',
     True, False),
    ('/log_job_activity{"journal_note":"cpr 010190-1234, har kræft"}',
     '/log_job_activity{"journal_note": "cpr [cpr-nummer], har [helbredsoplysning]"}', True, True),
    ('/inform{"number":3112991234}', '/inform{"number": "[cpr-nummer]"}', True, False),
    ('/inform{"0101901234":"x"}', '/inform{"[cpr-nummer]": "x"}', True, False),
    ('/inform{"employer":"Kræftens Bekæmpelse","hours":20}', '/inform{"employer":"Kræftens Bekæmpelse","hours":20}',
     False, False),
    ('/choose_chat', '/choose_chat', False, False),
])
def test_button_payload_values_are_redacted_and_stay_json(payload, redacted, cpr_removed, health_removed):
    assert redact_personal_details(payload) == Redaction(redacted, cpr_removed, health_removed)


# --- Telling the user, and logins ---

@pytest.mark.parametrize("kind", ["cpr", "health"])
@pytest.mark.parametrize("role", ["citizen", "employer", "advisor"])
def test_the_notice_is_in_the_users_language_and_fits_the_role(kind, role):
    danish, english = privacy_notice(kind, role, "da"), privacy_notice(kind, role, "en")
    assert danish != english and "gemt" in danish and "kept" in english
    assert ("dit" in danish or "du" in danish.lower()) if role == "citizen" else "heller ikke" in danish
    assert ("CPR" in danish) == (kind == "cpr")


def test_a_cpr_number_is_no_login_id_and_is_left_out_of_a_name():
    with pytest.raises(InvalidLogin):
        validate_login("citizen", "0101901234", "Anna")
    with pytest.raises(InvalidLogin):
        validate_login("citizen", "010190-1234", "Anna")
    assert validate_login("citizen", "anna-2030405060", "Anna 010190-1234") == (
        "citizen", "anna-2030405060", f"Anna {CPR_PLACEHOLDER}")
