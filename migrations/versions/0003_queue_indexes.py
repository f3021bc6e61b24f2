"""indexes the study queue reads alone: active questions by set and topic, today's answers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index("ix_questions_queue", ["set_id", "retired", "topic", "position"],
                              unique=False)
    with op.batch_alter_table("review_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_review_logs_user_id_reviewed_at")
        batch_op.create_index("ix_review_logs_user_id_reviewed_at_prev_state",
                              ["user_id", "reviewed_at", "prev_state"], unique=False)


def downgrade():
    with op.batch_alter_table("review_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_review_logs_user_id_reviewed_at_prev_state")
        batch_op.create_index("ix_review_logs_user_id_reviewed_at", ["user_id", "reviewed_at"],
                              unique=False)
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_queue")
