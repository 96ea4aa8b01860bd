"""Site engine adapters: how each engine gets the generator's pages and files."""
