"""Digital matching of småjobs to citizens: job fit across Danish compounds, inflections, typos and
English, distance, hours, hard and nice-to-have requirements, unknown values, reasons and ranking."""
import pytest

from bot.rules import digital_match
from bot.rules.digital_match import (
    DEFAULT_MAX_TRAVEL_KM, JOB_AREAS, MATCHING_FIELDS, Requirement, Suggestion, rank_vacancies, read_requirements,
    reasons_line, score_vacancy,
)

_KM = {frozenset({"4200"}): 0.0, frozenset({"4200", "4220"}): 8.0, frozenset({"4200", "4230"}): 12.0,
       frozenset({"4200", "4100"}): 18.4, frozenset({"4200", "4171"}): 20.0, frozenset({"4200", "4000"}): 30.0,
       frozenset({"4200", "4250"}): 15.0}


def fake_distance(postcode_a, postcode_b):
    """A small table standing in for bot.rules.postcodes.distance_km; None for an unknown postcode."""
    return _KM.get(frozenset({postcode_a, postcode_b}))


def citizen(**facts):
    profile = {"wished_jobs": [], "experience": [], "education": [], "driving_licence": None, "certificates": [],
               "languages": [], "hours_per_week": 20, "postcode": "4200", "max_travel_km": None}
    profile.update(facts)
    return profile


def posting(vacancy_id=1, job_title="Køkkenmedhjælper", hours=8, postcode="4230", requirements="", tasks=""):
    return {"id": vacancy_id, "job_title": job_title, "tasks": tasks, "hours_per_week": hours,
            "postcode": postcode, "requirements": requirements, "duration_kind": "ongoing"}


def suggest(profile, vacancy, km=12.0):
    return score_vacancy(profile, vacancy, km)


# --- Job fit -------------------------------------------------------------------------------------

@pytest.mark.parametrize("wish, title, label_da, label_en", [
    # Danish compounds and inflections
    ("rengøring", "Rengøringsassistent", "rengøring", "cleaning"),
    ("rengøringsassistent", "Rengøring af kontorer", "rengøring", "cleaning"),
    ("køkkenhjælp", "Køkkenmedhjælper", "køkken", "kitchen"),
    ("opvasker", "Køkkenhjælp", "køkken", "kitchen"),
    ("køkkenmedhjælper", "Opvask i kantinen", "køkken", "kitchen"),
    ("lagermedarbejder", "Lagerarbejder", "lager", "warehouse"),
    ("butiksmedhjælper", "Ekspedient", "butik", "shop"),
    ("kassemedarbejder", "Butiksmedhjælper", "butik", "shop"),
    ("chauffør", "Bud", "transport", "transport"),
    ("bud", "Chauffør til madudbringning", "transport", "transport"),
    ("avisbud", "Pizzabud", "transport", "transport"),
    ("havearbejde", "Anlægsgartner", "havearbejde", "gardening"),
    ("gartner", "Hjælp til havearbejde", "havearbejde", "gardening"),
    ("pædagogmedhjælper", "Pædagogisk medhjælper i børnehave", "børn", "childcare"),
    ("SOSU", "Social- og sundhedshjælper", "pleje", "care"),
    ("social- og sundhedshjælper", "SOSU-hjælper", "pleje", "care"),
    ("sosuhjælper", "Hjemmehjælp", "pleje", "care"),
    # English
    ("cleaner", "Rengøringsassistent", "rengøring", "cleaning"),
    ("kitchen help", "Køkkenhjælp", "køkken", "kitchen"),
    ("warehouse", "Lagermedarbejder", "lager", "warehouse"),
    ("shop assistant", "Butiksmedhjælper", "butik", "shop"),
    ("driver", "Chauffør", "transport", "transport"),
    ("gardener", "Gartner", "havearbejde", "gardening"),
    # without æ, ø and å, and with typos
    ("koekkenhjaelp", "Køkkenmedhjælper", "køkken", "kitchen"),
    ("rengoering", "Rengøring", "rengøring", "cleaning"),
    ("køkenhjælp", "Opvasker", "køkken", "kitchen"),
    ("chaufør", "Chauffør", "transport", "transport"),
    ("pedagogmedhjælper", "Pædagogmedhjælper", "børn", "childcare"),
    ("gardner", "Anlægsgartner", "havearbejde", "gardening"),
    ("warehose", "Lagerarbejder", "lager", "warehouse"),
    # titles outside the table: the citizen's own word, inflected or in a compound
    ("frisør", "Frisørelev", "frisør", "frisør"),
    ("frisør", "Damefrisør", "frisør", "frisør"),
    ("fotograf", "Fotografassistent", "fotograf", "fotograf"),
])
def test_a_wish_fits_a_title_in_the_same_job_area(wish, title, label_da, label_en):
    suggestion = suggest(citizen(wished_jobs=[wish]), posting(job_title=title))
    assert suggestion is not None
    assert suggestion.matched_on == "wish"
    assert suggestion.reasons_da.split(" · ")[0] == label_da
    assert suggestion.reasons_en.split(" · ")[0] == label_en


