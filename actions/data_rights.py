"""The citizen's data rights in the chat: "slet mine oplysninger" becomes a case for an advisor, who
decides what the law requires to be kept (retention.yml) and erases the rest in the workspace.
("Send mig mine data" is a response with the download links: data/responses/data_rights.yml.)"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import role_of
from actions.handoff import create_case

logger = logging.getLogger(__name__)


class ActionRequestErasure(Action):
    def name(self) -> Text:
        return "action_request_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if role_of(tracker) not in ("citizen", "employer"):
            dispatcher.utter_message(response="utter_data_rights_staff")
            return []
        try:
            # A written answer: erasing is not done in a chat, and the citizen need not wait online.
            reference, _, _, _ = await create_case(tracker, "erasure_request", "written", None)
        except SQLAlchemyError:
            logger.exception("an erasure request could not be saved for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_erasure_failed")
            return []
        dispatcher.utter_message(response="utter_erasure_requested", reference=reference)
        return []
