"""`lontar users`: create users and issue API tokens."""
from __future__ import annotations

import click
from sqlalchemy import select

from app.cli.main import LazyRuntime, pass_runtime
from app.models import Position, Role, User
from app.services.users import UserError, create_user, issue_token, reset_password


@click.group()
def users() -> None:
    """User accounts and API tokens."""


@users.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="The user's role.")
@click.option("--password", help="Password (asked for when omitted).")
@click.option("--position-id", type=int, help="The position (jabatan) the user holds.")
@click.option("--full-name", default="", help="Name shown in the UI.")
@pass_runtime
def create(lazy: LazyRuntime, username: str, role: str, password: str | None, position_id: int | None, full_name: str) -> None:
    """Create the user USERNAME."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with lazy.runtime.session_scope() as session:
            if position_id is not None and session.get(Position, position_id) is None:
                raise UserError(f"there is no position with id {position_id} (see `lontar org export`)")
            user = create_user(session, username, password, role, full_name=full_name, position_id=position_id)
            click.echo(f"created user {user.username} (id {user.id}, role {user.role})")
    except UserError as exc:
        raise click.ClickException(str(exc)) from None


@users.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="A label for the token (e.g. the scanner's name).")
@pass_runtime
def token(lazy: LazyRuntime, username: str, name: str) -> None:
    """Issue an API token for USERNAME (shown once; send it as 'Authorization: Bearer <token>')."""
    with lazy.runtime.session_scope() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(f"no user named {username!r}")
        click.echo(issue_token(session, user, name))


@users.command("set-password")
@click.argument("username")
@click.option("--password", help="The new password (asked for when omitted).")
@pass_runtime
def set_password(lazy: LazyRuntime, username: str, password: str | None) -> None:
    """Set a new password for USERNAME (e.g. the only administrator forgot it); ends all their sessions."""
    with lazy.runtime.session_scope() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(f"no user named {username!r}")
        if password is None:
            password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
        try:
            reset_password(session, user, password, actor=None)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"password of {user.username} set; their sessions were ended")


COMMANDS = [users]
