import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_peersupport', '0001_initial'),
        ('wagtailcore', '0094_alter_page_locale'),
    ]

    operations = [
        migrations.CreateModel(
            name='LoadRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(max_length=64, verbose_name='content fingerprint')),
                ('loaded_at', models.DateTimeField(auto_now=True, verbose_name='loaded at')),
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.page', verbose_name='page')),
            ],
            options={
                'verbose_name': 'course load record',
                'verbose_name_plural': 'course load records',
            },
        ),
    ]
