"""Bundled question banks (YAML) and the profile texts they were generated from."""
