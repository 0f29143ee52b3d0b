"""outputs: see the README, 'How it works'."""
