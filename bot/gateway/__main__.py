"""Starts the gateway: `python -m bot.gateway`."""
import logging

from aiohttp import web

from bot.check import login_conflict
from bot.gateway.app import init_app
from bot.observability import configure_logging, this_process_name
from bot.private_files import keep_new_files_private
from bot.settings import load_settings


def main() -> None:
    keep_new_files_private()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s gateway %(levelname)s %(message)s")
    settings = load_settings()
    configure_logging(settings.log_format, this_process_name("gateway"))
    conflict = login_conflict(settings)
    if conflict:
        # The launcher refuses this too; a gateway started on its own must not let it through either.
        logging.error("Refusing to start: %s", conflict)
        raise SystemExit(1)
    # On SIGTERM (the launcher's stop, stopping the gateway first) the gateway stops taking new
    # connections and lets the requests in flight finish; those still running then are cut off. The
    # launcher's grace is for all parts together, so the gateway leaves its last quarter to Rasa and
    # the action servers, which stop after it: they stop cleanly instead of being killed.
    web.run_app(
        init_app(settings), host=settings.gateway_host, port=settings.gateway_port,
        print=lambda _: None, access_log=None, shutdown_timeout=settings.shutdown_grace_seconds * 0.75,
    )


if __name__ == "__main__":
    main()
