from django.contrib import admin

from .keys import name_key
from .models import Boundary, Place, PlaceName, PlaceRef


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1
    fields = ("name", "language", "preferred", "key")
    readonly_fields = ("key",)


class PlaceRefInline(admin.TabularInline):
    model = PlaceRef
    extra = 0
    fields = ("source", "source_id")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "source")
    list_filter = ("country", "kind", "admin1", "source")
    search_fields = ("name", "admin2")
    readonly_fields = ("updated_at",)
    inlines = [PlaceNameInline, PlaceRefInline]
    list_per_page = 50
    show_full_result_count = False

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
    list_display = ("name", "level", "country", "code", "source", "updated_at")
    list_filter = ("level", "country", "source")
    search_fields = ("name", "name_ar", "name_fa", "code")
    exclude = ("geometry",)
    readonly_fields = ("updated_at",)
