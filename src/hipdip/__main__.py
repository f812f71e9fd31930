"""``python -m hipdip``: the same as the ``hipdip`` command."""

import sys

from hipdip.cli import main

if __name__ == "__main__":
    sys.exit(main())
