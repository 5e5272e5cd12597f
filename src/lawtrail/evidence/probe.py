"""Reading a media file's own times (R-AV-5): when the recording started and how long it ran, from the
container (PyAV, the FFmpeg libraries). Cameras write `creation_time`; one without a zone is China time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lawtrail.workdays.calendar import CHINA


@dataclass(frozen=True)
class Probe:
    started_at: dt.datetime | None
    duration_s: float | None
    problem: str = ""

    @property
    def ended_at(self) -> dt.datetime | None:
        if self.started_at is None or self.duration_s is None:
            return None
        return self.started_at + dt.timedelta(seconds=self.duration_s)


def _parse_time(text: str) -> dt.datetime | None:
    text = text.strip().replace("Z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def probe(path: Path) -> Probe:
    """Start and duration of a video or audio file; a file the libraries cannot read is reported, not
    dropped — its bytes are evidence all the same."""
    import av

    try:
        with av.open(str(path)) as container:
            duration = container.duration / 1_000_000 if container.duration else None
            tags = dict(container.metadata)
            for stream in container.streams:
                for key, value in stream.metadata.items():
                    tags.setdefault(key, value)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        return Probe(None, None, f"cannot read the media: {exc}")
    started = _parse_time(tags.get("creation_time", "")) if tags.get("creation_time") else None
    return Probe(started, duration, "" if started else "the file names no recording time")
