"""Alembic environment: migrates the database named by the config's sqlalchemy.url."""
from alembic import context

from bot.store.db import make_engine
from bot.store.models import Base

config = context.config
target_metadata = Base.metadata

# Rasa's SQL tracker store owns these; Alembic must never try to drop or change them.
RASA_OWNED_TABLES = {"events"}


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in RASA_OWNED_TABLES)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = make_engine(config.get_main_option("sqlalchemy.url"))
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            # SQLite cannot ALTER most things in place; batch mode copies the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
