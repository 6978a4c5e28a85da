"""Small processing stages; ``ingest.pipeline.process_document`` is the recipe that runs them."""
