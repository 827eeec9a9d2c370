"""conversation facts: one row per inbound conversation with what the metrics aggregate, kept current from the
conversations and outcomes changed since the last refresh (so both carry an indexed updated_at)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outcomes", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE outcomes SET updated_at = CURRENT_TIMESTAMP")
    with op.batch_alter_table("outcomes") as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_index(batch.f("ix_outcomes_updated_at"), ["updated_at"], unique=False)
    op.create_index("ix_conversations_updated", "conversations", ["updated_at"], unique=False)
    op.create_table(
        "conversation_facts",
        sa.Column("conversation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=10), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=True),
        sa.Column("taxonomy_category", sa.String(length=64), nullable=True),
        sa.Column("identity_key", sa.String(length=64), nullable=True),
        sa.Column("solved", sa.Integer(), nullable=False),
        sa.Column("deflected", sa.Integer(), nullable=False),
        sa.Column("resolver", sa.String(length=8), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("ref", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("recontact_of", sa.Integer(), nullable=True),
        sa.Column("csat", sa.Integer(), nullable=True),
        sa.Column("handle_seconds", sa.Integer(), nullable=True),
        sa.Column("assisted", sa.Integer(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("first_response_seconds", sa.Float(), nullable=True),
        sa.Column("next_related_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_conversation_facts_conversation_id_conversations")),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_facts")),
    )
    op.create_index("ix_conversation_facts_created", "conversation_facts", ["created_at"], unique=False)
    op.create_index(op.f("ix_conversation_facts_identity_key"), "conversation_facts", ["identity_key"], unique=False)
    op.create_table(
        "metric_facts_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taxonomy", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_facts_state")),
    )  # no state row: the first refresh builds every fact


def downgrade() -> None:
    op.drop_table("metric_facts_state")
    op.drop_index(op.f("ix_conversation_facts_identity_key"), table_name="conversation_facts")
    op.drop_index("ix_conversation_facts_created", table_name="conversation_facts")
    op.drop_table("conversation_facts")
    op.drop_index("ix_conversations_updated", table_name="conversations")
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_index(batch.f("ix_outcomes_updated_at"))
        batch.drop_column("updated_at")
