from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.importing import (
    FILE_FORMATS,
    bank_import,
    category_from_path,
    file_refusal,
    parse_question_file,
)


class Command(BaseCommand):
    help = (
        "Import questions from a Moodle XML or GIFT file into the question bank. Questions that "
        "cannot be imported are listed with the reason; the others are saved together."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The question file.")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=sorted(FILE_FORMATS),
            help="The file format (default: moodle-xml for .xml files, gift otherwise).",
        )
        parser.add_argument(
            "--category",
            help='Import below this category, created at the top when missing ("A/B" for a '
            "subcategory). Default: the file's own categories from the top.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, then save nothing."
        )

    def handle(self, *args, path, file_format=None, category=None, dry_run=False, **options):
        file = Path(path)
        file_format = file_format or ("moodle-xml" if file.suffix.lower() == ".xml" else "gift")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror or exc}
            ) from exc
        result = parse_question_file(data, file_format=file_format)
        refusal = file_refusal(result)
        if refusal:
            raise CommandError(
                _("Cannot import %(path)s: %(reason)s") % {"path": path, "reason": refusal}
            )

        with transaction.atomic():
            target = category_from_path(category, create=True) if category else None
            if category and target is None:
                raise CommandError(
                    _("“%(category)s” is not a category name.") % {"category": category}
                )
            report = bank_import(result=result, target_category=target, dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)

        for skipped in report.skipped:
            self.stdout.write(f"skipped #{skipped.index} ({skipped.name}): {skipped.reason}")
        if options["verbosity"] > 1:
            for name in report.created_categories:
                self.stdout.write(f"category created: {name}")
        self.stdout.write(report.summary)
