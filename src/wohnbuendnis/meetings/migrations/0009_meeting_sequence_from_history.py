"""Data: existing meetings keep the SEQUENCE their invitations and feeds already carried.

Before 0008 the SEQUENCE of a meeting's event was the number of its status changes (notes
not counted). Calendars ignore a revision with a lower SEQUENCE than one they hold, so the new
field starts from that number, not from 0.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.all().iterator():
        changes = meeting.history.exclude(from_status=models.F("to_status")).count()
        if changes:
            Meeting.objects.filter(pk=meeting.pk).update(sequence=changes)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_meeting_sequence")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
