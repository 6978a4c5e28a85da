from tests.ingest.conftest import good_files, sample_dir  # noqa: F401  (shared session fixtures)
