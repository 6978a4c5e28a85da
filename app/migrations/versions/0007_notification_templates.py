"""notifications: msgid and values, so each reader sees them in his language

Revision ID: 0007_notification_templates
Revises: 0006_accounts_sessions
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_notification_templates'
down_revision = '0006_accounts_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('params')
        batch_op.drop_column('template')
