"""``python -m masa_playbook``."""

from masa_playbook.cli import run

run()
