"""Question import and export in the Wagtail admin.

Import takes two steps: the upload is kept in a private temporary file named by a random token
that only the session holds (never a path from the browser), the preview runs the whole import
as a dry run, and the confirmation imports the same file. Export downloads a category tree as
Moodle XML.
"""

import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied, permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importing import (
    ImportReport,
    bank_export,
    bank_import,
    file_refusal,
    parse_question_file,
)
from .models import QuestionCategory

IMPORT_PERMISSION = "assessments.add_question"
EXPORT_PERMISSION = "assessments.view_question"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SESSION_KEY = "assessments_question_import"
UPLOAD_MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _upload_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "campus-question-imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _upload_path(token: str) -> Path | None:
    return _upload_dir() / f"{token}.upload" if _TOKEN.fullmatch(token or "") else None


def _remove_old_uploads() -> None:
    """Uploads whose preview was never confirmed."""
    limit = time.time() - UPLOAD_MAX_AGE_SECONDS
    for path in _upload_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue  # another request removed it first


def _keep_upload(upload) -> str:
    token = secrets.token_hex(16)
    descriptor = os.open(_upload_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def _category_choices() -> list[tuple[str, str]]:
    categories = QuestionCategory.objects.select_related("parent__parent__parent")
    rows = sorted((str(c), str(c.pk)) for c in categories)
    return [("", _("None: at the top of the bank"))] + [(pk, label) for label, pk in rows]


class ImportQuestionsForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Question file"),
        help_text=gettext_lazy("A Moodle XML or GIFT file of at most 10 MB."),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("moodle-xml", gettext_lazy("Moodle XML")), ("gift", gettext_lazy("GIFT"))],
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Import into"),
        required=False,
        help_text=gettext_lazy(
            "The file's categories are created inside this category; questions without a "
            "category go into it. Without one, they go to the top of the bank."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class _ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class _ImportBaseView(_ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ImportUploadView(_ImportBaseView):
    template_name = "assessments/admin/import_upload.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or ImportQuestionsForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = ImportQuestionsForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        _forget_upload(request)
        _remove_old_uploads()
        request.session[SESSION_KEY] = {
            "token": _keep_upload(form.cleaned_data["file"]),
            "format": form.cleaned_data["file_format"],
            "category": int(form.cleaned_data["category"])
            if form.cleaned_data["category"]
            else None,
            "name": Path(form.cleaned_data["file"].name).name[:200],
        }
        return HttpResponseRedirect(reverse("assessments_import:preview"))


def _forget_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    path = _upload_path(pending.get("token", ""))
    if path is not None:
        path.unlink(missing_ok=True)


class ImportPreviewView(_ImportBaseView):
    """GET: what the import would do (a dry run). POST: do it."""

    template_name = "assessments/admin/import_preview.html"

    def _start_again(self, request: HttpRequest, message: str = "") -> HttpResponse:
        _forget_upload(request)
        messages.error(request, message or _("Upload the file again: the previous upload is gone."))
        return HttpResponseRedirect(reverse("assessments_import:upload"))

    def _import(self, request: HttpRequest, pending: dict, path: Path, *, dry_run: bool):
        """The report, or the reason the whole file is refused; None when the target is gone."""
        target = None
        if pending.get("category") is not None:
            target = QuestionCategory.objects.filter(pk=pending["category"]).first()
            if target is None:
                return None
        result = parse_question_file(path.read_bytes(), file_format=pending["format"])
        refusal = file_refusal(result)
        if refusal:
            return _("The file cannot be imported: %(reason)s") % {"reason": refusal}
        return bank_import(
            result=result, target_category=target, dry_run=dry_run, user=request.user
        )

    def get(self, request, *args, **kwargs):
        pending = request.session.get(SESSION_KEY) or {}
        path = _upload_path(pending.get("token", ""))
        if path is None or not path.is_file():
            return self._start_again(request)
        report = self._import(request, pending, path, dry_run=True)
        if not isinstance(report, ImportReport):
            return self._start_again(request, report)
        return self.render_to_response(
            self.get_context_data(pending=pending, report=report, token=pending["token"])
        )

    def post(self, request, *args, **kwargs):
        pending = request.session.get(SESSION_KEY) or {}
        path = _upload_path(pending.get("token", ""))
        # Only the preview that was shown, once: a second click or another tab finds the file
        # already claimed (the rename is atomic) and imports nothing.
        if path is None or request.POST.get("token") != pending["token"]:
            return self._start_again(request)
        claimed = path.with_suffix(".claimed")
        try:
            path.rename(claimed)
        except FileNotFoundError:
            return self._start_again(request)
        try:
            report = self._import(request, pending, claimed, dry_run=False)
        finally:
            claimed.unlink(missing_ok=True)
        if not isinstance(report, ImportReport):
            return self._start_again(request, report)
        _forget_upload(request)
        self.template_name = "assessments/admin/import_done.html"
        return self.render_to_response(self.get_context_data(pending=pending, report=report))


@permission_required(EXPORT_PERMISSION)
def export_category(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_or_404(QuestionCategory, pk=category_id)
    response = HttpResponse(
        bank_export(category=category), content_type="application/xml; charset=utf-8"
    )
    filename = f"{slugify(category.name) or 'questions'}.moodle.xml"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
