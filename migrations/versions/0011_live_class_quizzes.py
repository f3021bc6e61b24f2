"""live_sessions, live_players, live_answers; quiz_attempts.live_session_id

A live class quiz: the game an instructor hosts (PIN, questions, phase, deadline, a version
for the players' ETag polls), its players (one quiz attempt each, so their answers are quiz
answers that schedule their cards) and the points of each live answer.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('live_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('pin', sa.String(length=8), nullable=False),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('skipped_ids', sa.JSON(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('hide_names', sa.Boolean(), nullable=False),
    sa.Column('phase', sa.String(length=10), nullable=False),
    sa.Column('current_index', sa.Integer(), nullable=False),
    sa.Column('question_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('remaining_ms', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['class_id'], ['classes.id'], name=op.f('fk_live_sessions_class_id_classes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_id'], ['users.id'], name=op.f('fk_live_sessions_host_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['question_sets.id'], name=op.f('fk_live_sessions_set_id_question_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_sessions'))
    )
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_live_sessions_pin', ['pin'], unique=False)

    op.create_table('live_players',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=24), nullable=False),
    sa.Column('name_key', sa.String(length=96), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'], name=op.f('fk_live_players_attempt_id_quiz_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['live_sessions.id'], name=op.f('fk_live_players_session_id_live_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_live_players_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_players')),
    sa.UniqueConstraint('session_id', 'name_key', name=op.f('uq_live_players_session_id_name_key')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_live_players_session_id_user_id'))
    )
    with op.batch_alter_table('live_players', schema=None) as batch_op:
        batch_op.create_index('ix_live_players_user_id', ['user_id'], unique=False)

    op.create_table('live_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('quiz_answer_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('elapsed_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['live_players.id'], name=op.f('fk_live_answers_player_id_live_players'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_live_answers_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quiz_answer_id'], ['quiz_answers.id'], name=op.f('fk_live_answers_quiz_answer_id_quiz_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['live_sessions.id'], name=op.f('fk_live_answers_session_id_live_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_answers')),
    sa.UniqueConstraint('player_id', 'question_id', name=op.f('uq_live_answers_player_id_question_id'))
    )
    with op.batch_alter_table('live_answers', schema=None) as batch_op:
        batch_op.create_index('ix_live_answers_session_id_question_id', ['session_id', 'question_id'], unique=False)

    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_session_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_quiz_attempts_live_session_id_live_sessions'), 'live_sessions', ['live_session_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_quiz_attempts_live_session_id', ['live_session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_live_session_id')
        batch_op.drop_constraint(batch_op.f('fk_quiz_attempts_live_session_id_live_sessions'), type_='foreignkey')
        batch_op.drop_column('live_session_id')

    with op.batch_alter_table('live_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_live_answers_session_id_question_id')

    op.drop_table('live_answers')
    with op.batch_alter_table('live_players', schema=None) as batch_op:
        batch_op.drop_index('ix_live_players_user_id')

    op.drop_table('live_players')
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_live_sessions_pin')

    op.drop_table('live_sessions')
