"""Renderers: models in, bytes out. None of them touches the filesystem."""
