"""Visible watermarks on copies handed out (R-ARC-4, HY-A6 21–22): the requester, the time and the request
number across the whole picture — on documents (the printable form of a record), images, and video frames
(decoded and re-encoded with the FFmpeg libraries PyAV ships). A copy is never the original: its hashes
differ, and the register names the original it was made from."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from functools import cache
from pathlib import Path

from django.conf import settings

# Fonts with Chinese glyphs, tried in order; LAWTRAIL["WATERMARK_FONT"] names another.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


class WatermarkError(Exception):
    """The file cannot be watermarked (not a picture or video we can decode, no codec); says why."""


@cache
def font_path() -> str | None:
    configured = settings.LAWTRAIL.get("WATERMARK_FONT")
    if configured and Path(configured).is_file():
        return configured
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return path
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True,  # noqa: S607
                             check=False, timeout=10).stdout.strip()
        if out and Path(out).is_file():
            return out
    return None


def _font(size: int):
    from PIL import ImageFont

    path = font_path()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Latin only: Chinese text would show as boxes


def layer(width: int, height: int, text: str):
    """A transparent RGBA picture of `width`×`height` with `text` in diagonal rows across all of it, readable
    on light and dark pictures (white text with a dark outline, both half transparent)."""
    from PIL import Image, ImageDraw

    size = max(12, min(width, height) // 24)
    stroke = max(1, size // 12)
    font = _font(size)
    line = f"{text}　　"
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), line, font=font,
                                                                                stroke_width=stroke)
    text_w, text_h = max(1, right - left), bottom - top
    side = int(math.hypot(width, height)) + 2 * size
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for row, y in enumerate(range(0, side, text_h * 4)):
        shift = (row % 2) * text_w // 2
        for x in range(-shift, side, text_w):
            draw.text((x - left, y - top), line, font=font, fill=(255, 255, 255, 120), stroke_width=stroke,
                      stroke_fill=(0, 0, 0, 120))
    canvas = canvas.rotate(25, resample=Image.BICUBIC)
    x0, y0 = (side - width) // 2, (side - height) // 2
    return canvas.crop((x0, y0, x0 + width, y0 + height))


def image(data: bytes, text: str) -> tuple[bytes, str]:
    """A watermarked copy of an image: (bytes, file extension). JPEG stays JPEG, everything else is PNG.
    Metadata (EXIF: place, device) is not carried over."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as src:
            fmt = src.format
            picture = ImageOps.exif_transpose(src).convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise WatermarkError(f"not an image that can be opened: {exc}") from exc
    picture.alpha_composite(layer(picture.width, picture.height, text))
    buf = io.BytesIO()
    if fmt == "JPEG":
        picture.convert("RGB").save(buf, "JPEG", quality=92)
        return buf.getvalue(), ".jpg"
    picture.save(buf, "PNG", optimize=True)
    return buf.getvalue(), ".png"


def video(src: Path, dest: Path, text: str) -> None:
    """A watermarked copy of a video: every frame overlaid with the watermark, re-encoded as H.264 (MPEG-4
    Part 2 where the libraries have no H.264 encoder) in MP4; the first audio stream re-encoded as AAC."""
    import av

    try:
        source = av.open(str(src))
    except (av.FFmpegError, OSError) as exc:
        raise WatermarkError(f"not a video that can be opened: {exc}") from exc
    with source:
        if not source.streams.video:
            raise WatermarkError("the file has no video stream")
        vin = source.streams.video[0]
        ain = source.streams.audio[0] if source.streams.audio else None
        codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
        rate = vin.average_rate or vin.guessed_rate or 25
        width, height = vin.codec_context.width, vin.codec_context.height
        if not (width and height):
            raise WatermarkError("the video stream has no picture size")
        mark = layer(width, height, text)
        with av.open(str(dest), "w", format="mp4") as out:
            vout = out.add_stream(codec, rate=rate)
            vout.width, vout.height, vout.pix_fmt = width - width % 2, height - height % 2, "yuv420p"
            if codec == "libx264":
                vout.options = {"preset": "veryfast", "crf": "20"}
            aout = out.add_stream("aac", rate=ain.codec_context.sample_rate or 44100) if ain else None
            try:
                count = _overlay(source, [vin] + ([ain] if ain else []), out, vout, aout, mark)
            except av.FFmpegError as exc:
                raise WatermarkError(f"the video could not be decoded or encoded: {exc}") from exc
    if not count:
        raise WatermarkError("no video frame could be decoded")


def _overlay(source, streams, out, vout, aout, mark) -> int:
    """Decode, lay the watermark over each picture, encode; returns how many pictures."""
    import av

    count = 0
    for frame in source.decode(*streams):
        if isinstance(frame, av.VideoFrame):
            picture = frame.to_image().convert("RGBA")
            picture.alpha_composite(mark)
            if picture.size != (vout.width, vout.height):
                picture = picture.crop((0, 0, vout.width, vout.height))
            new = av.VideoFrame.from_image(picture.convert("RGB"))
            new.pts, new.time_base = frame.pts, frame.time_base
            for packet in vout.encode(new):
                out.mux(packet)
            count += 1
        elif aout is not None:
            frame.pts = None
            for packet in aout.encode(frame):
                out.mux(packet)
    for packet in vout.encode():
        out.mux(packet)
    if aout is not None:
        for packet in aout.encode():
            out.mux(packet)
    return count
