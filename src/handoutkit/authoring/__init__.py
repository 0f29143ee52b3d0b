"""Authoring: getting a clinic's text into the content folder and signing it off.

`importer` turns a Word document, a plain-text file or Markdown into a procedure document,
proving every sentence came through; `approve` records who approved which exact text;
`project` starts a new project folder.
"""