@pytest.mark.parametrize("wish, title", [
    ("rengøring", "Køkkenmedhjælper"),
    ("lagermedarbejder", "Butiksmedhjælper"),
    ("shop assistant", "Office assistant"),
    ("chauffør", "Pædagogmedhjælper"),
    ("care worker", "Childcare assistant"),
    ("gartner", "Partner til salg"),          # one letter apart, but not a typo of the first letter
    ("bud", "Tilbudsgiver"),
    ("frisør", "Kosmetolog"),
    ("kok", "Medhjælper"),                    # a generic title with no tasks names no job
])
def test_a_wish_in_another_job_area_does_not_fit(wish, title):
    assert suggest(citizen(wished_jobs=[wish]), posting(job_title=title)) is None


def test_a_generic_title_is_matched_on_its_tasks_but_counts_less_than_the_title():
    profile = citizen(wished_jobs=["køkkenhjælp"])
    from_tasks = suggest(profile, posting(job_title="Medhjælper", tasks="Opvask og oprydning i køkkenet"))
    from_title = suggest(profile, posting(job_title="Køkkenmedhjælper"))
    assert from_tasks is not None and from_tasks.reasons_da.startswith("køkken · ")
    assert from_tasks.score < from_title.score


def test_tasks_do_not_override_a_title_that_names_another_job():
    profile = citizen(wished_jobs=["rengøring"])
    assert suggest(profile, posting(job_title="Køkkenmedhjælper", tasks="Opvask og rengøring af køkkenet")) is None


def test_experience_fits_but_a_wish_counts_more():
    profile = citizen(wished_jobs=["rengøring"], experience=[{"title": "lagerarbejder", "employer": "Bilka",
                                                              "years": 3}])
    by_wish = suggest(profile, posting(job_title="Rengøringsassistent"))
    by_experience = suggest(profile, posting(job_title="Lagermedarbejder"))
    assert by_wish.matched_on == "wish" and by_experience.matched_on == "experience"
    assert by_experience.reasons_da.startswith("lager · ")
    assert by_experience.score < by_wish.score


def test_a_wish_and_experience_in_the_same_area_is_matched_on_the_wish():
    profile = citizen(wished_jobs=["køkken"], experience=[{"title": "opvasker", "employer": "Kro", "years": 1}])
    assert suggest(profile, posting()).matched_on == "wish"


def test_experience_given_as_plain_text_is_read_too():
    assert suggest(citizen(experience=["opvasker"]), posting()).matched_on == "experience"


def test_every_job_area_has_labels_in_both_languages_and_stems():
    assert len(JOB_AREAS) == len({area.key for area in JOB_AREAS})
    assert all(area.label_da and area.label_en and area.stems for area in JOB_AREAS)


# --- Distance ------------------------------------------------------------------------------------

def test_beyond_the_citizens_travel_distance_is_not_suggested():
    profile = citizen(wished_jobs=["køkken"], max_travel_km=10)
    assert suggest(profile, posting(), km=12.0) is None
    assert suggest(profile, posting(), km=10.0) is not None


def test_without_a_travel_distance_the_default_applies():
    profile = citizen(wished_jobs=["køkken"])
    assert DEFAULT_MAX_TRAVEL_KM == 20
    assert suggest(profile, posting(), km=20.0) is not None
    assert suggest(profile, posting(), km=20.5) is None


