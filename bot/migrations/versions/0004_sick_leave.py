"""sick leave cases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sick_leave_cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("situation", sa.String(16), nullable=False),
        sa.Column("employer", sa.String(120), nullable=True),
        sa.Column("partial_hours", sa.Float(), nullable=True),
        sa.Column("expected_return", sa.Date(), nullable=True),
        sa.Column("wants_contact", sa.Boolean(), nullable=False),
        sa.Column("track", sa.String(16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("handoff_case_id", sa.Integer(),
                  sa.ForeignKey("handoff_cases.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sick_leave_cases_user_id", "sick_leave_cases", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_sick_leave_cases_user_id", table_name="sick_leave_cases")
    op.drop_table("sick_leave_cases")
