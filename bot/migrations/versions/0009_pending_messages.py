"""pending messages: what a user wrote while Rasa or the action server was down, kept until delivered

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_role", sa.String(16), nullable=False),
        sa.Column("user_external_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(90), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pending_messages_conversation_id", "pending_messages", ["conversation_id"])
    op.create_index("ix_pending_messages_created_at", "pending_messages", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_pending_messages_created_at", table_name="pending_messages")
    op.drop_index("ix_pending_messages_conversation_id", table_name="pending_messages")
    op.drop_table("pending_messages")
