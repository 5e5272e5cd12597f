"""What kind of media a file is, from its first bytes (no trust in names or declared types)."""

from __future__ import annotations

SNIFF_BYTES = 200


def sniff(head: bytes) -> str | None:
    """'video', 'audio', 'photo', or None for a file that is not a media format we accept."""
    if len(head) >= 12 and head[4:8] == b"ftyp":  # ISO BMFF: MP4, MOV, 3GP, M4A
        brand = head[8:12]
        return "audio" if brand in (b"M4A ", b"M4B ") else "video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # Matroska / WebM
        return "video"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio"
    if len(head) >= 189 and head[0] == 0x47 and head[188] == 0x47:  # MPEG transport stream (many cameras)
        return "video"
    if head.startswith(b"\x00\x00\x01\xba"):  # MPEG program stream
        return "video"
    if head.startswith((b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"OggS", b"fLaC", b"#!AMR")):
        return "audio"
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "photo"
    return None


def content_type(head: bytes) -> str:
    """The MIME type to serve a stored file with, from its first bytes."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:12] in (b"M4A ", b"M4B ") else (
            "video/quicktime" if head[8:12] == b"qt  " else "video/mp4")
    for prefix, mime in ((b"\x1a\x45\xdf\xa3", "video/webm"), (b"\xff\xd8\xff", "image/jpeg"),
                         (b"\x89PNG\r\n\x1a\n", "image/png"), (b"ID3", "audio/mpeg"), (b"\xff\xfb", "audio/mpeg"),
                         (b"OggS", "audio/ogg"), (b"fLaC", "audio/flac"), (b"#!AMR", "audio/amr")):
        if head.startswith(prefix):
            return mime
    if head.startswith(b"RIFF"):
        return {b"AVI ": "video/x-msvideo", b"WAVE": "audio/wav"}.get(head[8:12], "application/octet-stream")
    if len(head) >= 189 and head[0] == 0x47 and head[188] == 0x47:
        return "video/mp2t"
    if head.startswith(b"\x00\x00\x01\xba"):
        return "video/mpeg"
    return "application/octet-stream"
