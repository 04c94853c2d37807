"""Starts the action server: `python -m actions.server --host 127.0.0.1 --port 5055`.

rasa-sdk's server runs any action for any conversation it is sent, so only Rasa may call it: /webhook
and /actions want the shared secret (`ACTION_SERVER_TOKEN`, from the environment or var/secrets.json)
in a header, which Rasa sends from the endpoints file. /health stays open; it tells nothing.
"""
from __future__ import annotations

import argparse
import logging
from typing import List, Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from bot.internal_auth import SECRET_HEADER, secret_matches
from bot.private_files import keep_new_files_private
from bot.settings import load_settings

logger = logging.getLogger("actions.server")  # not "__main__" when run with -m
OPEN_PATHS = {"/health"}


def create_server(secret: str, actions_package: str = "actions") -> Sanic:
    """rasa-sdk's app for `actions_package`, refusing every call without the secret."""
    if not secret:
        raise ValueError("The action server needs its secret: set ACTION_SERVER_TOKEN.")
    app = create_app(actions_package, cors_origins=None)  # no browser ever calls it: no CORS

    @app.on_request
    async def require_secret(request: Request):
        if request.path not in OPEN_PATHS and not secret_matches(request.headers.get(SECRET_HEADER), secret):
            logger.warning("refused %s %s: no valid secret", request.method, request.path)
            return response.json({"error": "unauthorized"}, status=401)
        return None

    return app


def main(argv: Optional[List[str]] = None) -> None:
    keep_new_files_private()
    settings = load_settings()
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--host", default=settings.host)
    arguments.add_argument("--port", type=int, default=settings.action_port)
    options = arguments.parse_args(argv)
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    app = create_server(settings.action_server_token)
    logger.info("Action server is up on http://%s:%s", options.host, options.port)
    app.run(options.host, options.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
