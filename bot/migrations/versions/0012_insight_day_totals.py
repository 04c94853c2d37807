"""insight day totals: conversations and those solved without a person per Danish day and journey,
counted once a day is over, so the insight page stays fast and keeps its figures after Rasa's events
are deleted (retention.yml)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "insight_day_totals",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("journey", sa.String(16), primary_key=True),
        sa.Column("conversations", sa.Integer(), nullable=False),
        sa.Column("solved", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("insight_day_totals")
