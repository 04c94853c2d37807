"""Applies Alembic migrations: `python -m bot.migrate [upgrade|downgrade REV|current]`."""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.private_files import keep_new_files_private
from bot.settings import load_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def main(argv: list) -> int:
    keep_new_files_private()  # a new SQLite file is the owner's only
    database_url = load_settings().database_url
    verb = argv[0] if argv else "upgrade"
    if verb == "upgrade":
        upgrade(database_url, argv[1] if len(argv) > 1 else "head")
    elif verb == "downgrade" and len(argv) > 1:
        downgrade(database_url, argv[1])
    elif verb == "current":
        command.current(alembic_config(database_url), verbose=True)
    elif verb == "revision" and len(argv) > 1:
        command.revision(alembic_config(database_url), message=" ".join(argv[1:]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
