"""keyed audit chain: rows written before the key are marked until `lontar db upgrade` re-keys them

Revision ID: 0008_keyed_audit_chain
Revises: 0007_notification_templates
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_keyed_audit_chain'
down_revision = '0007_notification_templates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows keep their plain sha256 hashes (keyed = false) until `lontar db upgrade`
    # re-keys the chain with the audit key, which lives outside the database.
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keyed', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('keyed')
