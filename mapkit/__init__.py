"""mapkit: a small reusable Django app for folium and Leaflet maps served offline.

Leaflet and the plugins folium uses come from npm packages (``node_modules``, pinned by the
project's ``package-lock.json``) through a static files finder; folium's CDN asset lists are
rewritten to them at start-up; a map widget and an admin mixin set a point on a map; ``embed``
puts a folium map into a page. It imports no other app of the project.
"""
