"""Git: the only package that runs git, and what its history says about each file."""
