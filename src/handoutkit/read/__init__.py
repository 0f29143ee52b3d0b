"""read: see the README, 'How it works'."""
