"""delib pipeline: read documents, extract deliberations, load them into SQL, check them."""
