"""The training data is consistent and the trained model holds whole conversations and typos."""
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.helpers import parse_with_rasa

RASA = str(Path(sys.executable).parent / "rasa")
pytestmark = pytest.mark.rasa


def test_training_data_validates():
    result = subprocess.run([RASA, "data", "validate", "--max-history", "5"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_pass_without_prediction_errors(trained_model, tmp_path):
    result = subprocess.run(
        [RASA, "test", "core", "--stories", "tests/stories", "--model", str(trained_model),
         "--fail-on-prediction-errors", "--out", str(tmp_path / "results")],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    failed = tmp_path / "results" / "failed_test_stories.yml"
    report = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, report or (result.stdout[-3000:] + result.stderr[-3000:])


def parse(stack, text):
    return parse_with_rasa(stack, text)["intent"]["name"]


# None of these are in the training data: typos, missing æøå, lower case, one word.
@pytest.mark.parametrize("text, intent", [
    ("hejj", "greet"),
    ("godmorgn", "greet"),
    ("hvad kan du hjaelpe mig med", "ask_capabilities"),
    ("jeg vil tale med et rigtigt menneske", "ask_human"),
    ("kan jeg faa en sagsbehandlr", "ask_human"),
    ("mange mange tak for hjælpen", "thank"),
    ("tusind tak for hjaelpen i dag", "thank"),
    ("er du bare en computer", "bot_challenge"),
    ("jeg er sygmeldt", "start_sick_leave"),
    ("min jobjournl", "start_journal"),
    ("jeg sogte som truckforer hos dsv igar", "log_job_activity"),
    ("jeg har soegt job hos rema i dag", "log_job_activity"),
    ("vis mine ansogninger", "show_journal"),
    ("hvor mange job har jeg sogt i denne uge", "show_journal"),
    ("jeg vil slete en ansogning", "change_journal_entry"),
    ("jeg fik jobet hos dsv", "update_job_status"),
    ("vis min profiil", "show_profile"),
    ("hvor meget faar man i kontanthjaelp", "faq"),
    ("jeg har et spoergsmal om ydelser", "ask_benefits"),
    ("beregn mine dagpenge tak", "calculate_dagpenge"),
    ("jeg er rsk igen", "report_return"),
    ("min sygemelding er blevet forlaenget", "update_sick_leave"),
    ("hvad har jeg egentlig meldt", "show_sick_leave"),
    ("smaajobs", "post_vacancy"),
    ("thank you so much", "thank"),
    ("can i speak to a real person", "ask_human"),
])
def test_nlu_understands_danish_as_people_type_it(rasa_stack, text, intent):
    assert parse(rasa_stack, text) == intent
