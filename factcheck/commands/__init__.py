"""One module per CLI command (or family of commands); each keeps heavy imports lazy."""
