"""Record models, SQL tables and controlled vocabularies of delib."""
