import django.db.models.deletion
import wagtail.fields
import wagtail_peersupport.models.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('testapp', '0004_video_block'),
        ('wagtailcore', '0094_alter_page_locale'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticlePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.page')),
                ('body', wagtail.fields.RichTextField(blank=True)),
            ],
            options={
                'abstract': False,
            },
            bases=('wagtailcore.page',),
        ),
        migrations.AddField(
            model_name='facilitatedlessonpage',
            name='content_warnings',
            field=wagtail_peersupport.models.fields.ContentWarningsField(blank=True, default=list, help_text='Tick every difficult topic this lesson deals with. Visitors see a short warning, naming the topics and pointing to support, before the lesson.', verbose_name='content warnings'),
        ),
    ]
