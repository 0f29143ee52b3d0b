"""build: see the README, 'How it works'."""
