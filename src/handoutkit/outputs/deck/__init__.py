"""deck: see the README, 'How it works'."""
