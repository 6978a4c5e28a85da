"""A page image over the pixel limit: the refusal reports its real size, in both languages."""
from __future__ import annotations

import struct
import zlib

import pytest
from flask_babel import force_locale

from app.web.factory import create_app
from app.web.labels import ingest_error_message
from ingest.errors import ImageTooLarge
from ingest.formats import handler_for
from tests.conftest import make_settings


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_header_only_png(path, width: int, height: int):
    """A PNG whose header claims width x height pixels (Pillow refuses it before decoding anything)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 16))
                     + _chunk(b"IEND", b""))
    return path


def test_a_1600_megapixel_page_is_reported_as_1600(tmp_path):
    settings = make_settings(tmp_path / "data")
    path = write_header_only_png(tmp_path / "poster.png", 40_000, 40_000)
    with pytest.raises(ImageTooLarge) as caught:
        handler_for(path.read_bytes()[:64]).triage(path, settings)
    error = caught.value
    assert "(1600 megapixels; the limit is 250 megapixels)" in str(error)
    app = create_app(settings)
    with app.test_request_context():
        with force_locale("id"):
            shown = ingest_error_message(error.code, str(error))
        assert "1600 megapiksel; batasnya 250 megapiksel" in shown and "over" not in shown
        with force_locale("en"):
            assert "1600 megapixels" in ingest_error_message(error.code, str(error))
