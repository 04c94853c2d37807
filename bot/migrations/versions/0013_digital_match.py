"""digital match: the citizen's consent to job suggestions and travel distance, the employer closing a
posting, interests a citizen agreed to share, invitations, and the notices each side gets

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("citizen_profiles") as batch:
        batch.add_column(sa.Column("max_travel_km", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("suggestions_wanted", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("suggestions_answered_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("vacancies") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "vacancy_interests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("vacancy_id", sa.Integer(), sa.ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("citizen_user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("proposed_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invitation_note", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("citizen_contact", sa.JSON(), nullable=True),
        sa.Column("journal_entry_id", sa.Integer(), sa.ForeignKey("journal_entries.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("vacancy_id", "citizen_user_id", name="uq_vacancy_interest"),
    )
    op.create_index("ix_vacancy_interests_citizen", "vacancy_interests", ["citizen_user_id"])
    op.create_table(
        "match_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), sa.ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("interest_id", sa.Integer(), sa.ForeignKey("vacancy_interests.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_match_notices_user", "match_notices", ["user_id", "delivered_at"])


def downgrade() -> None:
    op.drop_index("ix_match_notices_user", table_name="match_notices")
    op.drop_table("match_notices")
    op.drop_index("ix_vacancy_interests_citizen", table_name="vacancy_interests")
    op.drop_table("vacancy_interests")
    with op.batch_alter_table("vacancies") as batch:
        batch.drop_column("closed_at")
    with op.batch_alter_table("citizen_profiles") as batch:
        batch.drop_column("suggestions_answered_at")
        batch.drop_column("suggestions_wanted")
        batch.drop_column("max_travel_km")
