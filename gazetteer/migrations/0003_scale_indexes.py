"""Issue 6: an index for the admin's filter of places by source."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("gazetteer", "0002_history_and_edited_lock")]

    operations = [
        migrations.AddIndex(model_name="place", index=models.Index(fields=["source"], name="place_source_idx")),
    ]
