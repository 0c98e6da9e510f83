from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lib.text import name_key
from mapkit.widgets import MapField, MapPointWidget

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


class PlaceForm(forms.ModelForm):
    map = MapField(widget=MapPointWidget(lat="lat", lon="lon", place=None))

    class Meta:
        model = Place
        fields = "__all__"


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    form = PlaceForm
    list_display = ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "source", "edited")
    list_filter = ("country", "kind", "admin1", "source", "edited")
    search_fields = ("name", "admin2")
    readonly_fields = ("updated_at",)
    inlines = [PlaceNameInline, PlaceRefInline]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "kind", ("country", "admin1", "admin2"), ("lat", "lon"), "map", "population")}),
        ("Source", {"fields": (("source", "source_id"), "geonames_id", "edited", "updated_at")}),
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
    list_display = ("name", "level", "country", "code", "source", "updated_at")
    list_filter = ("level", "country", "source")
    search_fields = ("name", "name_ar", "name_fa", "code")
    exclude = ("geometry",)
    readonly_fields = ("updated_at",)
