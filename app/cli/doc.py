"""`lontar doc ID`: one document; `lontar doc discard ID --reason TEXT`: discard an upload."""
from __future__ import annotations

import json
import sys

import click
from sqlalchemy import select

from app.cli.main import pass_runtime
from app.models import Document, User
from app.services.documents import DocumentError, discard_upload, document_json


class DocGroup(click.Group):
    """`lontar doc 12` is `lontar doc show 12`: the short form stays as documented."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("doc", cls=DocGroup)
def doc_group() -> None:
    """One document: `lontar doc ID [--json]`, `lontar doc discard ID --reason TEXT`."""


@doc_group.command("show")
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the whole document as JSON.")
@pass_runtime
def show(lazy, document_id, as_json):
    """Show one document: status, error, pages' text, extracted fields."""
    with lazy.runtime.session_scope() as session:
        data = document_json(session, _document(session, document_id))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{data['id']} {data['status']} {data['original_filename']} pages {data['pages_done']}/{data['page_count']}")
    if data["error"]:
        click.echo(f"error: {data['error']['message']}")
    for name, field in data["fields"].items():
        if field["value"] is not None:
            flag = " (review)" if field["review"] else ""
            click.echo(f"  {name}: {field['value']}{flag}")


@doc_group.command("discard")
@click.argument("document_id", type=int)
@click.option("--reason", required=True, help="Why (recorded in the audit trail).")
@click.option("--as", "username", help="Act as this user (their right to discard is checked); default: system.")
@pass_runtime
def discard(lazy, document_id, reason, username):
    """Discard a failed or mistaken upload that is not registered, filed, vital or held.

    The same file can then be uploaded again. Registered letters leave the archive only
    through the legal disposal procedure.
    """
    try:
        with lazy.runtime.session_scope() as session:
            doc = _document(session, document_id)
            discard_upload(session, doc, _actor(session, username), reason)
            name = doc.original_filename
    except DocumentError as exc:  # the transaction was rolled back
        click.echo(f"Not discarded: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Document {document_id} ({name}) discarded.")


def _document(session, document_id: int) -> Document:
    doc = session.get(Document, document_id) if 0 < document_id < 2**63 else None
    if doc is None:
        click.echo(f"No document {document_id}.", err=True)
        sys.exit(1)
    return doc


def _actor(session, username: str | None) -> User | None:
    if not username:
        return None
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise click.BadParameter(f"no user named {username!r}", param_hint="--as")
    return user
