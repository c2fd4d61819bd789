from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.importing import bank_export, category_from_path


class Command(BaseCommand):
    help = "Export a question category and its subcategories to a Moodle XML file."

    def add_arguments(self, parser):
        parser.add_argument("category", help='The category from the top, "A/B" for a subcategory.')
        parser.add_argument("--output", help="Write to this file (default: standard output).")
        parser.add_argument(
            "--no-subcategories",
            action="store_true",
            help="Export only the questions of the category itself.",
        )

    def handle(self, *args, category, output=None, no_subcategories=False, **options):
        found = category_from_path(category, create=False)
        if found is None:
            raise CommandError(_("No question category “%(category)s”.") % {"category": category})
        data = bank_export(category=found, include_subcategories=not no_subcategories)
        if output:
            try:
                Path(output).write_bytes(data)
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(path)s: %(error)s")
                    % {"path": output, "error": exc.strerror or exc}
                ) from exc
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
