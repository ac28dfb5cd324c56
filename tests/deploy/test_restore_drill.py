"""The restore drill of docs/deployment.md, on a copy: pg_dump a small database in the custom
format, pg_restore it into a new one, and check every table's rows came back.

Runs only with DATABASE_URL on PostgreSQL and pg_dump/pg_restore on the PATH."""

import os
import shutil
import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest

DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs DATABASE_URL on PostgreSQL",
    ),
    pytest.mark.skipif(not shutil.which("pg_restore"), reason="needs pg_dump and pg_restore"),
]


def url_for(name):
    return urlunsplit(urlsplit(DATABASE_URL)._replace(path=f"/{name}"))


def connect(name):
    import psycopg

    return psycopg.connect(url_for(name), autocommit=True)


def drill_names():
    base = urlsplit(DATABASE_URL).path.lstrip("/") + "_smoke"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    suffix = f"_{worker}" if worker else ""
    return f"{base}_source{suffix}", f"{base}_restored{suffix}"


def table_rows(name):
    with connect(name) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in tables
        }


@pytest.fixture
def databases():
    source, restored = drill_names()
    with connect("postgres") as admin:
        for name in (source, restored):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{source}"')
    try:
        yield source, restored
    finally:
        with connect("postgres") as admin:
            for name in (source, restored):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pg_dump_then_pg_restore_into_a_new_database_gives_the_same_rows(databases, tmp_path):
    source, restored = databases
    with connect(source) as connection:
        connection.execute(
            "CREATE TABLE venue (id serial PRIMARY KEY, name text NOT NULL, price numeric(10,2))"
        )
        connection.execute(
            "CREATE TABLE booking (id bigserial PRIMARY KEY,"
            " venue_id int REFERENCES venue(id), starts timestamptz, note text)"
        )
        connection.execute(
            "INSERT INTO venue (name, price) VALUES ('Harbour Spa', 45.50), ('Café Été', 12.00)"
        )
        connection.execute(
            "INSERT INTO booking (venue_id, starts, note) "
            "SELECT 1 + i % 2, now() + i * interval '1 hour', 'note ' || i "
            "FROM generate_series(1, 250) AS i"
        )
    dump = tmp_path / "site.dump"
    # The commands docs/deployment.md gives, against these copies.
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", url_for(source)],
        check=True,
        timeout=120,
    )
    with connect("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url_for(restored)}", str(dump)],
        check=True,
        timeout=120,
    )
    original, copy = table_rows(source), table_rows(restored)
    assert set(copy) == {"venue", "booking"}
    assert len(copy["booking"]) == 250
    assert copy == original
    with connect(restored) as connection:  # sequences carry on past the restored rows
        new_id = connection.execute(
            "INSERT INTO venue (name) VALUES ('New') RETURNING id"
        ).fetchone()[0]
    assert new_id == 3
