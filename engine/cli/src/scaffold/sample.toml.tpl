# Sample data for the `{{name}}` section. Copy it into the project
# (for example to `sections/data/{{name}}.toml`) and name it in the manifest.
title = "{{title}}"
summary = """
A short introduction to this section. It is **Markdown**: emphasis, links
and lists all work.
"""

[[items]]
name = "First item"
detail = "What the first item is about."

[[items]]
name = "Second item"
detail = "What the second item is about, with *emphasis*."
