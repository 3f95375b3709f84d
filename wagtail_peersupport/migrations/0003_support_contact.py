import django.db.models.deletion
import wagtail.search.index
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_peersupport', '0002_load_record'),
        ('wagtailcore', '0094_alter_page_locale'),
    ]

    operations = [
        migrations.CreateModel(
            name='SupportContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('name', models.CharField(help_text="e.g. 'Samaritans'.", max_length=255, verbose_name='name')),
                ('audience', models.CharField(blank=True, help_text="e.g. 'Anyone who is struggling to cope'.", max_length=255, verbose_name='who it is for')),
                ('phone', models.CharField(blank=True, help_text="As people dial it, e.g. '116 123'.", max_length=50, verbose_name='phone number')),
                ('phone_note', models.CharField(blank=True, help_text="Optional. e.g. 'then choose option 2'.", max_length=255, verbose_name='phone note')),
                ('text_number', models.CharField(blank=True, help_text="e.g. '85258'.", max_length=50, verbose_name='text number')),
                ('text_message', models.CharField(blank=True, help_text="Optional. The word to send, e.g. 'SHOUT'.", max_length=50, verbose_name='what to text')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('opening_hours', models.CharField(blank=True, help_text="e.g. '24 hours a day, every day'.", max_length=255, verbose_name='opening hours')),
                ('last_checked', models.DateField(help_text='When someone last checked these details were right.', verbose_name='details last checked')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, help_text='Contacts with lower numbers are listed first.', verbose_name='order')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            ],
            options={
                'verbose_name': 'support contact',
                'verbose_name_plural': 'support contacts',
                'ordering': ['sort_order', 'name'],
                'abstract': False,
                'unique_together': {('translation_key', 'locale')},
            },
            bases=(wagtail.search.index.Indexed, models.Model),
        ),
    ]
