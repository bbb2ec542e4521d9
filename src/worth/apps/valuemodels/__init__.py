"""Value models in the web app: the same YAML/JSON file the command line reads, kept per project."""
