"""The site's URLs plus a bare view, the baseline that benchmarks/pages.py compares pages to. It
sits in the same URLconf, so it goes through the same middleware as the pages."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as cms_urlpatterns


def bare_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_view), *cms_urlpatterns]
