"""`lontar org`: units and positions (jabatan), imported from and exported to CSV."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from app.cli.main import LazyRuntime, pass_runtime
from app.services import org as org_service


@click.group()
def org() -> None:
    """Organisation: units, positions, holders and Plt/Plh."""


@org.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_runtime
def import_(lazy: LazyRuntime, csv_file: Path) -> None:
    """Create or update units and positions from CSV_FILE (columns: kind,code,name,parent,unit,holders,acting)."""
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{csv_file} is not UTF-8 text") from None
    try:
        with lazy.runtime.session_scope() as session:
            counts = org_service.import_csv(session, None, text)
    except org_service.OrgError as exc:
        raise click.ClickException(f"{csv_file}: {exc} (nothing was imported)") from None
    click.echo(f"imported {counts['units']} units and {counts['positions']} positions")


@org.command("export")
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_runtime
def export(lazy: LazyRuntime, csv_file: Path | None) -> None:
    """Write units and positions as CSV to CSV_FILE (or standard output)."""
    with lazy.runtime.session_scope() as session:
        text = org_service.export_csv(session)
    if csv_file is None:
        sys.stdout.write(text)
    else:
        csv_file.write_text(text, encoding="utf-8")
        click.echo(f"wrote {csv_file}")


@org.command("tree")
@pass_runtime
def tree(lazy: LazyRuntime) -> None:
    """Show positions as a tree, with holders, Plt/Plh and vacancies."""
    from sqlalchemy import select

    from app.models import Position

    with lazy.runtime.session_scope() as session:
        positions = list(session.execute(select(Position).order_by(Position.id)).scalars())
        by_parent: dict[int | None, list[Position]] = {}
        for p in positions:
            by_parent.setdefault(p.parent_id, []).append(p)

        def show(parent_id: int | None, depth: int) -> None:
            for p in by_parent.get(parent_id, []):
                names = ", ".join(u.username for u in org_service.holders(session, p.id)) or "(vacant)"
                acting = " [Plt/Plh]" if p.acting_user_id else ""
                click.echo(f"{'  ' * depth}{p.name} ({p.unit.code}): {names}{acting}")
                show(p.id, depth + 1)

        show(None, 0)


COMMANDS = [org]
