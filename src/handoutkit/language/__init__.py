"""language: see the README, 'How it works'."""
