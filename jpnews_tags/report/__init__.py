"""The HTML report for editors, from batch output (``jpnews-tags report``; docs/report.md)."""

from .build import Article, Record, RecordError, Report, build_report, iter_records, parse_record
from .html import render_html

__all__ = ["Article", "Record", "RecordError", "Report", "build_report", "iter_records", "parse_record", "render_html"]
