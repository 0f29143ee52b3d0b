"""handout: see the README, 'How it works'."""
