"""The migrations make what the models make.

The suite builds its test database from the models (``--no-migrations`` in pyproject.toml,
with the rows of the data migrations loaded by their own functions, ``tests/conftest.py``
``load_migrations_data``): rendering the states of the 80-odd migrations took each test
process about 20 s of a core. This test runs them for real, in a fresh database of its own
(a file on SQLite, a database beside the test database on PostgreSQL; migrated once per
test process, ``migrated_database`` in tests/conftest.py), the way ``manage.py migrate``
runs them on a server, and compares the two: every table, column and
constraint, and the rows the migrations and ``post_migrate`` load.
"""

import pytest
from django.db import connection

from tests.conftest import connection_to

# The rows the migrations and post_migrate make, by natural keys (ids may differ: the
# suite's PostgreSQL sequences move on after each flush).
ROWS = {
    "regions": """SELECT r.code, r.path, r.name, r.level, p.code FROM gugustugas_region r
        LEFT JOIN gugustugas_region p ON p.id = r.parent_id""",
    "task forces": """SELECT r.code, t.formation_status, t.decree_number, t.decree_date,
        t.decree_signed_by, t.address, t.phone, t.email, t.website, t.version
        FROM gugustugas_taskforce t JOIN gugustugas_region r ON r.id = t.region_id""",
    "sub-task-forces": """SELECT r.code, s.kind, s.custom_name, s.coordinating_agency,
        s."order", s.version FROM gugustugas_subtaskforce s
        JOIN gugustugas_taskforce t ON t.id = s.task_force_id
        JOIN gugustugas_region r ON r.id = t.region_id""",
    "content types": "SELECT app_label, model FROM django_content_type",
    "permissions": """SELECT c.app_label, p.codename, p.name FROM auth_permission p
        JOIN django_content_type c ON c.id = p.content_type_id""",
    "queued tasks": "SELECT task_path, status FROM django_tasks_database_dbtaskresult",
}


# Django's own difference, not ours: on PostgreSQL its auth migrations make the ids of
# the auto-created many-to-many tables bigint (the project's DEFAULT_AUTO_FIELD), the
# models integer (the auth app's).
ID_TYPE_MAY_DIFFER = {"auth_group_permissions", "auth_user_groups", "auth_user_user_permissions"}


def schema(wrapper) -> dict:
    """Tables -> columns (type, null, default) and constraints (by what they constrain:
    SQLite names its inline ones by position, and a migration rebuilds a table in another
    column order than the models' CREATE TABLE)."""
    introspection = wrapper.introspection
    described = {}
    with wrapper.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            if table == "django_migrations":
                continue
            columns = {
                column.name: (str(column.type_code), column.null_ok, column.default)
                for column in introspection.get_table_description(cursor, table)
            }
            if table in ID_TYPE_MAY_DIFFER:
                columns["id"] = columns["id"][1:]
            constraints = sorted(
                repr(
                    (
                        tuple(found["columns"] or ()),
                        bool(found["primary_key"]),
                        bool(found["unique"]),
                        tuple(found["foreign_key"] or ()),
                        bool(found["check"]),
                        bool(found["index"]),
                    )
                )
                for found in introspection.get_constraints(cursor, table).values()
            )
            described[table] = {"columns": columns, "constraints": constraints}
    return described


def rows(wrapper) -> dict[str, list]:
    with wrapper.cursor() as cursor:
        result = {}
        for name, query in ROWS.items():
            cursor.execute(query)
            result[name] = sorted(cursor.fetchall(), key=repr)
    return result


@pytest.fixture
def migrated(migrated_database):
    """A database that ``manage.py migrate`` made (``tests/conftest.py``), as a connection
    of its own."""
    with connection_to(migrated_database, "migrated") as wrapper:
        yield wrapper


@pytest.mark.django_db
def test_the_migrations_make_the_schema_and_rows_the_models_make(migrated):
    assert schema(migrated) == schema(connection)
    made = rows(migrated)
    assert len(made["regions"]) == len(made["task forces"]) == 553
    assert rows(connection) == made
