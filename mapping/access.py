"""Who may read the maps: everyone (default), or, with ``MAP_LOGIN_REQUIRED`` on, logged-in
users only. One middleware covers every page and API of the site (the gazetteer search too);
the admin keeps its own staff login, and static files are served before this runs.

Pages redirect to the login page (``/accounts/login/?next=...``); APIs answer 401 with a JSON
error, so scripts get a clear answer instead of a login form.

Who may try to log in: django-axes (settings, "login lockout") counts failures per user name
and client address on both logins; ``client_ip`` says which address a request came from and
``locked_out`` answers a refused login (429, the same page whether or not the user exists).
"""

from __future__ import annotations

import ipaddress
import math

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse


class MapLoginRequiredMiddleware(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "MAP_LOGIN_REQUIRED", False):
            return None
        match = request.resolver_match
        if match and match.app_name == "admin":  # the admin asks for its own (staff) login
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        name = request.resolver_match.url_name if request.resolver_match else ""
        if name and (name.startswith("api-") or name.endswith("-json")):
            return JsonResponse({"errors": ["log in first: this site's maps are for logged-in users"]}, status=401)
        return super().handle_no_permission(request, view_func)


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt came from (``AXES_CLIENT_IP_CALLABLE``): ``REMOTE_ADDR``;
    behind the TLS proxy the README documents (``DJANGO_SECURE_PROXY_SSL_HEADER`` set), the
    right-most address of ``X-Forwarded-For``, the one that proxy saw (the addresses left of it
    are whatever the client sent). Without that setting a client's ``X-Forwarded-For`` is never
    believed, so it cannot move its failures onto made-up addresses."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no header, or not an address: the proxy's own connection
    return request.META.get("REMOTE_ADDR") or None


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None, credentials=None) -> HttpResponse:
    """The answer to a login refused by the lockout (``AXES_LOCKOUT_CALLABLE``): 429 with a
    ``Retry-After``, and a page that names no user, so it is the same for user names that exist
    and ones that do not."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = TemplateResponse(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response.render()
