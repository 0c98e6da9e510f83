from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("gazetteer/", include("gazetteer.urls")),
    path("", include("mapping.urls")),
]
