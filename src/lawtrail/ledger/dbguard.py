"""Database triggers that refuse UPDATE and DELETE (and TRUNCATE) on append-only tables, on SQLite and
PostgreSQL (R-INT-2: changing or deleting an original is impossible through the system).

Other apps use `AppendOnly("table")` in their migrations for their original records."""

from __future__ import annotations

from django.db import migrations

MESSAGE = "append-only table: UPDATE and DELETE are refused (R-INT-2)"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION lawtrail_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: {MESSAGE}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""


def create_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            PG_FUNCTION,
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION lawtrail_refuse_change();",
            f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION lawtrail_refuse_change();",
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END;",
            f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END;",
        ]
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}";',
                f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}";']
    return [f'DROP TRIGGER IF EXISTS "{table}_no_update";', f'DROP TRIGGER IF EXISTS "{table}_no_delete";']


class AppendOnly(migrations.RunPython):
    """Migration operation installing the append-only triggers on one table."""

    def __init__(self, table: str):
        self.table = table

        def forward(apps, schema_editor):
            for sql in create_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

        def backward(apps, schema_editor):
            for sql in drop_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

        super().__init__(forward, backward)

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {self.table}"

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.table], {})


class ReinstallAppendOnly(AppendOnly):
    """Install the triggers again after a schema change that may have rebuilt the table (SQLite rebuilds
    a table to add a NOT NULL column or alter one, and the old table's triggers go with it)."""

    def __init__(self, table: str):
        super().__init__(table)
        install = self.code

        def forward(apps, schema_editor):
            for sql in drop_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)
            install(apps, schema_editor)

        self.code = forward
        self.reverse_code = migrations.RunPython.noop

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {self.table} (again, after a table change)"
