"""execute: see the README, 'How it works'."""
