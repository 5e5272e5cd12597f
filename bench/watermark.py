"""Watermarking a video for a copy handed out (R-ARC-4, HY-A6 21) against a plain re-encode of the same
clip in the same run: decode every frame and encode it again with the same encoder and settings
(libx264, preset veryfast, CRF 20) but lay nothing over it. The difference is the watermark's own cost —
each frame converted to RGB, composited and converted back.

    python bench/watermark.py [--seconds 10] [--size 1280x720] [--fps 30]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = "示例区人民法院 刘法官 · 2026-11-23 10:30 · 调阅申请第7号 · 复制件"


def make_clip(path: Path, seconds: int, width: int, height: int, fps: int) -> None:
    """A clip with changing content, so the encoder has work to do on every frame."""
    import av
    from PIL import Image, ImageDraw

    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(seconds * fps):
            picture = Image.new("RGB", (width, height), (i % 255, 90, 160))
            ImageDraw.Draw(picture).rectangle((i * 7 % width, 100, i * 7 % width + 200, 300), fill=(240, 240, 40))
            frame = av.VideoFrame.from_image(picture)
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def plain_reencode(src: Path, dest: Path) -> None:
    import av

    with av.open(str(src)) as source, av.open(str(dest), "w", format="mp4") as out:
        vin = source.streams.video[0]
        vout = out.add_stream("libx264", rate=vin.average_rate)
        vout.width, vout.height, vout.pix_fmt = vin.codec_context.width, vin.codec_context.height, "yuv420p"
        vout.options = {"preset": "veryfast", "crf": "20"}
        for frame in source.decode(vin):
            for packet in vout.encode(frame):
                out.mux(packet)
        for packet in vout.encode():
            out.mux(packet)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--fps", type=int, default=30)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawtrail.settings")
    import django

    django.setup()
    from lawtrail.access import watermark

    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "clip.mp4"
        make_clip(clip, args.seconds, width, height, args.fps)
        t = time.perf_counter()
        plain_reencode(clip, Path(tmp) / "plain.mp4")
        plain = time.perf_counter() - t
        t = time.perf_counter()
        watermark.video(clip, Path(tmp) / "marked.mp4", TEXT)
        marked = time.perf_counter() - t
    result = {"clip": f"{args.seconds} s of {width}x{height} at {args.fps} fps", "plain_reencode_s": round(plain, 2),
              "watermark_s": round(marked, 2), "ratio": round(marked / plain, 2),
              "watermark_x_realtime": round(marked / args.seconds, 2)}
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results-watermark.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
