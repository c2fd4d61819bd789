from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from .health import health_report
from .i18n import page_translation_urls
from .models import SiteSettings


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    healthy = all(state in {"ok", "eager"} for state in report.values())
    return JsonResponse(report, status=200 if healthy else 503)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice page in the current language (its address is set in Site settings)."""
    site = Site.find_for_request(request)
    page = SiteSettings.for_site(site).privacy_page if site else None
    if page is None:
        raise Http404
    url = page_translation_urls(page.specific, request=request).get(get_language()[:2])
    if not url:
        raise Http404
    return redirect(url)
