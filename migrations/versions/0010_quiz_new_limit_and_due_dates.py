"""users.quiz_uses_new_limit and class_sets.due_on

- ``users.quiz_uses_new_limit``: whether a quiz answer on a card the student has never seen
  counts toward the day's new-card limit for flashcards (off by default: a quiz the student
  chose to take does not use up the day's new flashcards).
- ``class_sets.due_on``: the day an instructor wants an assigned set studied by (optional).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quiz_uses_new_limit", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("class_sets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("class_sets", schema=None) as batch_op:
        batch_op.drop_column("due_on")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("quiz_uses_new_limit")
