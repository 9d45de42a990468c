"""Base models: the catalogue (generated from the server's), the CPU presets built from configs, and loading."""
