"""Ingest benchmark (R-AV-5): storing a large file in the blob store — copied, SM3- and SHA-256-hashed in
one pass — against `cp` and `openssl dgst -sm3` of the same file in the same run; peak memory of the
ingesting process for the file and for one twice its size.

    python bench/ingest.py [--gib 2]

Runs in a temporary directory on the same filesystem as the project (not part of the tests).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import sys, time, json, resource
sys.path.insert(0, {src!r})
from pathlib import Path
from lawtrail.evidence.storage import LocalBlobStore, read_chunks
store = LocalBlobStore(Path({root!r}))
t = time.perf_counter()
with open({path!r}, "rb") as f:
    stored = store.ingest(read_chunks(f))
print(json.dumps({{"seconds": time.perf_counter() - t, "sm3": stored.sm3,
                  "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def make_file(path: Path, size: int) -> None:
    block = os.urandom(8 * 1024 * 1024)
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n
    subprocess.run(["sync"], check=False)


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sync"], check=False)
    return time.perf_counter() - t


def ingest(path: Path, root: Path) -> dict:
    code = CHILD.format(src=str(ROOT / "src"), root=str(root), path=str(path))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    subprocess.run(["sync"], check=False)
    result = json.loads(out)
    result["wall_seconds"] = time.perf_counter() - t
    return result


def one(size_gib: float, tmp: Path, repeat: int) -> dict:
    """Median of `repeat` rounds; in each round cp, openssl and the ingest run one after the other on the
    same file, so a slow moment of the disk hits all three."""
    import statistics

    size = int(size_gib * 1024**3)
    src = tmp / "source.bin"
    make_file(src, size)
    cps, sm3s, ours, rss = [], [], [], []
    for _ in range(repeat):
        subprocess.run(["cat", str(src)], check=True, stdout=subprocess.DEVNULL)  # same page-cache state
        cps.append(timed(["cp", str(src), str(tmp / "copy.bin")]))
        (tmp / "copy.bin").unlink()
        sm3s.append(timed(["openssl", "dgst", "-sm3", str(src)]))
        root = tmp / "blobs"
        result = ingest(src, root)
        ours.append(result["wall_seconds"])
        rss.append(result["max_rss_kib"] / 1024)
        shutil.rmtree(root)
    src.unlink()
    cp, sm3, mine = statistics.median(cps), statistics.median(sm3s), statistics.median(ours)
    return {"bytes": size, "rounds": repeat, "cp_s": round(cp, 2), "openssl_sm3_s": round(sm3, 2),
            "ingest_s": round(mine, 2), "ingest_peak_rss_mib": round(max(rss), 1),
            "ratio_to_cp": round(mine / cp, 2), "ratio_to_openssl_sm3": round(mine / sm3, 2),
            "all_cp_s": [round(x, 2) for x in cps], "all_ingest_s": [round(x, 2) for x in ours]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lawtrail-bench-ingest-", dir=ROOT / "bench"))
    try:
        results = {"cpus": os.cpu_count(), "runs": [one(args.gib, tmp, args.repeat),
                                                    one(args.gib * 2, tmp, args.repeat)]}
        for r in results["runs"]:
            print(json.dumps(r), flush=True)
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        (out / "ingest.json").write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
