"""Pure domain vocabulary: enums and dataclasses, no I/O."""
