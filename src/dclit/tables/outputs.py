"""One call that writes everything ``dclit tables`` promises."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dclit.errors import ConfigError
from dclit.tables.compute import compute_all
from dclit.tables.data import TableOptions, load_corpus

ALL_FORMATS = ("csv", "md", "tex", "xlsx", "html", "qdpx")


@dataclass(slots=True)
class TablesResult:
    out: Path
    documents: int
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def parse_formats(value: str | None) -> tuple[str, ...]:
    """``"csv,xlsx"`` -> ("csv", "xlsx"); None or "all" -> every format."""
    if not value or value == "all":
        return ALL_FORMATS
    wanted = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()))
    wanted = tuple("tex" if f == "latex" else "md" if f == "markdown" else f for f in wanted)
    bad = [f for f in wanted if f not in ALL_FORMATS]
    if bad:
        raise ConfigError(f"unknown --format {', '.join(bad)}.", hint=f"Choose among {', '.join(ALL_FORMATS)}.")
    return wanted


def make_tables(store, out: Path, *, options: TableOptions | None = None, formats=ALL_FORMATS, registry=None,
                store_label: str = "") -> TablesResult:
    """Compute every table from ``store`` and write the chosen ``formats`` under ``out``."""
    from dclit.tables.write import write_tables

    data = load_corpus(store, options, registry=registry)
    tables = compute_all(data)
    out = Path(out)
    result = TablesResult(out=out, documents=len(data.docs), rows={k: len(v) for k, v in tables.items()})
    result.files += write_tables(tables, out, [f for f in formats if f in ("csv", "md", "tex", "xlsx")])
    if "html" in formats:
        from dclit.tables.report import write_report
        result.files.append(write_report(data, tables, out / "report.html", store_label=store_label))
    if "qdpx" in formats:
        from dclit.tables.qdpx import write_qdpx
        result.files.append(write_qdpx(data, out / "corpus.qdpx"))
    return result
