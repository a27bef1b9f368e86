"""``python -m course.cli``: the ``bonecourse`` command without its script."""

import sys

from course.cli import main

sys.exit(main())
