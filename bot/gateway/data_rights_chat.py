""""Send mig mine data" and "slet mine oplysninger" in the chat, answered by the gateway itself (see
bot/rules/data_rights.py for why not by the model). The answer goes into the conversation as a bot
message that carries the user's words, so the history, the transcript and an advisor see both sides,
while the dialogue state, a half-filled form included, stays where it was."""
from __future__ import annotations

import logging
from typing import Any, Dict, List

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.gateway.http import DATABASE, RASA
from bot.gateway.rasa_client import AssistantUnavailable
from bot.rules.data_rights import (
    ERASURE, ROLES_WITH_OWN_DATA, data_rights_text, my_data_downloads,
)
from bot.store.handoff import open_case
from bot.store.models import conversation_id_for
from bot.store.users import find_user

log = logging.getLogger(__name__)


def _open_erasure_case(user: Dict[str, str], language: str):
    def work(session):
        known = find_user(session, user["role"], user["id"])
        # A written answer: erasing is not done in a chat, and the citizen need not wait online.
        case, _created = open_case(
            session, role=user["role"], external_id=user["id"], name=known.display_name if known else "",
            language=language, reason_code="erasure_request", contact_wish="written", phone=None,
            summary={"journey": "ingen", "collected": {}, "last_turns": []},
        )
        return case.reference
    return work


async def answer_data_rights_request(request: web.Request, user: Dict[str, str], kind: str, user_text: str,
                                     language: str) -> List[Dict[str, Any]]:
    """The chat messages that answer a my-data (`kind` MY_DATA) or erasure (ERASURE) request."""
    downloads: List[Dict[str, str]] = []
    if user["role"] not in ROLES_WITH_OWN_DATA:
        text = data_rights_text("staff", language)
    elif kind == ERASURE:
        try:
            reference = await request.app[DATABASE].run(_open_erasure_case(user, language))
        except SQLAlchemyError:
            log.exception("An erasure request could not be saved")
            return [{"text": data_rights_text("erasure_failed", language), "buttons": []}]
        text = data_rights_text("erasure_requested", language, reference=reference)
    else:
        text, downloads = data_rights_text("my_data", language), my_data_downloads(language)
    try:
        await request.app[RASA].add_bot_message(conversation_id_for(user["role"], user["id"]), text,
                                                in_reply_to=user_text, downloads=downloads)
    except AssistantUnavailable:
        # The answer itself (and an erasure case) does not depend on Rasa; only the history misses it.
        log.warning("A data-rights answer could not be added to the conversation history")
    message: Dict[str, Any] = {"text": text, "buttons": []}
    if downloads:
        message["downloads"] = downloads
    return [message]
