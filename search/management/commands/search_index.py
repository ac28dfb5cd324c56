"""manage.py search_index rebuild|update|status"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.documents import registry
from search.engines import get_engine
from search.indexing import all_documents, reconcile


class Command(BaseCommand):
    help = (
        "rebuild: build a fresh index of every indexable object and swap it in at once. "
        "update: index what is missing or stale and remove orphans, in place. "
        "status: documents per kind in the database and in the index."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status"])
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, action, batch_size, verbosity, **options):
        self.engine = get_engine()
        self.quiet = verbosity == 0
        getattr(self, action)(batch_size)

    def expected_counts(self):
        return {definition.kind: definition.count() for definition in registry}

    def rebuild(self, batch_size):
        total = sum(self.expected_counts().values())
        with tqdm(total=total, unit="doc", desc="Indexing", disable=self.quiet) as bar:

            def batches():
                for documents in all_documents(batch_size=batch_size):
                    yield documents
                    bar.update(len(documents))

            indexed = self.engine.rebuild(batches())
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the {self.engine.name} index: {indexed} documents.")
        )

    def update(self, batch_size):
        total = sum(self.expected_counts().values())
        with tqdm(total=total, unit="doc", desc="Checking", disable=self.quiet) as bar:
            report = reconcile(self.engine, progress=bar.update)
        for kind, found in report.items():
            summary = ", ".join(f"{count} {what}" for what, count in found.items())
            self.stdout.write(f"{kind}: {summary}")
        self.stdout.write(self.style.SUCCESS("Index updated."))

    def status(self, batch_size):
        stored = self.engine.counts()
        self.stdout.write(f"Engine: {self.engine.name}")
        self.stdout.write(f"{'kind':<12}{'database':>10}{'index':>10}")
        for kind, expected in self.expected_counts().items():
            marker = "" if stored.get(kind, 0) == expected else "  (run: search_index update)"
            self.stdout.write(f"{kind:<12}{expected:>10}{stored.get(kind, 0):>10}{marker}")
