"""``python -m handoutkit.cli``: the ``handoutkit`` command."""

import sys

from . import main

sys.exit(main())
