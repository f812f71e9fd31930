"""Built-in nutrition (a plugin like any other)."""
