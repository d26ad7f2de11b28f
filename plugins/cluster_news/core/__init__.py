"""The engine-independent core: content model, validation, catalog and URLs."""
