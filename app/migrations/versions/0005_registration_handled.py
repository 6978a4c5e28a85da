"""registrations: handled by the tujuan's holder without a disposition

Revision ID: 0005_registration_handled
Revises: 0004_saved_views_notes
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_registration_handled'
down_revision = '0004_saved_views_notes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handled_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_registrations_handled_by_id_users'), 'users', ['handled_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrations_handled_by_id_users'), type_='foreignkey')
        batch_op.drop_column('handled_note')
        batch_op.drop_column('handled_by_id')
        batch_op.drop_column('handled_at')
