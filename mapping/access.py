"""Who may read the maps: everyone (default), or, with ``MAP_LOGIN_REQUIRED`` on, logged-in
users only. One middleware covers every page and API of the site (the gazetteer search too);
the admin keeps its own staff login, and static files are served before this runs.

Pages redirect to the login page (``/accounts/login/?next=...``); APIs answer 401 with a JSON
error, so scripts get a clear answer instead of a login form.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse


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
