# Tokens expire (those existing get 90 days from this migration: AddField evaluates the default
# once), may be read-only or limited to one body; platform admins' tokens are revoked.

import agilepa.core.models
import django.db.models.deletion
from django.db import migrations, models


def revoke_platform_admin_tokens(apps, schema_editor):
    """Platform admins no longer have tokens: a stolen one would be a superuser."""
    from django.utils import timezone

    ApiToken = apps.get_model("core", "ApiToken")
    ApiToken.objects.filter(user__is_superuser=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_operations"),
        ("org", "0004_load_municipalities"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="body",
            field=models.ForeignKey(
                blank=True,
                help_text="When set, the token opens this body only.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.body",
                verbose_name="body",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=agilepa.core.models.token_expiry_default, verbose_name="expires"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read only"), ("write", "read and write")],
                default="write",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(revoke_platform_admin_tokens, migrations.RunPython.noop),
    ]
