"""documents.sifat_confirmed: the access rule fails closed until the sifat is confirmed

Revision ID: 0009_sifat_confirmed
Revises: 0008_keyed_audit_chain
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_sifat_confirmed'
down_revision = '0008_keyed_audit_chain'
branch_labels = None
depends_on = None

ACCESS_OLD = (('ix_documents_access', ['sifat', 'status', 'unit_id']),
              ('ix_documents_unit_access', ['unit_id', 'sifat', 'status']))
ACCESS_NEW = (('ix_documents_access', ['sifat', 'status', 'unit_id', 'sifat_confirmed', 'uploaded_by_id']),
              ('ix_documents_unit_access', ['unit_id', 'sifat', 'status', 'sifat_confirmed', 'uploaded_by_id']))


def _uncertain(meta) -> bool:
    """The extractor's rule (ingest.stages.letter.certain), frozen as it was at this revision."""
    entry = (meta or {}).get('sifat') or {}
    if entry.get('edited'):
        return False
    return bool(entry.get('review')) or (entry.get('confidence') is not None and entry['confidence'] < 0.7)


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sifat_confirmed', sa.Boolean(), server_default=sa.false(), nullable=False))
        for name, _columns in ACCESS_OLD:
            batch_op.drop_index(name)
        for name, columns in ACCESS_NEW:
            batch_op.create_index(name, columns, unique=False)
    documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('status', sa.String),
                         sa.column('field_meta', sa.JSON), sa.column('sifat_confirmed', sa.Boolean))
    bind = op.get_bind()
    # Letters processed before this revision: confirmed unless their sifat was uncertain.
    # Letters still queued, processing or failed stay unconfirmed (closed) until read or set.
    rows = bind.execute(sa.select(documents.c.id, documents.c.field_meta).where(documents.c.status != 'queued',
                                                                             documents.c.status != 'processing',
                                                                             documents.c.status != 'failed'))
    certain = [row.id for row in rows if not _uncertain(row.field_meta)]
    for start in range(0, len(certain), 500):
        bind.execute(documents.update().where(documents.c.id.in_(certain[start:start + 500]))
                     .values(sifat_confirmed=True))


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        for name, _columns in ACCESS_NEW:
            batch_op.drop_index(name)
        for name, columns in ACCESS_OLD:
            batch_op.create_index(name, columns, unique=False)
        batch_op.drop_column('sifat_confirmed')
