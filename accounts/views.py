import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm
from .selectors import user_data_export
from .services import user_cancel_deletion, user_request_deletion, user_update_profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts_profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    payload = user_data_export(user=request.user)
    payload["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="campus-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            user_cancel_deletion(user=request.user)
            messages.success(request, _("Your deletion request has been withdrawn."))
        else:
            user_request_deletion(user=request.user)
            messages.success(
                request,
                _(
                    "Your request has been recorded. The Secretariat will delete your account "
                    "and tell you by email."
                ),
            )
        return redirect("accounts_profile")
    return render(request, "accounts/deletion_request.html")
