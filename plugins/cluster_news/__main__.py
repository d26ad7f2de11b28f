"""`python -m cluster_news check` — the same as the `cluster-news` command, where no script is on the PATH
(e.g. Windows without make)."""

import sys

from .cli import main

sys.exit(main())
