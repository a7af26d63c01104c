from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0002_users_and_tokens")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Campaign",
            name="created_by",
            field=fields.CharField(null=True, max_length=50),
        ),
    ]
