import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

# Each app that brings demo content adds its loader here, in dependency order.
DEMO_LOADERS = [
    "accounts.demo.load",
    "cms.demo.load",
    "courses.demo.load",
    "assessments.demo.load",
]


class Command(BaseCommand):
    help = "Create or refresh the demo site: pages in es/en/fr and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for the demo accounts (default: random)")

    def handle(self, *args, password=None, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError("Demo content is refused under production settings.")
        password = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            for path in DEMO_LOADERS:
                import_string(path)(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
