import wagtail_peersupport.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_peersupport', '0005_lesson_video_block'),
    ]

    operations = [
        migrations.AddField(
            model_name='lessonpage',
            name='content_warnings',
            field=wagtail_peersupport.models.fields.ContentWarningsField(blank=True, default=list, help_text='Tick every difficult topic this lesson deals with. Visitors see a short warning, naming the topics and pointing to support, before the lesson.', verbose_name='content warnings'),
        ),
        migrations.AddField(
            model_name='sessionpage',
            name='content_warnings',
            field=wagtail_peersupport.models.fields.ContentWarningsField(blank=True, default=list, help_text='Tick every difficult topic this session deals with. Visitors see a short warning, naming the topics and pointing to support, before the content.', verbose_name='content warnings'),
        ),
    ]
