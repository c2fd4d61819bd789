"""Question import/export formats (Moodle XML, GIFT) as pure functions over bank dicts.

No database here: the importer service turns `ParseResult.questions` into models.
"""

from .gift import parse_gift
from .moodle_xml import export_moodle_xml, parse_moodle_xml
from .types import ParsedQuestion, ParseResult, SkippedQuestion

__all__ = [
    "ParseResult",
    "ParsedQuestion",
    "SkippedQuestion",
    "export_moodle_xml",
    "parse_gift",
    "parse_moodle_xml",
]
