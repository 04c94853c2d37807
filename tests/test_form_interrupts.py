"""Which messages leave a form, and which are read as the answer to the field it asked for."""
import pytest

from bot.rules.form_interrupts import form_interrupt


@pytest.mark.parametrize("intent, confidence, text, interrupt", [
    # Answers, whatever the classifier thinks of them.
    ("ask_human", 0.98, "social- og sundhedsmedarbejder", None),
    ("ask_human", 0.91, "lagermedarbejder", None),
    ("faq", 1.0, "dagpenge", None),  # a word, not a question
    ("complaint_or_sanction", 0.95, "klagesagsbehandler", None),
    ("nlu_fallback", 0.55, "Netto, det skrev jeg", None),
    ("affirm", 1.0, "/affirm", None),
    ("journal_correct", 1.0, '/journal_correct{"journal_field":"employer"}', None),
    # Clear interrupts.
    ("crisis", 1.0, "jeg vil ikke leve mere", "crisis"),
    ("crisis_unsure", 1.0, "jeg kan ikke mere", "crisis"),
    ("stop", 0.99, "glem det", "stop"),
    ("nlu_fallback", 0.55, "annuller", "stop"),
    ("ask_human", 0.97, "jeg vil gerne tale med en medarbejder", "person"),
    ("bot_challenge", 0.6, "kan jeg ikke bare snakke med et menneske", "person"),
    ("complaint_or_sanction", 0.96, "jeg vil klage over min sagsbehandler", "person"),
    ("faq", 0.95, "hvor mange ansøgninger skal jeg sende om ugen?", "question"),
    ("faq", 0.5, "hvad er dagpenge?", None),  # unsure it is a benefits question: read as the answer
    ("ask_human", 1.0, "/ask_human", "person"),
    ("stop", 1.0, "/stop", "stop"),
    ("faq", 1.0, '/faq', "question"),
    ("greet", 1.0, "/greet", "other"),
])
def test_only_clear_interrupts_leave_a_form(intent, confidence, text, interrupt):
    assert form_interrupt(intent, confidence, text) == interrupt
