"""The gazetteer in the Django admin: places with their names in every script and their source
records, searched by name in any script and spelling; a map to set a place's point (mapkit's
admin mixin); a person's correction is locked against reloads. Boundaries are listed read-only
(their geometry is not shown).
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lib.text import name_key
from mapkit.widgets import MapPointAdminMixin

from .models import Boundary, Place, PlaceName, PlaceRef


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1
    fields = ("name", "language", "preferred", "key", "source")
    readonly_fields = ("key", "source")


class PlaceRefInline(admin.TabularInline):
    model = PlaceRef
    extra = 0
    fields = ("source", "source_id")


@admin.register(Place)
class PlaceAdmin(MapPointAdminMixin, SimpleHistoryAdmin):
    map_place_field = None  # the map sets this place's own latitude and longitude
    map_search_url_name = "gazetteer:search-json"
    map_outlines_url_name = "mapping:api-outlines"  # by name: the gazetteer imports no mapping code
    list_display = ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "source", "edited")
    list_filter = ("country", "kind", "admin1", "source", "edited")
    search_fields = ("name", "admin2")
    readonly_fields = ("updated_at",)
    inlines = [PlaceNameInline, PlaceRefInline]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "kind", ("country", "admin1", "admin2"), ("lat", "lon"), "map", "population")}),
        (_("Source"), {"fields": (("source", "source_id"), "geonames_id", "edited", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        """A person's correction is locked against gazetteer reloads (names are still added)."""
        if change and set(form.changed_data) - {"edited", "map"}:
            obj.edited = True
        super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        """Search by name in any script and spelling: `البو کمال`, `البوكمال` and `al-Bukamal`
        find the same places, through the normalised name keys."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = name_key(search_term)
        if key:
            by_key = queryset.filter(names__key__startswith=key)
            results = (results | by_key).distinct()
            may_have_duplicates = False
        return results, may_have_duplicates


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ("local_name", "level", "country", "code", "source", "updated_at")
    list_filter = ("level", "country", "source")

    @admin.display(description=_("name"), ordering="name")
    def local_name(self, obj: Boundary) -> str:
        """The boundary's name in the reader's language where we have it (Persian, Arabic), as data."""
        name = {"fa": obj.name_fa, "ar": obj.name_ar}.get(get_language() or "", "") or obj.name
        return format_html("<bdi>{}</bdi>", name)

    search_fields = ("name", "name_ar", "name_fa", "code")
    exclude = ("geometry",)
    readonly_fields = ("updated_at",)
