"""Refresh the geocoder index in this process when a place or a name is edited (admin)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .live import mark_stale
from .models import Place, PlaceName


@receiver([post_save, post_delete], sender=Place)
@receiver([post_save, post_delete], sender=PlaceName)
def gazetteer_changed(sender, **kwargs) -> None:
    mark_stale()
