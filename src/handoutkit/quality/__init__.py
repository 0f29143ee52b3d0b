"""quality: see the README, 'How it works'."""