def test_closer_is_better():
    profile = citizen(wished_jobs=["køkken"])
    scores = [suggest(profile, posting(), km=km).score for km in (0.0, 5.0, 12.0, 20.0)]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4


def test_an_unknown_distance_is_allowed_but_scores_below_any_known_one():
    profile = citizen(wished_jobs=["køkken"])
    unknown = suggest(profile, posting(), km=None)
    at_the_limit = suggest(profile, posting(), km=20.0)
    assert unknown is not None and unknown.distance_km is None
    assert unknown.score < at_the_limit.score
    assert unknown.reasons_da == "køkken · 8 timer · 4230"
    assert unknown.reasons_en == "kitchen · 8 hours · 4230"


def test_distance_is_only_asked_when_both_postcodes_are_known():
    asked = []

    def distance(postcode_a, postcode_b):
        asked.append((postcode_a, postcode_b))
        return 3.0

    no_home = rank_vacancies(citizen(wished_jobs=["køkken"], postcode=None), [posting()], distance)
    no_workplace = rank_vacancies(citizen(wished_jobs=["køkken"]), [posting(postcode=None)], distance)
    assert asked == []
    assert no_home[0].reasons_da == "køkken · 8 timer · 4230"
    assert no_workplace[0].reasons_da == "køkken · 8 timer"
    rank_vacancies(citizen(wished_jobs=["køkken"]), [posting()], distance)
    assert asked == [("4200", "4230")]


# --- Hours ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("available, wanted, fits", [
    (10, 15, False), (10, 10, True), (10, 7.5, True), (None, 15, True), (10, None, True),
])
def test_a_posting_with_more_hours_than_the_citizen_has_is_not_suggested(available, wanted, fits):
    suggestion = suggest(citizen(wished_jobs=["køkken"], hours_per_week=available), posting(hours=wanted))
    assert (suggestion is not None) is fits


# --- Requirements --------------------------------------------------------------------------------

def _req(kind, *options, hard=True):
    return Requirement(kind, frozenset(options), hard)


@pytest.mark.parametrize("text, expected", [
    ("Kørekort B er et krav", [_req("licence", "B")]),
    ("kørekort", [_req("licence", "B")]),
    ("Du skal have B-kørekort", [_req("licence", "B")]),
    ("C-kørekort", [_req("licence", "C")]),
    ("Kørekort til lastbil", [_req("licence", "C")]),
    ("Driving licence required", [_req("licence", "B")]),
    ("Gerne kørekort", [_req("licence", "B", hard=False)]),
    ("Kørekort er ikke et krav", [_req("licence", "B", hard=False)]),
    ("Du behøver ikke kørekort", [_req("licence", "B", hard=False)]),
    ("You don't need a driving licence", [_req("licence", "B", hard=False)]),
    ("Truckcertifikat påkrævet", [_req("truck")]),
    ("Forklift certificate preferably", [_req("truck", hard=False)]),
    ("Hygiejnebevis er en fordel", [_req("hygiene", hard=False)]),
    ("Du skal kunne tale dansk", [_req("language", "da")]),
    ("Dansk i skrift og tale er et krav", [_req("language", "da")]),
    ("You must speak English", [_req("language", "en")]),
    ("Du skal tale dansk eller engelsk", [_req("language", "da", "en")]),
    ("Du skal have dansk kørekort", [_req("licence", "B")]),
    ("Du skal have kørekort og truckcertifikat, hygiejnebevis er en fordel",
     [_req("licence", "B"), _req("truck"), _req("hygiene", hard=False)]),
    ("Kørekort og truckcertifikat er et krav, hygiejnebevis en fordel",
     [_req("licence", "B"), _req("truck"), _req("hygiene", hard=False)]),
    ("Hygiejnebevis er en fordel. Du skal kunne tale dansk.", [_req("hygiene", hard=False), _req("language", "da")]),
    ("God hygiejne og godt humør", []),
    ("", []),
    (None, []),
])
def test_requirements_are_read_as_hard_or_nice_to_have(text, expected):
    assert sorted(read_requirements(text)) == sorted(expected)


