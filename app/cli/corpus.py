"""`lontar corpus ...`: synthetic scanned letters with ground truth (demo, tests, benchmarks)."""
from __future__ import annotations

import random
import time
from pathlib import Path

import click

FORMAT_CHOICES = ["pdf", "tiff", "png", "jpeg", "mixed", "digital"]


@click.group(name="corpus")
def corpus_group() -> None:
    """Generate sample letters with ground truth."""


@corpus_group.command(name="generate")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--count", default=20, show_default=True, type=click.IntRange(min=1), help="How many letters.")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same letters.")
@click.option("--start", default=0, show_default=True, type=click.IntRange(min=0), help="Index of the first letter.")
@click.option("--format", "fmt", default="pdf", show_default=True, type=click.Choice(FORMAT_CHOICES),
              help="Scan file format; 'mixed' varies it per letter, 'digital' writes PDFs with a text layer.")
@click.option("--dpi", type=click.IntRange(100, 600), default=None, help="Override the per-letter resolution.")
@click.option("--clean", is_flag=True, help="No scan artefacts (no skew, noise, stamp, ...).")
@click.option("--text-only", is_flag=True, help="Write a JSON-lines archive (no images): OUT is the .jsonl file.")
def generate(out: Path, count: int, seed: int, start: int, fmt: str, dpi: int | None, clean: bool,
             text_only: bool) -> None:
    """Write COUNT letters to OUT, each with a <name>.json holding the true text and fields."""
    started = time.monotonic()
    if text_only:
        from corpus import write_text_archive

        target = out / "archive.jsonl" if out.is_dir() else out
        write_text_archive(target, count, seed, start)
        click.echo(f"Wrote {count} letters to {target} in {time.monotonic() - started:.1f} s")
        return
    written = _render_all(out, count, seed, start, fmt, dpi, clean)
    click.echo(f"Wrote {written} letters to {out} in {time.monotonic() - started:.1f} s")


def _render_all(out: Path, count: int, seed: int, start: int, fmt: str, dpi: int | None, clean: bool) -> int:
    from corpus import generate_letter, render_letter
    from corpus.digital import render_digital

    if out.exists() and not out.is_dir():
        raise click.UsageError(f"{out} exists and is not a folder")
    with click.progressbar(range(start, start + count), label="Rendering letters") as indexes:
        for index in indexes:
            letter_fmt = _format_for(fmt, seed, index)
            letter = generate_letter(seed, index, single_page=letter_fmt in ("png", "jpeg"))
            if letter_fmt == "digital":
                render_digital(letter, out)
            else:
                render_letter(letter, out, fmt=letter_fmt, dpi=dpi, artefacts=not clean)
    return count


def _format_for(fmt: str, seed: int, index: int) -> str:
    if fmt != "mixed":
        return fmt
    rng = random.Random(f"lontar-format:{seed}:{index}")
    return rng.choices(["pdf", "tiff", "png", "jpeg"], weights=[55, 15, 15, 15])[0]


COMMANDS = [corpus_group]
