from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("conflictmap administration")
admin.site.site_title = _("conflictmap admin")
admin.site.index_title = _("Review reports, events, control and places")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Readers' login (MAP_LOGIN_REQUIRED); mapping/access.py.
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("gazetteer/", include("gazetteer.urls")),
    path("favicon.ico", lambda request: HttpResponse(status=204)),  # no icon, and no 404 in the console
    path("", include("mapping.urls")),
]
