"""Test databases cloned from a migrated template instead of running every migration each time.

The template's name carries a hash of every migration file the project loads (its own apps'
and the installed packages'), so it always equals what a fresh `migrate` builds: a changed,
added or upgraded migration means a new hash, and the first run after it migrates from scratch
and publishes the result as the new template (older ones are dropped). PostgreSQL clones with
`CREATE DATABASE ... TEMPLATE`, SQLite by copying a file kept in the temporary folder. xdist
workers share one template; a lock file makes the first worker build it while the others wait,
then clone it.
"""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

SUPPORTED_VENDORS = {"postgresql", "sqlite"}


def migrations_hash():
    """A hash of every migration file on disk, the database engine and Django's version."""
    import django
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256(django.get_version().encode())
    for key in sorted(loader.disk_migrations):
        migration = loader.disk_migrations[key]
        digest.update(repr(key).encode())
        digest.update(Path(sys.modules[migration.__module__].__file__).read_bytes())
    return digest.hexdigest()[:12]


class DatabaseTemplate:
    """The template of one database alias's test database, and cloning from it."""

    def __init__(self, alias, fingerprint):
        self.connection = connections[alias]
        self.vendor = self.connection.vendor
        self.test_name = self.connection.creation._get_test_db_name()
        # Shared by every xdist worker: named after the test database without its "_gwN".
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        base = self.test_name.removesuffix(f"_{worker}") if worker else self.test_name
        if self.vendor == "postgresql":
            self.prefix = f"{base}_template_"
        else:  # in the temporary folder, not the checkout; named after the test file's path
            checkout = hashlib.sha256(str(Path(base).resolve()).encode()).hexdigest()[:8]
            self.prefix = str(Path(tempfile.gettempdir()) / f"test-db-template-{checkout}-")
        self.name = f"{self.prefix}{fingerprint}"

    @contextmanager
    def lock(self):
        """Held while the template is checked, built and cloned, so one worker builds it."""
        digest = hashlib.sha256(self.name.encode()).hexdigest()[:16]
        path = Path(tempfile.gettempdir()) / f"test-database-template-{digest}.lock"
        with path.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # Both engines: exists / clone / publish.

    def exists(self):
        if self.vendor == "sqlite":
            return Path(self.name).is_file()
        return self._database_exists(self.name)

    def test_database_exists(self):
        if self.vendor == "sqlite":
            return Path(self.test_name).is_file()
        return self._database_exists(self.test_name)

    def clone(self):
        """Replace the test database with a copy of the template."""
        self.connection.close()
        if self.vendor == "sqlite":
            partial = f"{self.test_name}.partial"
            shutil.copyfile(self.name, partial)
            os.replace(partial, self.test_name)
            return
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {self._quote(self.test_name)} WITH (FORCE)")
            cursor.execute(
                f"CREATE DATABASE {self._quote(self.test_name)} TEMPLATE {self._quote(self.name)}"
            )

    def publish(self):
        """Copy the just-migrated test database as the template; drop older templates."""
        self.connection.close()
        if self.vendor == "sqlite":
            self._publish_sqlite()
        else:
            self._publish_postgresql()

    def _publish_sqlite(self):
        for stale in Path(self.name).parent.glob(f"{Path(self.prefix).name}*"):
            stale.unlink()
        partial = f"{self.name}.partial"
        source, target = sqlite3.connect(self.test_name), sqlite3.connect(partial)
        try:
            source.backup(target)  # consistent even if the file is open elsewhere
        finally:
            source.close()
            target.close()
        os.replace(partial, self.name)

    def _publish_postgresql(self):
        partial = f"{self.name}_partial"
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [self.prefix]
            )
            for (stale,) in cursor.fetchall():
                cursor.execute(f"ALTER DATABASE {self._quote(stale)} IS_TEMPLATE false")
                cursor.execute(f"DROP DATABASE {self._quote(stale)} WITH (FORCE)")
            cursor.execute(
                f"CREATE DATABASE {self._quote(partial)} TEMPLATE {self._quote(self.test_name)}"
            )
            # Renamed only when complete, so a run stopped mid-copy never leaves a half template.
            cursor.execute(
                f"ALTER DATABASE {self._quote(partial)} RENAME TO {self._quote(self.name)}"
            )
            cursor.execute(f"ALTER DATABASE {self._quote(self.name)} IS_TEMPLATE true")

    def _database_exists(self, name):
        with self.connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    def _quote(self, name):
        return self.connection.ops.quote_name(name)


def templates_for(aliases):
    """A template per alias whose engine can be cloned; None when any alias cannot."""
    fingerprint = None
    templates = []
    for alias in aliases:
        connection = connections[alias]
        if connection.vendor not in SUPPORTED_VENDORS:
            return None
        if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
            connection.creation._get_test_db_name()
        ):
            return None
        fingerprint = fingerprint or migrations_hash()
        templates.append(DatabaseTemplate(alias, fingerprint))
    return templates


def enabled():
    return os.environ.get("TEST_DATABASE_TEMPLATE", "on").lower() not in {"0", "off", "false"}
