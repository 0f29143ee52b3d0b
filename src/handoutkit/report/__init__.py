"""report: see the README, 'How it works'."""
