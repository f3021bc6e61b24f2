"""index answers and reviews by question (item statistics) and for true retention

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.create_index("ix_quiz_answers_question_id", ["question_id"], unique=False)
    with op.batch_alter_table("review_logs", schema=None) as batch_op:
        batch_op.create_index("ix_review_logs_question_id", ["question_id"], unique=False)
        batch_op.create_index("ix_review_logs_retention",
                              ["user_id", "prev_state", "reviewed_at", "rating"], unique=False)


def downgrade():
    with op.batch_alter_table("review_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_review_logs_retention")
        batch_op.drop_index("ix_review_logs_question_id")
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_answers_question_id")
