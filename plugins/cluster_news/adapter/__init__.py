"""The thin MkDocs adapter: hooks that feed MkDocs and Material from the engine-independent core."""
