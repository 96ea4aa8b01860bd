"""MaSa Playbook: campaign plans and retros as code, checked and published.

The core (loading, checking, computing, rendering) is plain Python with no
MkDocs import; ``hooks/`` adapts it to MkDocs and ``masa`` to the terminal.
"""

__version__ = "0.1.0"
