from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_peersupport', '0006_content_warnings'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='supportcontact',
            index=models.Index(fields=['locale', 'sort_order', 'name'], name='ps_contact_locale_order'),
        ),
    ]
