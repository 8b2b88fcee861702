"""Password protection for a PDF that leaves the vault: AES-256 (PDF 2.0, revision 6).

reportlab's own encryption is RC4 or the withdrawn revision 5, which current readers refuse,
so the finished document is re-written by pypdf. Everything stays in memory.
"""

from __future__ import annotations

import io

MIN_PASSWORD_LENGTH = 8


def protect(pdf: bytes, password: str) -> bytes:
    """The same document, openable only with `password` (it is both user and owner password:
    a second password kept nowhere would be one more secret to lose)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def is_protected(pdf: bytes) -> bool:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).is_encrypted
