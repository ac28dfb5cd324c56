"""Work handed to Celery after a commit, kept in the database until the broker takes it."""
