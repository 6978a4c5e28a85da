"""saved views (searches saved under a name) and notes on letters

Revision ID: 0004_saved_views_notes
Revises: 0003_outbox
Create Date: 2026-12-03 16:47:44.020031
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_saved_views_notes'
down_revision = '0003_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('query_args', sa.JSON(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('on_dashboard', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_saved_views_owner_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_saved_views_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views')),
    sa.UniqueConstraint('owner_id', 'name', name='uq_saved_views_owner_name')
    )
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_views_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_views_unit_id'), ['unit_id'], unique=False)

    op.create_table('document_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_document_notes_author_id_users')),
    sa.ForeignKeyConstraint(['deleted_by_id'], ['users.id'], name=op.f('fk_document_notes_deleted_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_notes_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_notes'))
    )
    with op.batch_alter_table('document_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_notes_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_notes_document_id'))

    op.drop_table('document_notes')
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_views_unit_id'))
        batch_op.drop_index(batch_op.f('ix_saved_views_owner_id'))

    op.drop_table('saved_views')
