"""The journal shown: the latest entries, and this week's and the last four weeks' counts against the
citizen's weekly target."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, read_for_citizen
from actions.journal.draft import entry_line
from actions.storage import today
from bot.rules import journal as rules
from bot.store import journal as journal_store
from bot.store import profile as profile_store

logger = logging.getLogger(__name__)


class ActionJournalShow(Action):
    """The latest entries and this week's and the last four weeks' counts against the target."""

    def name(self) -> Text:
        return "action_journal_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        on_day = today()
        loaded = await read_for_citizen(dispatcher, tracker, self.load, on_day,
                                        not_a_citizen="utter_journal_citizens_only",
                                        failed="utter_journal_load_failed")
        if loaded is None:
            return []
        entries, dates, target = loaded
        if not entries:
            dispatcher.utter_message(response="utter_journal_empty")
            return []
        overview = rules.journal_overview(dates, on_day, target)
        lines = "\n".join("• " + entry_line(entry, language) for entry in entries)
        previous = " · ".join(f"{week.week_number}: {week.count}" for week in overview.previous_weeks)
        response = "utter_journal_overview_with_target" if target else "utter_journal_overview"
        dispatcher.utter_message(response=response, lines=lines, week=overview.this_week.week_number,
                                 count=overview.this_week.count, target=target or "", previous=previous,
                                 total=overview.last_four_weeks_total)
        if overview.needs_nudge:
            dispatcher.utter_message(response="utter_journal_nudge", days=overview.days_since_last)
        return []

    @staticmethod
    def load(session, citizen, on_day):
        entries = [journal_store.entry_to_json(e) for e in journal_store.entries_of(session, citizen.id, limit=5)]
        dates = journal_store.entry_dates_since(session, citizen.id, on_day - timedelta(weeks=6))
        latest = journal_store.latest_applied_on(session, citizen.id)
        if latest is not None and latest not in dates:
            dates.append(latest)
        profile = profile_store.get_profile(session, citizen.id)
        return entries, dates, profile.weekly_target if profile else None
