"""Reference data shipped with the package: the Ibama waste-code table and emission factors."""
