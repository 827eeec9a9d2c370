"""metrics: a hashed identity key per customer, agent handling time on outcomes, indexes for the metric queries

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from deskpilot.analytics.identity import identity_key

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("identity_key", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_customers_identity_key"), ["identity_key"], unique=False)
    with op.batch_alter_table("outcomes") as batch:
        batch.add_column(sa.Column("handle_seconds", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_outcomes_recontact_of"), ["recontact_of"], unique=False)
    with op.batch_alter_table("conversations") as batch:
        batch.create_index("ix_conversations_created", ["created_at"], unique=False)
        batch.create_index("ix_conversations_customer_created", ["customer_id", "created_at"], unique=False)
    customers = sa.table("customers", sa.column("id", sa.Integer), sa.column("source", sa.String),
                         sa.column("external_id", sa.String), sa.column("email", sa.String),
                         sa.column("phone", sa.String), sa.column("identity_key", sa.String))
    bind = op.get_bind()
    rows = bind.execute(sa.select(customers.c.id, customers.c.source, customers.c.external_id, customers.c.email,
                                  customers.c.phone)).all()
    for row in rows:
        key = identity_key(email=row.email, phone=row.phone, source=row.source, external_id=row.external_id)
        bind.execute(customers.update().where(customers.c.id == row.id).values(identity_key=key))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_customer_created")
        batch.drop_index("ix_conversations_created")
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_index(batch.f("ix_outcomes_recontact_of"))
        batch.drop_column("handle_seconds")
    with op.batch_alter_table("customers") as batch:
        batch.drop_index(batch.f("ix_customers_identity_key"))
        batch.drop_column("identity_key")
