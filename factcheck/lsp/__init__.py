"""``factcheck lsp``: a Language Server (https://microsoft.github.io/language-server-protocol/)
for Turtle fact files.

- ``positions``: where things are in a document's text: the token under the cursor, the
  document's prefixes, the range of a finding, prefixed names for IRIs. No LSP types.
- ``features``: what the server answers (diagnostics, hover, definition, completion, quick
  fixes) as plain data computed from the text and a ``factcheck.workspace.Workspace``.
- ``server``: the pygls wiring: LSP messages in, ``features`` called, LSP types out.

Positions inside this package are 0-based lines and code-point columns; the server converts
them to the client's position encoding (UTF-16 by default) at the boundary.
"""
