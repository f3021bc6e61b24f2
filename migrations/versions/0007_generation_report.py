"""question_sets.generation_report: what the generator found and left out, for a draft

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("question_sets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("generation_report", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("question_sets", schema=None) as batch_op:
        batch_op.drop_column("generation_report")
