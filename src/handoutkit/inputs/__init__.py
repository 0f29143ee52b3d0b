"""Reading untrusted inputs: bounded, decoded and checked before anything parses them.

Every file a clinic supplies (documents, brand and settings files, pictures,
fonts, PowerPoint templates, template overrides) goes through these modules:
sizes are checked before reading, text is decoded with a message for every
way people save it, YAML is parsed without aliases or duplicate keys, and
binary formats are verified before a renderer sees them.
"""
