"""initial board schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

Tables of the board, the pgvector extension, and the triggers that log every write of
entries, links, tasks and actions to board_events and NOTIFY listeners (ids only).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import advanced_alchemy.types.datetime
import pgvector.sqlalchemy.vector
from sqlalchemy.dialects import postgresql

NOTIFY_CHANNEL = "board_events"
WATCHED_TABLES = ("entries", "links", "tasks", "actions")

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table('agents',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents')),
    sa.UniqueConstraint('name', name=op.f('uq_agents_name'))
    )
    op.create_table('board_events',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.BigInteger(), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_events'))
    )
    op.create_table('entries',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('source_uri', sa.String(length=2000), nullable=True),
    sa.Column('source_version', sa.String(length=200), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('tags', sa.ARRAY(sa.String(length=100)), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['entries.id'], name=op.f('fk_entries_parent_id_entries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entries'))
    )
    op.create_index(op.f('ix_entries_kind'), 'entries', ['kind'], unique=False)
    op.create_index('ix_entries_kind_created', 'entries', ['kind', 'created_at'], unique=False)
    op.create_index(op.f('ix_entries_parent_id'), 'entries', ['parent_id'], unique=False)
    op.create_index('ix_entries_source_prefix', 'entries', ['source_uri'], unique=False, postgresql_ops={'source_uri': 'text_pattern_ops'})
    op.create_index(op.f('ix_entries_status'), 'entries', ['status'], unique=False)
    op.create_index('ix_entries_tags', 'entries', ['tags'], unique=False, postgresql_using='gin')
    op.create_index('uq_entries_source_uri', 'entries', ['source_uri'], unique=True, postgresql_where=sa.text('source_uri IS NOT NULL'))
    op.create_table('chunks',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('entry_id', sa.BigInteger(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('heading_path', sa.String(length=1000), nullable=False),
    sa.Column('start_line', sa.Integer(), nullable=True),
    sa.Column('end_line', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('embedding', pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=True),
    sa.Column('tsv', postgresql.TSVECTOR(), sa.Computed("to_tsvector('english', coalesce(heading_path, '') || ' ' || text)", persisted=True), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_chunks_entry_id_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chunks'))
    )
    op.create_index(op.f('ix_chunks_content_hash'), 'chunks', ['content_hash'], unique=False)
    op.create_index('ix_chunks_embedding_hnsw', 'chunks', ['embedding'], unique=False, postgresql_using='hnsw', postgresql_with={'m': 16, 'ef_construction': 64}, postgresql_ops={'embedding': 'vector_cosine_ops'})
    op.create_index('ix_chunks_entry_ordinal', 'chunks', ['entry_id', 'ordinal'], unique=False)
    op.create_index('ix_chunks_tsv', 'chunks', ['tsv'], unique=False, postgresql_using='gin')
    op.create_table('tasks',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('agent', sa.String(length=100), nullable=False),
    sa.Column('entry_id', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('priority', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('dedupe_key', sa.String(length=300), nullable=True),
    sa.Column('job_key', sa.String(length=300), nullable=True),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_tasks_entry_id_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['entries.id'], name=op.f('fk_tasks_goal_id_entries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    op.create_index('ix_tasks_agent_status', 'tasks', ['agent', 'status'], unique=False)
    op.create_index(op.f('ix_tasks_entry_id'), 'tasks', ['entry_id'], unique=False)
    op.create_index('uq_tasks_dedupe_key', 'tasks', ['dedupe_key'], unique=True, postgresql_where=sa.text('dedupe_key IS NOT NULL'))
    op.create_table('actions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('idempotency_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('agent', sa.String(length=100), nullable=False),
    sa.Column('task_id', sa.BigInteger(), nullable=True),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('response', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_actions_task_id_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_actions_idempotency_key'))
    )
    op.create_index(op.f('ix_actions_kind'), 'actions', ['kind'], unique=False)
    op.create_index(op.f('ix_actions_status'), 'actions', ['status'], unique=False)
    op.create_index(op.f('ix_actions_task_id'), 'actions', ['task_id'], unique=False)
    op.create_table('links',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('source_id', sa.BigInteger(), nullable=False),
    sa.Column('target_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('chunk_id', sa.BigInteger(), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chunk_id'], ['chunks.id'], name=op.f('fk_links_chunk_id_chunks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['entries.id'], name=op.f('fk_links_source_id_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['entries.id'], name=op.f('fk_links_target_id_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_links'))
    )
    op.create_index(op.f('ix_links_kind'), 'links', ['kind'], unique=False)
    op.create_index(op.f('ix_links_source_id'), 'links', ['source_id'], unique=False)
    op.create_index(op.f('ix_links_target_id'), 'links', ['target_id'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False, start=1, increment=1), nullable=False),
    sa.Column('action_id', sa.BigInteger(), nullable=True),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('detail', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_audit_log_action_id_actions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_action_id'), 'audit_log', ['action_id'], unique=False)
    op.execute(
        f"""
        CREATE FUNCTION board_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            event_id bigint;
            changed_id bigint;
        BEGIN
            IF TG_OP = 'DELETE' THEN changed_id := OLD.id; ELSE changed_id := NEW.id; END IF;
            INSERT INTO board_events (table_name, row_id, op)
                VALUES (TG_TABLE_NAME, changed_id, TG_OP) RETURNING id INTO event_id;
            PERFORM pg_notify('{NOTIFY_CHANNEL}', json_build_object(
                'event_id', event_id, 'table', TG_TABLE_NAME, 'id', changed_id, 'op', TG_OP)::text);
            RETURN NULL;
        END $$;
        """
    )
    for table in WATCHED_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_board_event AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION board_log_event()"
        )


def downgrade() -> None:
    for table in WATCHED_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_board_event ON {table}")
    op.execute("DROP FUNCTION IF EXISTS board_log_event()")
    op.drop_index(op.f('ix_audit_log_action_id'), table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_index(op.f('ix_links_target_id'), table_name='links')
    op.drop_index(op.f('ix_links_source_id'), table_name='links')
    op.drop_index(op.f('ix_links_kind'), table_name='links')
    op.drop_table('links')
    op.drop_index(op.f('ix_actions_task_id'), table_name='actions')
    op.drop_index(op.f('ix_actions_status'), table_name='actions')
    op.drop_index(op.f('ix_actions_kind'), table_name='actions')
    op.drop_table('actions')
    op.drop_index('uq_tasks_dedupe_key', table_name='tasks', postgresql_where=sa.text('dedupe_key IS NOT NULL'))
    op.drop_index(op.f('ix_tasks_entry_id'), table_name='tasks')
    op.drop_index('ix_tasks_agent_status', table_name='tasks')
    op.drop_table('tasks')
    op.drop_index('ix_chunks_tsv', table_name='chunks', postgresql_using='gin')
    op.drop_index('ix_chunks_entry_ordinal', table_name='chunks')
    op.drop_index('ix_chunks_embedding_hnsw', table_name='chunks', postgresql_using='hnsw', postgresql_with={'m': 16, 'ef_construction': 64}, postgresql_ops={'embedding': 'vector_cosine_ops'})
    op.drop_index(op.f('ix_chunks_content_hash'), table_name='chunks')
    op.drop_table('chunks')
    op.drop_index('uq_entries_source_uri', table_name='entries', postgresql_where=sa.text('source_uri IS NOT NULL'))
    op.drop_index('ix_entries_tags', table_name='entries', postgresql_using='gin')
    op.drop_index(op.f('ix_entries_status'), table_name='entries')
    op.drop_index('ix_entries_source_prefix', table_name='entries', postgresql_ops={'source_uri': 'text_pattern_ops'})
    op.drop_index(op.f('ix_entries_parent_id'), table_name='entries')
    op.drop_index('ix_entries_kind_created', table_name='entries')
    op.drop_index(op.f('ix_entries_kind'), table_name='entries')
    op.drop_table('entries')
    op.drop_table('board_events')
    op.drop_table('agents')
