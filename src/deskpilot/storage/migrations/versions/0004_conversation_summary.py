"""conversation summary: first message, first customer message, first public reply, whether a person replied, how
many decisions and whether one drafted a reply — kept on the conversation so metrics read no messages or decisions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE conversations SET
  first_message_at = (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id),
  first_customer_at = (SELECT min(m.created_at) FROM messages m
                       WHERE m.conversation_id = conversations.id AND m.author_role = 'customer'),
  first_reply_at = (SELECT min(m.created_at) FROM messages m
                    WHERE m.conversation_id = conversations.id AND m.author_role IN ('agent', 'ai') AND m.public),
  person_replied = EXISTS (SELECT 1 FROM messages m
                           WHERE m.conversation_id = conversations.id AND m.author_role = 'agent' AND m.public),
  decisions_count = (SELECT count(*) FROM decisions d WHERE d.conversation_id = conversations.id),
  drafted = EXISTS (SELECT 1 FROM decisions d WHERE d.conversation_id = conversations.id AND d.draft_id IS NOT NULL)
"""


def upgrade() -> None:
    # plain ADD COLUMN (no table rebuild): SQLite keeps the rows other tables point at
    op.add_column("conversations", sa.Column("first_message_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("conversations", sa.Column("first_customer_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("conversations", sa.Column("first_reply_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("conversations", sa.Column("person_replied", sa.Boolean(), server_default=sa.false(),
                                             nullable=False))
    op.add_column("conversations", sa.Column("decisions_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("conversations", sa.Column("drafted", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        for column in ("drafted", "decisions_count", "person_replied", "first_reply_at", "first_customer_at",
                       "first_message_at"):
            batch.drop_column(column)