@pytest.mark.parametrize("requirements, facts", [
    ("Kørekort B er et krav", {"driving_licence": []}),
    ("Kørekort B er et krav", {"driving_licence": ["AM"]}),
    ("Kørekort til lastbil", {"driving_licence": ["B"]}),
    ("Truckcertifikat påkrævet", {"certificates": ["hygiejnebevis"]}),
    ("Du skal kunne tale dansk", {"languages": ["Engelsk", "Arabisk"]}),
    ("You must speak English", {"languages": ["Dansk"]}),
])
def test_a_hard_requirement_the_profile_clearly_lacks_is_not_suggested(requirements, facts):
    profile = citizen(wished_jobs=["køkken"], **facts)
    assert suggest(profile, posting(requirements=requirements)) is None


@pytest.mark.parametrize("requirements, facts", [
    ("Kørekort B er et krav", {"driving_licence": ["B"]}),
    ("Kørekort B er et krav", {"driving_licence": ["c", "CE"]}),
    ("Truckcertifikat påkrævet", {"certificates": ["Truckcertifikat B"]}),
    ("Du skal kunne tale dansk", {"languages": ["Dansk", "Engelsk"]}),
    ("Du skal tale dansk eller engelsk", {"languages": ["English"]}),
])
def test_a_hard_requirement_the_profile_meets_scores_as_no_requirement(requirements, facts):
    profile = citizen(wished_jobs=["køkken"], **facts)
    assert suggest(profile, posting(requirements=requirements)).score == suggest(profile, posting()).score


@pytest.mark.parametrize("requirements, facts", [
    ("Kørekort B er et krav", {"driving_licence": None}),
    ("Truckcertifikat påkrævet", {"certificates": []}),
    ("Truckcertifikat påkrævet", {"certificates": None}),
    ("Du skal kunne tale dansk", {"languages": []}),
])
def test_a_hard_requirement_the_profile_says_nothing_about_is_allowed_but_scores_lower(requirements, facts):
    profile = citizen(wished_jobs=["køkken"], **facts)
    unknown = suggest(profile, posting(requirements=requirements))
    assert unknown is not None
    assert unknown.score < suggest(profile, posting()).score


def test_a_nice_to_have_the_profile_meets_gives_a_small_bonus_and_one_it_lacks_costs_nothing():
    plain = suggest(citizen(wished_jobs=["køkken"]), posting()).score
    met = suggest(citizen(wished_jobs=["køkken"], certificates=["hygiejnebevis"]),
                  posting(requirements="Hygiejnebevis er en fordel")).score
    lacked = suggest(citizen(wished_jobs=["køkken"], certificates=["truckcertifikat"]),
                     posting(requirements="Hygiejnebevis er en fordel")).score
    assert met == pytest.approx(plain + digital_match.NICE_TO_HAVE_BONUS)
    assert lacked == plain


# --- Reasons -------------------------------------------------------------------------------------

def test_the_reason_line_names_job_area_hours_postcode_and_distance_in_both_languages():
    suggestion = suggest(citizen(wished_jobs=["køkkenhjælp"]), posting(postcode="4200"), km=12.0)
    assert suggestion == Suggestion(1, suggestion.score, "køkken · 8 timer · 4200 · 12 km",
                                    "kitchen · 8 hours · 4200 · 12 km", "wish", 12.0)


@pytest.mark.parametrize("hours, km, da, en", [
    (7.5, 2.4, "lager · 7,5 timer · 4220 · 2 km", "warehouse · 7.5 hours · 4220 · 2 km"),
    (1, 0.2, "lager · 1 time · 4220 · < 1 km", "warehouse · 1 hour · 4220 · < 1 km"),
    (None, 12.5, "lager · 4220 · 13 km", "warehouse · 4220 · 13 km"),
])
def test_reason_lines_format_hours_and_distance(hours, km, da, en):
    assert reasons_line("lager", hours, "4220", km, "da") == da
    assert reasons_line("warehouse", hours, "4220", km, "en") == en


# --- Only the profile's own facts ----------------------------------------------------------------

def test_age_gender_origin_and_health_are_never_read():
    assert not {"age", "gender", "origin", "nationality", "health", "birth_date", "cpr"} & set(MATCHING_FIELDS)
    profile = citizen(wished_jobs=["køkken"])
    vacancies = [posting(1), posting(2, job_title="Opvasker", postcode="4220")]
    same = rank_vacancies(profile, vacancies, fake_distance)
    other = dict(profile, age=61, gender="f", origin="Syrien", nationality="SY", health="diskusprolaps", cpr="x")
    assert rank_vacancies(other, vacancies, fake_distance) == same


