from django.urls import path

from . import views

app_name = "gazetteer"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search.json", views.search_json, name="search-json"),
]
