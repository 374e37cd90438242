"""On PostgreSQL the table refuses deletions and any edit but the seal's and a redaction's, even
to the platform's own database user: the hash chain then only has to catch what a database
superuser does (docs/audit.md)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit trail is append-only: entries cannot be deleted';
  END IF;
  IF (NEW.chain, NEW.body_id, NEW.at, NEW.actor_id, NEW.via, NEW.action,
      NEW.object_type, NEW.object_id, NEW.person_id, NEW.changes_digest,
      NEW.ip, NEW.request_id)
     IS DISTINCT FROM
     (OLD.chain, OLD.body_id, OLD.at, OLD.actor_id, OLD.via, OLD.action,
      OLD.object_type, OLD.object_id, OLD.person_id, OLD.changes_digest,
      OLD.ip, OLD.request_id) THEN
    RAISE EXCEPTION 'the audit trail is append-only: entries cannot be edited';
  END IF;
  IF OLD.hash <> '' AND (NEW.seq, NEW.prev_hash, NEW.hash)
     IS DISTINCT FROM (OLD.seq, OLD.prev_hash, OLD.hash) THEN
    RAISE EXCEPTION 'the audit trail is append-only: a sealed entry cannot be resealed';
  END IF;
  IF (NEW.changes::text, NEW.actor_label, NEW.object_label)
     IS DISTINCT FROM (OLD.changes::text, OLD.actor_label, OLD.object_label)
     AND NEW.redacted_at IS NULL THEN
    RAISE EXCEPTION 'the audit trail is append-only: changes and labels are only ever redacted';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
REVERSE = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_append_only();
"""


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_trail")]
    operations = [migrations.RunPython(forward, backward)]
