"""quiz_attempts.discarded_at: a student can discard an unfinished quiz

A discarded attempt leaves the student's history and cannot be resumed; its answers stay (and
so do the review logs they wrote), so the flashcard schedule keeps what the student answered.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_column("discarded_at")
