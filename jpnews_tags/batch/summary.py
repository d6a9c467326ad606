"""What a run did: :class:`Summary` (printed at the end, and ``--summary-json``), and the memory measure it reports."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Summary", "peak_rss_mb"]


@dataclass
class Summary:
    """What a run did. ``documents`` counts every source seen: analyzed (errors included) plus skipped."""

    documents: int = 0
    analyzed: int = 0
    skipped: int = 0
    errors: int = 0
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    tags: int = 0
    bytes: int = 0
    elapsed: float = 0.0
    workers: int = 1
    interrupted: bool = False
    recovered: int = 0
    truncated_bytes: int = 0
    parquet_rows: int | None = None
    peak_rss_parent_mb: float = 0.0
    peak_rss_workers_mb: dict[int, float] = field(default_factory=dict)
    output: str = ""

    @property
    def throughput(self) -> float:
        """Analyzed documents per second."""
        return self.analyzed / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["throughput"] = round(self.throughput, 3)
        d["peak_rss_workers_mb"] = sorted(self.peak_rss_workers_mb.values(), reverse=True)
        return d

    def to_text(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.errors_by_kind.items()))
        lines = [
            f"{'interrupted' if self.interrupted else 'done'}: {self.output}",
            f"documents: {self.documents:,} ({self.analyzed:,} analyzed, {self.skipped:,} already done)",
            f"entities: {self.entities:,}",
            f"tags: {self.tags:,}",
            f"errors: {self.errors:,}" + (f" ({kinds})" if kinds else ""),
            f"elapsed: {self.elapsed:.1f} s",
            f"throughput: {self.throughput:.1f} documents/s ({self.bytes / max(self.elapsed, 1e-9) / 1e6:.2f} MB/s)"
            f" with {self.workers} worker{'s' if self.workers != 1 else ''}",
        ]
        rss = f"peak RSS: parent {self.peak_rss_parent_mb:.0f} MB"
        if self.peak_rss_workers_mb:
            rss += f", worker max {max(self.peak_rss_workers_mb.values()):.0f} MB"
        lines.append(rss)
        if self.recovered or self.truncated_bytes:
            lines.append(
                f"resumed: {self.recovered:,} records re-read into the manifest, "
                f"{self.truncated_bytes:,} bytes of a partial last line removed"
            )
        if self.parquet_rows is not None:
            lines.append(f"parquet: {self.parquet_rows:,} rows")
        if self.interrupted:
            lines.append("run the same command again to finish: documents already written are skipped")
        return "\n".join(lines)


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM on Linux), in MB."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