def test_an_age_requirement_in_the_posting_is_not_used():
    profile = citizen(wished_jobs=["køkken"])
    assert read_requirements("Du skal være over 18 år") == ()
    assert suggest(profile, posting(requirements="Du skal være over 18 år")).score == suggest(profile, posting()).score


# --- Ranking -------------------------------------------------------------------------------------

def test_suggestions_come_best_first_with_only_fitting_postings():
    profile = citizen(wished_jobs=["køkkenhjælp"], experience=[{"title": "rengøringsassistent"}],
                      hours_per_week=15, driving_licence=[])
    vacancies = [
        posting(1, "Køkkenmedhjælper", postcode="4100"),                    # wish, 18.4 km
        posting(2, "Opvasker", postcode="4220"),                            # wish, 8 km
        posting(3, "Rengøringsassistent", postcode="4220"),                 # experience, 8 km
        posting(4, "Køkkenhjælp", postcode="4000"),                         # too far
        posting(5, "Køkkenhjælp", hours=18, postcode="4220"),               # too many hours
        posting(6, "Køkkenhjælp", postcode="4220", requirements="Kørekort er et krav"),   # no licence
        posting(7, "Lagerarbejder", postcode="4220"),                       # no fit
        posting(8, "Kantinemedhjælper", postcode="9999"),                   # unknown distance
    ]
    ranked = rank_vacancies(profile, vacancies, fake_distance)
    assert [s.vacancy_id for s in ranked] == [2, 1, 3, 8]
    assert [s.distance_km for s in ranked] == [8.0, 18.4, 8.0, None]
    assert all(0 <= s.score <= 1 for s in ranked)


def test_equal_scores_are_ordered_by_distance_then_vacancy_id():
    profile = citizen(wished_jobs=["køkken"], experience=["lagerarbejder"])
    # experience at 0 km: 0.7 × 1.0; a wish at 15 km: 1.0 × (1 − 0.4 × 15/20) = 0.7
    vacancies = [posting(9, "Køkkenhjælp", postcode="4250"), posting(3, "Opvasker", postcode="4230"),
                 posting(2, "Opvasker", postcode="4230"), posting(5, "Lagerarbejder", postcode="4200")]
    ranked = rank_vacancies(profile, vacancies, fake_distance)
    assert [s.vacancy_id for s in ranked] == [2, 3, 5, 9]
    assert ranked[2].score == ranked[3].score


def test_vacancy_ids_of_different_types_still_sort():
    profile = citizen(wished_jobs=["køkken"])
    ranked = rank_vacancies(profile, [posting("b"), posting(2), posting("a")], fake_distance)
    assert [s.vacancy_id for s in ranked] == [2, "a", "b"]


def test_the_limit_caps_the_number_of_suggestions():
    profile = citizen(wished_jobs=["køkken"])
    vacancies = [posting(number) for number in range(1, 8)]
    assert [s.vacancy_id for s in rank_vacancies(profile, vacancies, fake_distance)] == [1, 2, 3, 4, 5]
    assert len(rank_vacancies(profile, vacancies, fake_distance, limit=2)) == 2
    assert rank_vacancies(profile, vacancies, fake_distance, limit=0) == []


@pytest.mark.parametrize("profile", [
    citizen(wished_jobs=["pilot"], experience=[{"title": "tandlæge"}]),
    citizen(),
    {},
])
def test_a_profile_with_nothing_fitting_gets_no_suggestions(profile):
    vacancies = [posting(1), posting(2, "Lagerarbejder"), posting(3, "Rengøringsassistent")]
    assert rank_vacancies(profile, vacancies, fake_distance) == []


def test_english_kitchen_wishes_find_a_danish_dishwasher_posting():
    posting = {"id": 1, "job_title": "Opvasker", "tasks": "Opvask", "hours_per_week": 6, "postcode": "4220",
               "requirements": ""}
    for wish in ("dishwashing", "cleaning and dishwashing", "dishwasher"):
        found = score_vacancy({"wished_jobs": [wish], "postcode": "4200"}, posting, 13.0)
        assert found is not None and found.reasons_en == "kitchen · 6 hours · 4220 · 13 km", wish
