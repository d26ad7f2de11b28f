"""cluster-news: multilingual news, events and projects for health-cluster networks.

`core` and `render` know nothing about MkDocs; `adapter` is the thin MkDocs plugin.
"""
