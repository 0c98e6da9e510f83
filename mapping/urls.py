from django.urls import path

from . import api, views

app_name = "mapping"
urlpatterns = [
    path("", views.home, name="home"),
    path("map/events/", views.events, name="events"),
    path("map/control/", views.control_map, name="control"),
    path("map/changes/", views.changes_map, name="changes"),
    path("map/timeline/", views.timeline, name="timeline"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("language/<str:code>/", views.language, name="language"),
    path("api/events.geojson", api.events_geojson, name="api-events-geojson"),
    path("api/events.csv", api.events_csv, name="api-events-csv"),
    path("api/events.ucdp.csv", api.events_ucdp_csv, name="api-events-ucdp-csv"),
    path("api/events/points.json", api.events_points, name="api-events-points"),
    path("api/events/list.json", api.events_list, name="api-events-list"),
]
urlpatterns += [
    path("api/control.geojson", api.control_geojson, name="api-control"),
    path("api/control/map.json", api.control_map, name="api-control-map"),
    path("api/changes/map.json", api.changes_map, name="api-changes-map"),
    path("api/timeline/map.json", api.timeline_map, name="api-timeline-map"),
    path("api/frontlines.geojson", api.frontlines_geojson, name="api-frontlines"),
    path("api/outlines.geojson", api.outlines_geojson, name="api-outlines"),
]
