"""``python -m masa_playbook``."""

import sys

from masa_playbook.cli import main

sys.exit(main())
