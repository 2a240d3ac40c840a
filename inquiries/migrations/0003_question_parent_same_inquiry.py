from django.db import migrations

# A sub-question must belong to its parent's inquiry. PostgreSQL enforces that with a
# composite foreign key onto the unique (inquiry_id, id) pair; SQLite cannot add a
# constraint to an existing table, so there triggers enforce the same rule.

_PG_FORWARD = """
ALTER TABLE inquiries_question
  ADD CONSTRAINT question_parent_same_inquiry
  FOREIGN KEY (inquiry_id, parent_id) REFERENCES inquiries_question (inquiry_id, id)
  DEFERRABLE INITIALLY DEFERRED
"""
_PG_BACKWARD = "ALTER TABLE inquiries_question DROP CONSTRAINT question_parent_same_inquiry"

_SQLITE_CHECK = """
CREATE TRIGGER question_parent_same_inquiry_{op}
BEFORE {op_sql} ON inquiries_question
WHEN NEW.parent_id IS NOT NULL
 AND NEW.inquiry_id IS NOT (SELECT inquiry_id FROM inquiries_question WHERE id = NEW.parent_id)
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: question_parent_same_inquiry');
END
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(_SQLITE_CHECK.format(op="insert", op_sql="INSERT"))
        schema_editor.execute(_SQLITE_CHECK.format(op="update", op_sql="UPDATE"))


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS question_parent_same_inquiry_insert")
        schema_editor.execute("DROP TRIGGER IF EXISTS question_parent_same_inquiry_update")


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0002_create_role_groups")]

    operations = [migrations.RunPython(forward, backward)]
