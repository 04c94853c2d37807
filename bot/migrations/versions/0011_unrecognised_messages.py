"""unrecognised messages: what the assistant did not understand, scrubbed and tied to nobody, for staff
to mark with the right intent and export as training data

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unrecognised_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("guessed_intent", sa.String(64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marked_intent", sa.String(64), nullable=True),
        sa.Column("marked_for", sa.String(10), nullable=True),
        sa.Column("marked_by_role", sa.String(16), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_unrecognised_messages_created_at", "unrecognised_messages", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_unrecognised_messages_created_at", table_name="unrecognised_messages")
    op.drop_table("unrecognised_messages")
