"""conversation facts carry the measured cost of the LLM calls behind each conversation's drafts (the next metrics
read rebuilds every fact, since the facts state is cleared)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversation_facts", sa.Column("llm_cost", sa.Float(), server_default="0", nullable=False))
    op.execute("DELETE FROM metric_facts_state")  # facts built before this column hold no costs: rebuild them all


def downgrade() -> None:
    with op.batch_alter_table("conversation_facts") as batch:
        batch.drop_column("llm_cost")
