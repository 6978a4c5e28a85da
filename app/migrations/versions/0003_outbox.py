"""outbox: broker messages still to send

Revision ID: 0003_outbox
Revises: 0002_office_settings_nip
Create Date: 2026-12-03 17:00:00

Documents left 'queued' before this revision may never have reached the broker (uploads made
while it was down): each gets an outbox row, so the first sweep queues it (a document already
on the broker is then delivered twice; the worker's claim lock and status check make the second
delivery a no-op).
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0003_outbox'
down_revision = '0002_office_settings_nip'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_outbox_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_due_at'), ['due_at'], unique=False)
    now = datetime.now(timezone.utc)
    documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('status', sa.String))
    outbox = sa.table('outbox', sa.column('task', sa.String), sa.column('document_id', sa.Integer),
                      sa.column('due_at', sa.DateTime(timezone=True)), sa.column('created_at', sa.DateTime(timezone=True)))
    op.execute(outbox.insert().from_select(
        ['task', 'document_id', 'due_at', 'created_at'],
        sa.select(sa.literal('lontar.process_document'), documents.c.id, sa.literal(now, sa.DateTime(timezone=True)),
                  sa.literal(now, sa.DateTime(timezone=True))).where(documents.c.status == 'queued')))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_due_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_document_id'))
    op.drop_table('outbox')
